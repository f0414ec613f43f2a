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

    /// Whether anything (a file, a directory, a dangling link) is at `path`:
    /// reading a dangling link then fails by name instead of passing for an
    /// absent file.
    public static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Whether `path` names a directory (following symbolic links).
    public static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }
}
