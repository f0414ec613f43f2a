import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock on a directory for the length of a commit
/// (released by the kernel if the process dies).
final class DirectoryLock: Sendable {
    let descriptor: Int32

    init(_ directory: String) throws(OutputError) {
        descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw OutputError(file: directory, reason: "cannot open: \(String(cString: strerror(errno))); nothing written")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw OutputError(file: directory, reason: "another relutopo run is writing this directory; nothing written")
        }
    }

    deinit { close(descriptor) }
}
