import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An output written in full next to its destination before it replaces
/// anything (issue 12): a hidden file `.relutopo-PID-TAG-NAME` in the
/// destination's directory, created exclusively, synced, and then renamed into
/// place in one step, so a reader of the destination sees the old file or the
/// new one, never a part, and a kill at any moment loses nothing. A staging
/// file a killed run left behind is removed by the next run that writes the
/// same destination.
public struct StagedFile: Sendable {
    /// The destination as the user named it.
    public let destination: String
    /// Where the bytes are now.
    public let path: String

    /// How a commit treats a file already at the destination.
    public enum Replacement: Sendable, Equatable {
        /// Only if nothing is there at the moment of the commit (checked atomically).
        case never
        /// Whatever is there, unless it is an input of the run.
        case anythingButInputs
        /// Exactly this file (the input a `--in-place` run read), and only if it is still there.
        case only(FileIdentity)
    }

    /// Writes `bytes` to a new staging file next to `destination`. The staging
    /// name keeps the destination's name at its end, so its format (the extension)
    /// is the destination's.
    public static func write(_ bytes: [UInt8], for destination: String) throws(OutputError) -> StagedFile {
        let (directory, name) = StagingName.split(destination)
        StagingName.removeStale(in: directory, for: name)
        let path = StagingName.fresh(in: directory, for: name)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else {
            throw OutputError(file: destination, reason: "cannot write next to it: \(String(cString: strerror(errno))); nothing written")
        }
        let written = bytes.withUnsafeBytes { FileWriting.writeAll(descriptor, $0) }
        let synced = written && fsync(descriptor) == 0
        let failure = errno
        close(descriptor)
        guard synced else {
            unlink(path)
            throw OutputError(file: destination, reason: "cannot write: \(String(cString: strerror(failure))); nothing written")
        }
        return StagedFile(destination: destination, path: path)
    }

    /// Moves the staged file to its destination in one rename, after checking
    /// again, at this moment, that the destination is no input of the run.
    public func commit(replacing replacement: Replacement, inputs: RunInputs) throws(OutputError) {
        FaultInjection.point("file-staged")
        if let problem = inputs.conflict(writing: destination) {
            if case .only(let identity) = replacement, FileIdentity(path: destination) == identity {
                // The one input a --in-place run replaces.
            } else {
                discard()
                throw OutputError(file: destination, reason: "\(problem); nothing written")
            }
        }
        var status = stat()
        if lstat(destination, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            discard()
            throw OutputError(file: destination, reason: "is a directory; nothing written")
        }
        switch replacement {
        case .never:
            switch FileWriting.renameNoReplace(path, destination) {
            case 0: break
            case EEXIST:
                discard()
                throw OutputError(file: destination, reason: "appeared while this run was writing it (another run?); not replaced, nothing written (pass --force to replace it)")
            case let failure:
                discard()
                throw OutputError(file: destination, reason: "cannot move the output into place: \(String(cString: strerror(failure))); nothing written")
            }
        case .only(let identity):
            guard FileIdentity(path: destination) == identity else {
                discard()
                throw OutputError(file: destination, reason: "changed while this run was repairing it; not replaced, nothing written")
            }
            fallthrough
        case .anythingButInputs:
            guard rename(path, destination) == 0 else {
                let failure = errno
                discard()
                throw OutputError(file: destination, reason: "cannot move the output into place: \(String(cString: strerror(failure))); nothing written")
            }
        }
        FileWriting.syncDirectory(of: destination)
    }

    /// Removes the staging file (after a failed check).
    public func discard() { unlink(path) }

    /// Stages and commits `bytes` in one call: the usual way to write an output
    /// (`--csv`, `--svg`, `--trajectory`), replacing an older output but never an input.
    /// A symbolic link to a file is followed (the link stays a link); a character
    /// device or a FIFO (`/dev/stdout`, `/dev/null`) is written through.
    public static func write(_ bytes: [UInt8], to destination: String, inputs: RunInputs,
                             replacing replacement: Replacement = .anythingButInputs) throws(OutputError) {
        if let problem = inputs.conflict(writing: destination) {
            throw OutputError(file: destination, reason: "\(problem); nothing written")
        }
        switch ResolvedPath.output(destination) {
        case .failure(let error): throw error
        case .success(.directory): throw OutputError(file: destination, reason: "is a directory; nothing written")
        case .success(.stream(let path)): try writeThrough(bytes, to: path)
        case .success(.new(let path)), .success(.file(let path)):
            try write(bytes, for: path).commit(replacing: replacement, inputs: inputs)
        }
    }

    /// Writes to a character device or a FIFO as it is (nothing to stage or
    /// replace); a FIFO nobody reads is refused rather than waited on.
    static func writeThrough(_ bytes: [UInt8], to path: String) throws(OutputError) {
        let descriptor = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ENXIO ? "is a FIFO that nobody reads" : String(cString: strerror(errno))
            throw OutputError(file: path, reason: "cannot write: \(reason); nothing written")
        }
        defer { close(descriptor) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        guard bytes.withUnsafeBytes({ FileWriting.writeAll(descriptor, $0) }) else {
            throw OutputError(file: path, reason: "cannot write: \(String(cString: strerror(errno)))")
        }
    }
}

extension StagedFile {
    /// Removes the staging files and unjournaled staging directories that killed
    /// runs left for `destination` (a run calls it before anything else, so a
    /// run that fails later still cleans up after the killed one).
    public static func removeStale(for destination: String) {
        let (directory, name) = StagingName.split(destination)
        StagingName.removeStale(in: directory, for: name)
        StagedDirectory.removeStale(in: directory, for: name)
    }
}
