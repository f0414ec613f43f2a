import Foundation
import ReluNetwork

/// A PyTorch weights file (`torch.save(model.state_dict(), "m.pt")`; `.pt`,
/// `.pth`, `pytorch_model.bin`), read without PyTorch and without running
/// anything in it:
///
/// * the zip format (torch ≥ 1.6): `<name>/data.pkl` (the pickled state dict),
///   `<name>/data/<key>` (each storage's raw bytes), `<name>/byteorder`
///   (`little`, or `big`: then every storage is big-endian), read with the
///   ZIP reader of `.npz` and its limits;
/// * the legacy format (`_use_new_zipfile_serialization=False`): the pickles
///   of the magic number, the protocol version, the system info, the object
///   and the storage keys, then each storage as an 8-byte element count and
///   its bytes.
///
/// The pickle is run by `PickleMachine`, which builds only dicts, plain
/// values and tensor views and refuses every other global by name; tensors
/// are named by their keys (nested dicts joined by dots) and read only when
/// chosen, honouring storage offset, size and stride.
struct TorchArchive: TensorArchive {
    let file: String
    let catalogue: [(name: String, shape: [Int])]
    let views: [String: TorchTensorView]
    let storages: [TorchStorage]
    /// Each storage's bytes, by storage index: a zip entry, or a range of the legacy file.
    let source: Source
    let bigEndian: Bool
    let fileBacked: Bool

    enum Source {
        case zip(ZipArchive, entries: [ZipArchive.Entry])
        case legacy(Data, ranges: [Range<Int>])
    }

    /// Largest pickle read (a state dict of thousands of tensors pickles to a few MB).
    static let maximumPickleBytes = 64 << 20

    /// How to turn a file torch can load but relutopo cannot read into one it can.
    static let conversion = "python -c \"import torch, safetensors.torch as s; s.save_file(torch.load('m.pt', weights_only=True), 'm.safetensors')\""

    /// The `<name>/data.pkl` entry of a torch zip archive, or nil (then the zip is no torch file).
    static func pickleEntry(in archive: ZipArchive) -> ZipArchive.Entry? {
        archive.entries.first { entry in
            let parts = entry.name.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[1] == "data.pkl"
        }
    }

    /// Whether `head` (a file's first bytes) is the pickled magic number of the legacy format.
    static func isLegacy(_ head: some Collection<UInt8>) -> Bool {
        let bytes = Array(head.prefix(15))
        return bytes.count == 15 && bytes[0] == 0x80 && bytes[2] == 0x8A && bytes[3] == 0x0A
            && Array(bytes[4..<14]) == legacyMagic && bytes[14] == 0x2E
    }

    /// `0x1950a86a20f9469cfc6c` (torch's `MAGIC_NUMBER`), little-endian.
    static let legacyMagic: [UInt8] = [0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]

    init(path: String) throws(ModelInputError) {
        try self.init(data: try RegularFile.map(path), file: path, fileBacked: true)
    }

    /// A torch file in memory: the zip format or the legacy one; anything else is refused.
    init(data: Data, file path: String, fileBacked: Bool = false) throws(ModelInputError) {
        if TorchArchive.isLegacy(data.prefix(15)) {
            try self.init(legacy: data, file: path, fileBacked: fileBacked)
            return
        }
        guard data.starts(with: [0x50, 0x4B]) else {
            throw ModelInputError(file: path, reason: "not a PyTorch file relutopo reads (neither a zip archive holding data.pkl nor the legacy format); if torch loads it, convert it: \(TorchArchive.conversion)")
        }
        try self.init(zip: try ZipArchive(data: data, file: path, fileBacked: fileBacked), fileBacked: fileBacked)
    }

