import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Low-level writing with every failure reported.
public enum FileWriting {
    /// `write(2)` until every byte is out (retrying short writes and EINTR, and
    /// waiting in poll(2) on a non-blocking descriptor that is full);
    /// false if a write failed. Staged files and the command's standard output use it.
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard var pointer = bytes.baseAddress else { return true }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(descriptor, pointer, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    // A non-blocking descriptor (a stdout some shells and tools hand over that way): wait until it takes more.
                    var waiting = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&waiting, 1, -1)
                    continue
                }
                return false
            }
            pointer += written
            remaining -= written
        }
        return true
    }

    /// Makes a rename in `path`'s directory durable.
    static func syncDirectory(of path: String) {
        let directory = StagingName.split(path).directory
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// Linux `renameat2(2)`, looked up at run time (glibc exports it, Swift's Glibc module does not).
    private static let renameAt2: RenameAt2? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()

    /// Renames `source` to `destination` only if nothing is at `destination`,
    /// atomically (`RENAME_NOREPLACE`); 0 or the `errno`. Without renameat2, a
    /// file is linked (which fails if the name exists) and then unlinked; a
    /// directory is renamed, which fails over anything but an empty directory.
    static func renameNoReplace(_ source: String, _ destination: String) -> Int32 {
        if let renameAt2 {
            if renameAt2(AT_FDCWD, source, AT_FDCWD, destination, 1 /* RENAME_NOREPLACE */) == 0 { return 0 }
            if errno != EINVAL && errno != ENOSYS { return errno }
        }
        var status = stat()
        if lstat(source, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            if lstat(destination, &status) == 0 { return EEXIST }
            return rename(source, destination) == 0 ? 0 : errno
        }
        guard link(source, destination) == 0 else { return errno }
        unlink(source)
        return 0
    }
}
