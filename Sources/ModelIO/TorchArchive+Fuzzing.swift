import Foundation
import ReluNetwork

extension ModelReader {
    /// A torch file made around `pickle` (a `data.pkl`), every storage it names
    /// filled with the byte 0x3C (a finite number in every float format) to
    /// exactly the size it declares (storages over 1 MiB, past 16 MiB in all or
    /// past 4096 are left out, and so refused), then read as a model. The fuzzers' entry to the unpickler
    /// (`relutopo-fuzz pkl`): mutated zips fail their CRC before the pickle is
    /// run, mutated pickles reach every opcode.
    package static func read(torchPickle pickle: Data, file: String) throws(ModelInputError) -> ReluNetworkModel {
        var machine = PickleMachine(file: file, part: "data.pkl", legacy: false)
        let ran: Result<(value: PickleValue, end: Int), ModelInputError> = pickle.withUnsafeBytes { bytes in
            Result { () throws(ModelInputError) -> (value: PickleValue, end: Int) in try machine.run(bytes, from: 0) }
        }
        _ = try ran.get()
        var members: [(name: String, bytes: [UInt8])] = [("fuzz/data.pkl", [UInt8](pickle))]
        var seen: Set<String> = []
        var total = 0
        for storage in machine.storages where storage.byteCount <= 1 << 20 && total <= 1 << 24 && members.count < 4096 && seen.insert(storage.key).inserted {
            members.append(("fuzz/data/" + storage.key, [UInt8](repeating: 0x3C, count: storage.byteCount)))
            total += storage.byteCount
        }
        let zip = try ModelWriter.storedZip(members, file: file)
        return try read(bytes: Data(zip), format: .pytorch, file: file)
    }
}
