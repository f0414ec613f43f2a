import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ModelIO
import ReluNetwork

/// The inits of `flow --batch DIR` (issue 17): every file directly inside DIR
/// whose name ends in a model extension (any case), dotfiles skipped, in
/// natural order of the names. Other files (notes, the data CSV) are skipped;
/// a subdirectory is refused, so no `.npy`-directory model is left out
/// silently and nothing below DIR is ever walked (no link loop can be followed).
struct FlowBatchInits {
    /// One init: its name inside DIR (the `"init"` of its line) and its path.
    struct Entry: Sendable, Equatable {
        let name: String
        let path: String
    }

    /// The extensions of the model files a batch runs.
    static let extensions = [".json", ".npz", ".safetensors", ".pt", ".pth"]
    /// At most this many inits in one batch (a sweep's cell cap).
    static let maximumCount = 1 << 20

    static var extensionList: String { extensions.joined(separator: ", ") }

    /// The inits of `directory` in natural order.
    /// - Throws: `ModelInputError` naming DIR (missing, not a directory,
    ///   unreadable, no model file) or the entry (a subdirectory, a model name
    ///   that cannot be looked up: a dangling link, a link loop).
    static func list(_ directory: String) throws(ModelInputError) -> [Entry] {
        var status = stat()
        guard stat(directory, &status) == 0 else {
            let code = errno
            throw ModelInputError(file: directory, reason: code == ENOENT ? "no such directory" : "cannot open the directory: \(String(cString: strerror(code)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            throw ModelInputError(file: directory, reason: "not a directory: --batch takes a directory of model files (\(extensionList))")
        }
        let names = try entryNames(directory)
        var entries: [Entry] = []
        for name in names where !name.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let isModel = extensions.contains { name.lowercased().hasSuffix($0) }
            var entryStatus = stat()
            guard stat(path, &entryStatus) == 0 else {
                guard isModel else { continue }
                throw ModelInputError(file: path, reason: "cannot open: \(String(cString: strerror(errno)))")
            }
            if (entryStatus.st_mode & S_IFMT) == S_IFDIR {
                throw ModelInputError(file: path, reason: "a subdirectory: --batch runs the model files directly inside \(directory) (\(extensionList)) and reads no subdirectory (save an .npy-directory model as .npz)")
            }
            if isModel { entries.append(Entry(name: name, path: path)) }
        }
        guard !entries.isEmpty else {
            throw ModelInputError(file: directory, reason: "no model file (\(extensionList)) directly inside")
        }
        guard entries.count <= maximumCount else {
            throw ModelInputError(file: directory, reason: "\(entries.count) model files; a batch runs at most \(maximumCount)")
        }
        return entries.sorted { naturalOrder($0.name, $1.name) }
    }

    /// Whether a file written at `path` would sit directly inside `directory`
    /// under a model name, so the next batch over `directory` would take it for an init.
    static func wouldBeAnInit(_ path: String, in directory: String) -> Bool {
        guard let target = ResolvedPath.prospective(path), let folder = ResolvedPath.existing(directory) else { return false }
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        guard target.hasPrefix(prefix) else { return false }
        let name = String(target.dropFirst(prefix.count))
        return !name.contains("/") && !name.hasPrefix(".") && extensions.contains { name.lowercased().hasSuffix($0) }
    }

    /// The names in `directory` (without `.` and `..`), in the order the file system gives them.
    private static func entryNames(_ directory: String) throws(ModelInputError) -> [String] {
        guard let stream = opendir(directory) else {
            throw ModelInputError(file: directory, reason: "cannot read the directory: \(String(cString: strerror(errno)))")
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Natural order: runs of ASCII digits compare as numbers (`init-2` before
    /// `init-10`), everything else byte by byte (UTF-8); names equal under
    /// that rule (`a1`, `a01`) fall back to plain byte order, so the order is total.
    static func naturalOrder(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var i = 0, j = 0
        while i < x.count && j < y.count {
            if isDigit(x[i]) && isDigit(y[j]) {
                let (endX, endY) = (digitRunEnd(x, i), digitRunEnd(y, j))
                let numberX = x[i..<endX].drop { $0 == UInt8(ascii: "0") }, numberY = y[j..<endY].drop { $0 == UInt8(ascii: "0") }
                if numberX.count != numberY.count { return numberX.count < numberY.count }
                if !numberX.elementsEqual(numberY) { return numberX.lexicographicallyPrecedes(numberY) }
                (i, j) = (endX, endY)
            } else {
                if x[i] != y[j] { return x[i] < y[j] }
                i += 1
                j += 1
            }
        }
        // One name is exhausted: it comes first. Both (equal under the rule): plain bytes decide.
        let (restX, restY) = (x.count - i, y.count - j)
        if restX != restY { return restX < restY }
        return x.lexicographicallyPrecedes(y)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func digitRunEnd(_ bytes: [UInt8], _ start: Int) -> Int {
        var end = start
        while end < bytes.count && isDigit(bytes[end]) { end += 1 }
        return end
    }
}
