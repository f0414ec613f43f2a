import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file as the kernel knows it (device and inode), so that two paths naming
/// the same file through `..`, symbolic links or hard links compare equal.
public struct FileIdentity: Hashable, Sendable {
    public let device: UInt64
    public let inode: UInt64

    /// The file `path` names, following symbolic links; nil when nothing is there.
    public init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }

    /// The file an open descriptor refers to.
    public init?(descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}

/// Path helpers that resolve what a path really names.
public enum ResolvedPath {
    /// The canonical absolute path of an existing file or directory (`realpath(3)`).
    public static func existing(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The canonical path `path` would have: its directory resolved, its last
    /// component kept as written (it may not exist yet, or be a link that a
    /// rename would replace). Nil when the directory does not exist.
    public static func prospective(_ path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        guard !name.isEmpty, name != ".", name != ".." else { return existing(path) }
        guard let directory = existing(url.deletingLastPathComponent().path) else { return nil }
        return directory == "/" ? "/" + name : directory + "/" + name
    }

    /// Whether `ancestor` is a proper ancestor directory of `path` (both canonical).
    public static func isAncestor(_ ancestor: String, of path: String) -> Bool {
        let prefix = ancestor.hasSuffix("/") ? ancestor : ancestor + "/"
        return path.hasPrefix(prefix) && path.count > prefix.count
    }
}

/// The files and directories one run reads. An output of the run may never
/// replace one of them, or be a directory that holds one (issue 12): whatever
/// the paths, `..`, symbolic links or hard links, a run never writes over what
/// it reads.
public struct RunInputs: Sendable {
    private var identities: [FileIdentity: String] = [:]
    private var canonical: [(path: String, named: String)] = []

    public init(_ paths: [String?] = []) {
        for case let path? in paths { add(path) }
    }

    /// Adds an input (for a directory, also the entries directly inside it: a
    /// `.npy` model directory's tensors).
    public mutating func add(_ path: String) {
        if let identity = FileIdentity(path: path) { identities[identity] = path }
        guard let resolved = ResolvedPath.existing(path) else { return }
        canonical.append((resolved, path))
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), isDirectory.boolValue,
           let entries = try? FileManager.default.contentsOfDirectory(atPath: resolved) {
            for entry in entries {
                let inside = resolved + "/" + entry
                if let identity = FileIdentity(path: inside) { identities[identity] = path + "/" + entry }
            }
        }
    }

    /// The input that `identity` is, if any.
    public func input(identifiedBy identity: FileIdentity) -> String? { identities[identity] }

    /// Why writing to `output` would replace or enclose an input of this run, or nil.
    public func conflict(writing output: String) -> String? {
        if let identity = FileIdentity(path: output), let input = identities[identity] {
            return input == output ? "is an input of this run" : "is the same file as the input \(input)"
        }
        if let resolved = ResolvedPath.prospective(output) {
            for (path, named) in canonical where path == resolved || ResolvedPath.isAncestor(resolved, of: path) {
                return path == resolved ? "is the same file as the input \(named)" : "holds the input \(named)"
            }
        }
        return nil
    }

    /// `conflict(writing:)` for every output, and no two outputs naming one file.
    public func check(outputs: [(flag: String, path: String)]) -> String? {
        var seen: [String: String] = [:]
        for (flag, path) in outputs {
            if let problem = conflict(writing: path) { return "\(flag) \(path) \(problem); choose another path" }
            let key = ResolvedPath.prospective(path) ?? path
            if let other = seen[key] { return "\(flag) \(path) and \(other) name the same file" }
            seen[key] = flag
        }
        return nil
    }
}

extension FileIdentity {
    /// Whether anything (a file, a directory, a dangling link) is at `path`.
    public static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }
}

extension FileIdentity {
    /// Whether `path` names a directory (following symbolic links).
    public static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }
}
