import Foundation
import ReluNetwork

/// NumPy's `.npz` (`np.savez`, `np.savez_compressed`): a ZIP archive of `.npy`
/// files, one per array, named `<key>.npy`. Stored entries are decoded in
/// place in the memory-mapped file; deflated ones are inflated (bounded).
struct NpzArchive: TensorArchive {
    let file: String
    let archive: ZipArchive
    let catalogue: [(name: String, shape: [Int])]
    /// Arrays of a dtype relutopo does not read (strings, objects), with the reason.
    let unsupported: [String: ModelInputError]
    let entries: [String: ZipArchive.Entry]

    /// Longest `.npy` header read to learn an entry's shape.
    static let headerPeek = 1 << 20

    /// Whether `data` is a file mapping (stored entries then release their pages after use).
    let fileBacked: Bool

    init(path: String) throws(ModelInputError) {
        try self.init(data: try RegularFile.map(path), file: path, fileBacked: true)
    }

    init(data: Data, file path: String, fileBacked: Bool = false) throws(ModelInputError) {
        try self.init(archive: try ZipArchive(data: data, file: path, fileBacked: fileBacked))
    }

    /// The arrays of a parsed ZIP archive.
    init(archive: ZipArchive) throws(ModelInputError) {
        let path = archive.file
        self.fileBacked = archive.fileBacked
        self.archive = archive
        file = path
        var catalogue: [(name: String, shape: [Int])] = []
        var entries: [String: ZipArchive.Entry] = [:]
        var unsupported: [String: ModelInputError] = [:]
        for entry in archive.entries {
            guard entry.name.hasSuffix(".npy") else { continue }   // np.savez writes only .npy members
            let name = String(entry.name.dropLast(4))
            guard entries[name] == nil && unsupported[name] == nil else { throw ModelInputError(file: path, tensor: name, reason: "two arrays named \(name)") }
            let prefix = try archive.prefix(of: entry, count: NpzArchive.headerPeek)
            let parsed: Result<NpyHeader, ModelInputError> = prefix.withUnsafeBytes { bytes in
                Result { () throws(ModelInputError) -> NpyHeader in
                    try NpyReader.parseHeader(bytes, file: path, name: name, totalSize: entry.uncompressedSize)
                }
            }
            switch parsed {
            case .success(let header):
                catalogue.append((name, header.shape))
                entries[name] = entry
            case .failure(let error) where error.reason.hasPrefix(NpyReader.unsupportedDtype):
                // Not a numeric array (a string, an object array): no tensor of the
                // model, unless a name asks for it, and then the reason is given.
                unsupported[name] = error
            case .failure(let error):
                throw error
            }
        }
        guard !catalogue.isEmpty else { throw ModelInputError(file: path, reason: "the archive holds no .npy arrays") }
        self.catalogue = catalogue
        self.entries = entries
        self.unsupported = unsupported
    }

    func tensor(named name: String) throws(ModelInputError) -> Tensor {
        if let error = unsupported[name] { throw error }
        guard let entry = entries[name] else { throw ModelInputError(file: file, tensor: name, reason: "no array named \(name)") }
        return try NpyReader.tensor(from: try archive.contents(of: entry), file: file, name: name, fileBacked: fileBacked && entry.method == 0)
    }
}