    /// The zip format: `<name>/data.pkl` and its storages `<name>/data/<key>`.
    init(zip archive: ZipArchive, fileBacked: Bool) throws(ModelInputError) {
        let path = archive.file
        let pickles = archive.entries.filter { entry in
            let parts = entry.name.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[1] == "data.pkl"
        }
        guard let pickle = pickles.first else {
            throw ModelInputError(file: path, reason: "a zip archive without <name>/data.pkl: not a file written by torch.save")
        }
        guard pickles.count == 1 else { throw ModelInputError(file: path, reason: "\(pickles.count) data.pkl records (\(pickles.map(\.name).prefix(3).joined(separator: ", "))); a torch.save archive has one") }
        let prefix = String(pickle.name.dropLast("data.pkl".count))
        var byName: [String: ZipArchive.Entry] = [:]
        for entry in archive.entries where entry.name.hasPrefix(prefix) { byName[entry.name] = entry }
        var bigEndian = false
        if let order = byName[prefix + "byteorder"] {
            guard order.uncompressedSize <= 16 else { throw ModelInputError(file: path, reason: "\(order.name) holds \(order.uncompressedSize) bytes, expected 'little' or 'big'") }
            switch String(decoding: try archive.contents(of: order), as: UTF8.self) {
            case "little": bigEndian = false
            case "big": bigEndian = true
            case let other: throw ModelInputError(file: path, reason: "\(order.name) says '\(other)', expected 'little' or 'big'")
            }
        }
        guard pickle.uncompressedSize <= TorchArchive.maximumPickleBytes else {
            throw ModelInputError(file: path, reason: "data.pkl holds \(pickle.uncompressedSize) bytes (at most \(TorchArchive.maximumPickleBytes))")
        }
        let pickleBytes = try archive.contents(of: pickle)
        var machine = PickleMachine(file: path, part: "data.pkl", legacy: false)
        let ran: Result<(value: PickleValue, end: Int), ModelInputError> = pickleBytes.withUnsafeBytes { bytes in
            Result { () throws(ModelInputError) -> (value: PickleValue, end: Int) in try machine.run(bytes, from: 0) }
        }
        let (value, end) = try ran.get()
        guard end == pickleBytes.count else {
            throw ModelInputError(file: path, reason: "data.pkl, byte \(end): \(pickleBytes.count - end) bytes after STOP")
        }
        var entries: [ZipArchive.Entry] = []
        for storage in machine.storages {
            guard let entry = byName[prefix + "data/" + storage.key] else {
                throw ModelInputError(file: path, reason: "storage \(storage.key) named in data.pkl has no record \(prefix)data/\(storage.key)")
            }
            guard entry.uncompressedSize == storage.byteCount else {
                throw ModelInputError(file: path, reason: "storage \(storage.key): data.pkl says \(storage.count) elements (\(storage.byteCount) bytes), \(entry.name) holds \(entry.uncompressedSize) bytes")
            }
            entries.append(entry)
        }
        try self.init(file: path, machine: machine, value: value, part: "data.pkl", source: .zip(archive, entries: entries),
                      bigEndian: bigEndian, fileBacked: fileBacked)
    }

