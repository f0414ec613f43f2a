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
        let (parent, name) = PathText.split(path)
        guard !name.isEmpty, name != ".", name != "..", name != "/" else { return existing(path) }
        guard let directory = existing(parent) else { return nil }
        return PathText.join(directory, name)
    }

    /// What an output path names, and where a write to it goes.
    public enum OutputTarget: Sendable, Equatable {
        /// Nothing is there yet: a new file (or directory) at `path`.
        case new(String)
        /// A regular file, reached through any symbolic links: written by
        /// staging beside the link's target and renaming onto it, so the link
        /// stays a link.
        case file(String)
        /// A directory (through links too).
        case directory(String)
        /// A character device or a FIFO (`/dev/stdout`, `/dev/null`, a pipe):
        /// written through, never replaced.
        case stream(String)
    }

    /// Resolves an output path (issue 12: an output never replaces a device,
    /// a FIFO or a symbolic link). A dangling link, a socket or a block device
    /// is refused with the reason.
    public static func output(_ path: String) -> Result<OutputTarget, OutputError> {
        guard !path.isEmpty else { return .failure(OutputError(file: path, reason: "an empty path names no file")) }
        var link = stat()
        guard lstat(path, &link) == 0 else { return .success(.new(path)) }
        var status = stat()
        guard stat(path, &status) == 0 else {
            return .failure(OutputError(file: path, reason: "is a dangling symbolic link; nothing written"))
        }
        let isLink = (link.st_mode & S_IFMT) == S_IFLNK
        let resolved = isLink ? (existing(path) ?? path) : path
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .success(.file(resolved))
        case S_IFDIR: return .success(.directory(resolved))
        case S_IFCHR, S_IFIFO: return .success(.stream(path))
        case S_IFSOCK: return .failure(OutputError(file: path, reason: "is a socket; nothing written"))
        default: return .failure(OutputError(file: path, reason: "is a block device or another special file; nothing written"))
        }
    }

    /// Whether `ancestor` is a proper ancestor directory of `path` (both canonical).
    public static func isAncestor(_ ancestor: String, of path: String) -> Bool {
        let prefix = ancestor.hasSuffix("/") ? ancestor : ancestor + "/"
        return path.hasPrefix(prefix) && path.count > prefix.count
    }
}
