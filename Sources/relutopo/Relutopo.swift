import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GradientFlow
import JSONDocument
import ModelIO
import ReluNetwork

/// The `relutopo` command: exact topology of gradient-flow invariant sets of
/// two-layer ReLU networks (SPEC §12 is the interface contract).
@main
struct Relutopo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relutopo",
        abstract: "Can gradient flow from this initialisation reach the optimum, or does topology block it?",
        discussion: """
            Gradient flow on a two-layer ReLU network conserves c_k = ‖a_k‖² − ‖v_k‖² for every \
            hidden neuron; relutopo computes these invariants exactly and the topology of the \
            set they confine training to.
            Exit status: 0 it ran; 1 an output could not be written (nothing was replaced); 2 usage error; 3 bad input (file, tensor and index named).
            """,
        version: "0.1.0",
        subcommands: [Analyze.self, Equiv.self, Obstruct.self, RepairCommand.self, FlowCommand.self, SweepCommand.self, TraceCommand.self, VerifyCommand.self, Demo.self])

    /// Runs the command with SPEC §12's exit statuses: 0 ran, 2 usage error,
    /// 3 bad input (one line naming file, tensor and index).
    static func main() {
        do {
            var command = try parseAsRoot()
            do {
                try command.run()
            } catch let error as ValidationError {
                // A flag found wrong once the command ran (a split that leaves no rows, an output onto an
                // input): one line, like every other error of a run; the root's usage line would mislead.
                Output.error("relutopo: error: \(error.message) (see --help)")
                Foundation.exit(2)
            }
        } catch let error as ModelInputError {
            Output.error("relutopo: error: \(error.description)")
            Foundation.exit(3)
        } catch let error as OutputError {
            Output.error("relutopo: error: \(error.description)")
            Foundation.exit(1)
        } catch let error as CVODEError {
            Output.error("relutopo: error: \(error.description)")
            Foundation.exit(1)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            if exitCode(for: error) == .success {
                Output.write(fullMessage(for: error) + "\n")
                Foundation.exit(0)
            }
            Output.error(fullMessage(for: error))
            Foundation.exit(2)
        }
    }
}

/// Writing to the standard streams in one piece.
enum Output {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { writeOut(UnsafeRawBufferPointer($0)) }
    }

    /// One JSON document and a newline (SPEC §12).
    static func write(json document: JSONValue) {
        document.stream { chunk in writeOut(chunk) }
    }

    /// A report (its `Encodable` properties as snake-case keys, in declaration
    /// order, `JSONValueEncoder`) as one JSON document.
    static func write(report: some Encodable) throws {
        write(json: try JSONValueEncoder().encode(report))
    }

    /// Every byte to standard output. A reader that stopped reading (`| head`:
    /// SIGPIPE ends the process as it ends any Unix tool, or EPIPE where the
    /// signal is ignored) is not an error; any other failure (a full disk under `> file`)
    /// means the output is incomplete: said on stderr, exit 1 (README's exit
    /// status), since a script must not take a cut document for the answer.
    private static func writeOut(_ chunk: UnsafeRawBufferPointer) {
        guard !FileWriting.writeAll(STDOUT_FILENO, chunk) else { return }
        let code = errno
        guard code != EPIPE else { return }
        error("relutopo: error: standard output: \(String(cString: strerror(code))); the output is incomplete")
        Foundation.exit(1)
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line.hasSuffix("\n") ? line : line + "\n").utf8))
    }
}
