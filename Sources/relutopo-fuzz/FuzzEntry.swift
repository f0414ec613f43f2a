import Foundation
import InvariantTopology
import ReluNetwork

/// Fuzzing entry point for relutopo's readers (issue 7).
///
/// Built with libFuzzer by `scripts/fuzz FORMAT SECONDS` (`-sanitize=fuzzer,address
/// -DFUZZING`): each input is read as FORMAT (`npy`, `npz`, `safetensors`, `json`)
/// and, if it is a model, its invariants and topology are computed, so the
/// packed-array and exact paths run too. A reader may accept or refuse an
/// input (ModelInputError); anything else — a trap, an overflow, an
/// out-of-bounds access — is a crash libFuzzer saves. Without `FUZZING` this is
/// a replay tool: `relutopo-fuzz FORMAT FILE…`.
enum FuzzTarget {
    static func format(_ name: String) -> ModelFormat? {
        switch name {
        case "npy": return .npyDirectory
        case "npz": return .npz
        case "safetensors": return .safetensors
        case "json": return .json
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
    guard let bytes, let format = FuzzTarget.format(ProcessInfo.processInfo.environment["RELUTOPO_FUZZ_FORMAT"] ?? "") else { return 0 }
    FuzzTarget.run(Data(bytes: bytes, count: size), format: format)
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
        guard let name = arguments.first, let format = FuzzTarget.format(name), arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: relutopo-fuzz npy|npz|safetensors|json FILE…\n".utf8))
            exit(2)
        }
        for path in arguments.dropFirst() {
            let data = FileManager.default.contents(atPath: path) ?? Data()
            print("\(FuzzTarget.run(data, format: format) ? "accepted" : "refused ")  \(path)")
        }
    }
}
#endif
