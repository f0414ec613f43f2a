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
    public static func write(_ bytes: [UInt8], to destination: String, inputs: RunInputs,
                             replacing replacement: Replacement = .anythingButInputs) throws(OutputError) {
        if let problem = inputs.conflict(writing: destination) {
            throw OutputError(file: destination, reason: "\(problem); nothing written")
        }
        try write(bytes, for: destination).commit(replacing: replacement, inputs: inputs)
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

/// Names of staging files and directories: `.relutopo-PID-TAG-NAME`.
enum StagingName {
    static let prefix = ".relutopo-"

    /// The directory (as given, "." when none) and the last component of `path`.
    static func split(_ path: String) -> (directory: String, name: String) {
        let url = URL(fileURLWithPath: path)
        let directory = (path as NSString).deletingLastPathComponent
        return (directory.isEmpty ? "." : directory, url.lastPathComponent)
    }

    static func fresh(in directory: String, for name: String) -> String {
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return (directory as NSString).appendingPathComponent("\(prefix)\(getpid())-\(tag)-\(name)")
    }

    /// The process that made `entry` if it is a staging name for `name`.
    static func owner(of entry: String, for name: String) -> pid_t? {
        guard entry.hasPrefix(prefix), entry.hasSuffix("-" + name) else { return nil }
        let parts = entry.dropFirst(prefix.count).dropLast(name.count + 1).split(separator: "-")
        guard parts.count == 2, let pid = pid_t(parts[0]), UInt32(parts[1], radix: 16) != nil else { return nil }
        return pid
    }

    /// Whether process `pid` has ended (a staging file of a live run is its own
    /// business). A killed process that its parent has not reaped yet (a zombie)
    /// has ended too.
    static func isGone(_ pid: pid_t) -> Bool {
        if kill(pid, 0) != 0 { return errno == ESRCH }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].drop(while: { $0 == " " }).first
        return state == "Z" || state == "X"
    }

    /// Removes regular staging files for `name` in `directory` whose run has ended
    /// (killed mid-write). Nothing else is touched.
    static func removeStale(in directory: String, for name: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries {
            guard let pid = owner(of: entry, for: name), isGone(pid) else { continue }
            let path = (directory as NSString).appendingPathComponent(entry)
            var status = stat()
            if lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG { unlink(path) }
        }
    }
}

/// Low-level writing with every failure reported.
enum FileWriting {
    /// `write(2)` until every byte is out (retrying short writes and EINTR).
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard var pointer = bytes.baseAddress else { return true }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(descriptor, pointer, remaining)
            if written < 0 {
                if errno == EINTR { continue }
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