    /// The legacy format: five pickles, then the storages in the order of the keys pickle.
    init(legacy data: Data, file path: String, fileBacked: Bool) throws(ModelInputError) {
        var machine = PickleMachine(file: path, part: "the pickle", legacy: true)
        typealias Parsed = (value: PickleValue, bigEndian: Bool, ranges: [Range<Int>])
        let parsed: Result<Parsed, ModelInputError> = data.withUnsafeBytes { bytes in
            Result { () throws(ModelInputError) -> Parsed in
                func fail(_ reason: String, at offset: Int) -> ModelInputError { ModelInputError(file: path, reason: "legacy torch file, byte \(offset): \(reason)") }
                var cursor = 15  // past the magic number's pickle
                let version = try machine.run(bytes, from: cursor)
                guard version.value == .int(1001) else { throw fail("protocol version is not 1001", at: cursor) }
                cursor = version.end
                let info = try machine.run(bytes, from: cursor)
                var bigEndian = false
                if case .object(let index) = info.value, case .dict(let pairs)? = machine.object(index) {
                    for (key, value) in pairs where key == .string("little_endian") {
                        guard case .bool(let little) = value else { throw fail("little_endian is \(value.kind)", at: cursor) }
                        bigEndian = !little
                    }
                } else {
                    throw fail("the system info is \(info.value.kind), expected a dict", at: cursor)
                }
                cursor = info.end
                let object = try machine.run(bytes, from: cursor)
                cursor = object.end
                let keys = try machine.run(bytes, from: cursor)
                guard case .object(let keysIndex) = keys.value, case .list(let keyValues)? = machine.object(keysIndex) else {
                    throw fail("the storage keys are \(keys.value.kind), expected a list", at: cursor)
                }
                cursor = keys.end
                var positions: [String: Int] = [:]
                for (index, storage) in machine.storages.enumerated() { positions[storage.key] = index }
                var ranges = [Range<Int>?](repeating: nil, count: machine.storages.count)
                for keyValue in keyValues {
                    guard case .string(let key) = keyValue else { throw fail("the storage keys list holds \(keyValue.kind)", at: cursor) }
                    guard let index = positions[key] else { throw fail("the storage keys list names \(key), which the pickle never uses", at: cursor) }
                    let storage = machine.storages[index]
                    guard ranges[index] == nil else { throw fail("storage \(key) is listed twice", at: cursor) }
                    guard cursor <= bytes.count - 8 else { throw fail("storage \(key): the file ends before its size (truncated?)", at: cursor) }
                    let raw = bytes.loadUnaligned(fromByteOffset: cursor, as: UInt64.self)
                    let count = bigEndian ? UInt64(bigEndian: raw) : UInt64(littleEndian: raw)
                    guard count == UInt64(storage.count) else {
                        throw fail("storage \(key) records \(count) elements, the pickle says \(storage.count)", at: cursor)
                    }
                    cursor += 8
                    guard storage.byteCount <= bytes.count - cursor else {
                        throw fail("storage \(key): its \(storage.byteCount) bytes run past the end of the file (truncated?)", at: cursor)
                    }
                    ranges[index] = cursor..<(cursor + storage.byteCount)
                    cursor += storage.byteCount
                }
                var found: [Range<Int>] = []
                for (index, range) in ranges.enumerated() {
                    guard let range else { throw fail("storage \(machine.storages[index].key) has no data (missing from the keys list)", at: cursor) }
                    found.append(range)
                }
                return (object.value, bigEndian, found)
            }
        }
        let (value, bigEndian, ranges) = try parsed.get()
        try self.init(file: path, machine: machine, value: value, part: "the pickle", source: .legacy(data, ranges: ranges),
                      bigEndian: bigEndian, fileBacked: fileBacked)
    }

    private init(file: String, machine: PickleMachine, value: PickleValue, part: String, source: Source, bigEndian: Bool, fileBacked: Bool) throws(ModelInputError) {
        let named = try TorchStateDict.tensors(of: value, in: machine, file: file, part: part)
        var views: [String: TorchTensorView] = [:]
        for (name, view) in named { views[name] = machine.tensors[view] }
        self.file = file
        self.catalogue = named.map { ($0.name, machine.tensors[$0.view].shape) }
        self.views = views
        self.storages = machine.storages
        self.source = source
        self.bigEndian = bigEndian
        self.fileBacked = fileBacked
    }

    func tensor(named name: String) throws(ModelInputError) -> Tensor {
        guard let view = views[name] else { throw ModelInputError(file: file, tensor: name, reason: "no tensor named \(name)") }
        let bytes: Data
        let mapped: Bool
        switch source {
        case .zip(let archive, let entries):
            let entry = entries[view.storage]
            bytes = try archive.contents(of: entry)
            mapped = fileBacked && entry.method == 0
        case .legacy(let data, let ranges):
            let range = ranges[view.storage]
            bytes = data[(data.startIndex + range.lowerBound)..<(data.startIndex + range.upperBound)]
            mapped = fileBacked
        }
        return try view.tensor(name: name, storage: bytes, bigEndian: bigEndian, fileBacked: mapped, file: file)
    }
}
