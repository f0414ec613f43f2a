import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ReluNetwork

/// Reads a text file whole: a regular file, or a pipe, FIFO or character
/// device read to its end (`--data <(zcat data.csv.gz)` is a legitimate use).
public enum TextFileReader {
    /// Larger data CSVs are refused (a data CSV this size would not fit in memory once parsed).
    public static let maximumBytes = 1 << 30

    /// The whole text of `path`, at most `limit` bytes (else bad input saying
    /// it is too large for `what`).
    public static func read(_ path: String, limit: Int = maximumBytes, what: String = "a data CSV", textKind: String = "CSV") throws(ModelInputError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw ModelInputError(file: path, reason: code == ENOENT ? "no such file" : "cannot open: \(String(cString: strerror(code)))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ModelInputError(file: path, reason: "cannot stat: \(String(cString: strerror(errno)))")
        }
        let type = status.st_mode & S_IFMT
        guard type != S_IFDIR else { throw ModelInputError(file: path, reason: "is a directory, expected a file") }
        var bytes: [UInt8] = []
        if type == S_IFREG {
            guard Int(status.st_size) <= limit else { throw tooLarge(path, limit, what) }
            bytes.reserveCapacity(Int(status.st_size))
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ModelInputError(file: path, reason: "cannot read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { return bytes }
            guard bytes.count + count <= limit else { throw tooLarge(path, limit, what) }
            // Text never holds NUL; stopping here keeps `/dev/zero` from filling memory.
            if let zero = chunk[..<count].firstIndex(of: 0) {
                throw ModelInputError(file: path, reason: "NUL byte at offset \(bytes.count + zero): binary data, not \(textKind) text")
            }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    static func tooLarge(_ path: String, _ limit: Int, _ what: String) -> ModelInputError {
        let size = limit >= 1 << 30 ? "\(limit >> 30) GiB" : limit >= 1 << 20 ? "\(limit >> 20) MiB" : "\(limit) bytes"
        return ModelInputError(file: path, reason: "larger than \(size): too large for \(what)")
    }
}
