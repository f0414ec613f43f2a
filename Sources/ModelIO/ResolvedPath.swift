import Foundation

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
