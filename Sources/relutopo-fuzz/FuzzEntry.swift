import Foundation
import InitSweeps
import InvariantTopology
import ModelIO
import ReluNetwork

/// Fuzzing entry point for relutopo's readers (issue 7).
///
/// Built with libFuzzer by `scripts/fuzz FORMAT SECONDS` (`-sanitize=fuzzer,address
/// -DFUZZING`): each input is read as FORMAT (`npy`, `npz`, `safetensors`, `json`,
/// `pt` (PyTorch zip or legacy file) models; `pkl` a torch `data.pkl` alone,
/// wrapped in a torch zip with its storages so that mutations reach the
/// unpickler instead of failing a CRC; `csv` data sets, every column parsed
/// exactly; `spec` sweep files, JSON or YAML, turned into a validated sweep)
/// and, if it is a model, its invariants and topology are computed, so the
/// packed-array and exact paths run too. A reader may accept or refuse an
/// input (ModelInputError); anything else — a trap, an overflow, an
/// out-of-bounds access — is a crash libFuzzer saves. Without `FUZZING` this is
/// a replay tool: `relutopo-fuzz FORMAT FILE…`.
enum FuzzTarget {
    /// The readers that are not a `ModelFormat` of their own.
    enum Other: String { case csv, spec, pkl }

    static func run(_ data: Data, other: Other) -> Bool {
        switch other {
        case .csv:
            do {
                let table = try CSVTable.parse(data, file: "fuzz-input")
                for column in table.header { _ = try table.exactColumn(column) }
                return true
            } catch {
                _ = error.description
                return false
            }
        case .pkl:
            do {
                let model = try ModelReader.read(torchPickle: data, file: "fuzz-input")
                _ = NetworkTopology(model: model).componentCount(.dynamical)
                return true
            } catch {
                _ = error.description
                return false
            }
        case .spec:
            do {
                let spec = try SweepParameters.parse([UInt8](data), file: "fuzz-input").spec(file: "fuzz-input")
                _ = spec.cellCount
                return true
            } catch {
                _ = error.description
                return false
            }
        }
    }

    static func format(_ name: String) -> ModelFormat? {
        switch name {
        case "npy": return .npyDirectory
        case "npz": return .npz
        case "safetensors": return .safetensors
        case "json": return .json
        case "pt": return .pytorch
        default: return nil
        }
    }

    /// Reads `data` as `format`; returns whether it was accepted.
    @discardableResult
    static func run(_ data: Data, format: ModelFormat) -> Bool {
        do {
            let model = try ModelReader.read(bytes: data, format: format, file: "fuzz-input")
            let topology = NetworkTopology(model: model)
            _ = topology.componentCount(.dynamical)
            _ = topology.label(.topological)
            return true
        } catch {
            _ = error.description
            return false
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let bytes else { return 0 }
    let name = ProcessInfo.processInfo.environment["RELUTOPO_FUZZ_FORMAT"] ?? ""
    if let other = FuzzTarget.Other(rawValue: name) {
        _ = FuzzTarget.run(Data(bytes: bytes, count: size), other: other)
    } else if let format = FuzzTarget.format(name) {
        FuzzTarget.run(Data(bytes: bytes, count: size), format: format)
    }
    return 0
}

/// libFuzzer's driver (in libclang_rt.fuzzer).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// SwiftPM links an executable's entry point under this name; hand over to libFuzzer.
@_cdecl("relutopo_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzerTestOneInput)
}
#else
@main
struct ReplayMain {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, FuzzTarget.format(name) != nil || FuzzTarget.Other(rawValue: name) != nil, arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: relutopo-fuzz npy|npz|safetensors|json|pt|pkl|csv|spec FILE…\n".utf8))
            exit(2)
        }
        for path in arguments.dropFirst() {
            let data = FileManager.default.contents(atPath: path) ?? Data()
            let accepted = FuzzTarget.Other(rawValue: name).map { FuzzTarget.run(data, other: $0) }
                ?? FuzzTarget.format(name).map { FuzzTarget.run(data, format: $0) } ?? false
            print("\(accepted ? "accepted" : "refused ")  \(path)")
        }
    }
}
#endif
