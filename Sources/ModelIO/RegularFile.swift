import Foundation
import ReluNetwork

/// Opening input files. relutopo maps its inputs into memory, so it reads only
/// regular files: a FIFO would block `open` until a writer appears (and map as
/// an empty file), `/dev/zero` is endless, a socket cannot be opened at all.
/// Each is refused by name before anything is read; the check is made again on
/// the open descriptor (`fstat`), and the open itself cannot block (`O_NONBLOCK`),
/// so a file swapped for a FIFO between the two steps is refused too.
public enum RegularFile {
    /// What a non-regular file is, in words (`"a FIFO"`); nil for a regular file.
    static func kind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        default: return "of unknown type"
        }
    }

    /// The refusal for a file of `mode` at `path`, or nil when it is a regular file.
    static func refusal(_ mode: mode_t, path: String) -> ModelInputError? {
        guard let kind = kind(mode) else { return nil }
        if mode & S_IFMT == S_IFDIR { return ModelInputError(file: path, reason: "is a directory, expected a file") }
        return ModelInputError(file: path, reason: "not a regular file (\(kind)); relutopo reads its inputs only from regular files")
    }

    /// Refuses anything at `path` but a regular file (or a symbolic link to one), without opening it.
    public static func requireRegular(_ path: String) throws(ModelInputError) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            if code == ENOENT && FileIdentity.exists(path) { throw ModelInputError(file: path, reason: "a symbolic link to a file that does not exist") }
            if code == ENOENT { throw ModelInputError(file: path, reason: "no such file") }
            throw ModelInputError(file: path, reason: "cannot read: \(String(cString: strerror(code)))")
        }
        if let refusal = refusal(status.st_mode, path: path) { throw refusal }
    }

    /// Maps the regular file at `path` read-only (`mmap`, `MAP_PRIVATE`); the
    /// mapping lives as long as the returned `Data` (and its slices). Anything
    /// but a regular file is refused, naming the file, before a byte is read.
    public static func map(_ path: String) throws(ModelInputError) -> Data {
        try requireRegular(path)
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ModelInputError(file: path, reason: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ModelInputError(file: path, reason: "cannot stat: \(String(cString: strerror(errno)))") }
        // The path may have been replaced since `requireRegular`: the descriptor decides.
        if let refusal = refusal(status.st_mode, path: path) { throw refusal }
        guard status.st_size > 0 else { return Data() }
        guard let size = Int(exactly: status.st_size) else { throw ModelInputError(file: path, reason: "too large to map") }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED else {
            throw ModelInputError(file: path, reason: "cannot map the file: \(String(cString: strerror(errno)))")
        }
        return Data(bytesNoCopy: base, count: size, deallocator: .custom { pointer, count in munmap(pointer, count) })
    }
}
