import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `.npy` model directory's tensor files, written in full before any of them
/// replaces anything (issue 12). Only the tensor files are ever written: every
/// other entry of the destination (a `config.json`, a `checkpoints/` folder)
/// stays as it is.
///
/// * A new destination is staged as a sibling directory and renamed into place
///   in one step, only if nothing has appeared at the path meanwhile.
/// * An existing destination (`--in-place`, `--force`) gets a staging directory
///   inside it; once the staged model has passed its re-check a `COMMIT` journal
///   is written and synced, and each tensor file is renamed into place. A kill
///   between two renames leaves the journal: readers refuse the directory and
///   the next `repair` of it finishes the commit (every staged file was already
///   checked), so the model is never left half old, half new.
/// * Two runs never write one directory at once: the commit holds an exclusive
///   `flock` on it.
public struct StagedDirectory: Sendable {
    /// The destination as the user named it.
    public let destination: String
    /// The staging directory: a model directory of its own, for the re-check.
    public let path: String
    private let names: [String]
    private let intoExisting: Bool
    private let lock: DirectoryLock?

    static let journal = "COMMIT"
    static let stagingSuffix = "staging"

    /// Writes `files` (name, bytes) to a staging directory for `destination`.
    /// Names must be plain file names (no `/`, not `.` or `..`).
    /// `intoExisting`: whether an existing directory may be written into (`--force`,
    /// `--in-place`); without it a directory that appeared meanwhile is refused.
    /// `absent`: file names the written model does not have (a bias it lacks);
    /// an existing destination holding one is refused, since a reader would
    /// take it for part of the model.
    public init(_ files: [(name: String, bytes: [UInt8])], for destination: String,
                intoExisting allowed: Bool, absent: [String] = []) throws(OutputError) {
        for (name, _) in files where name.contains("/") || name == "." || name == ".." || name.contains("\0") || name.isEmpty {
            throw OutputError(file: destination, reason: "'\(name)' is not a plain file name; nothing written")
        }
        self.destination = destination
        self.names = files.map(\.name)
        var status = stat()
        if stat(destination, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFDIR else {
                throw OutputError(file: destination, reason: "is not a directory (a .npy model is written as a directory of tensors); nothing written")
            }
            guard allowed else {
                throw OutputError(file: destination, reason: "appeared while this run was writing it (another run?); not replaced, nothing written (pass --force to write into it)")
            }
            let lock = try DirectoryLock(destination)
            _ = try Self.finishInterruptedLocked(in: destination)
            for name in names {
                let target = PathText.join(destination, name)
                if lstat(target, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
                    throw OutputError(file: destination, reason: "\(name) is a directory; nothing written")
                }
            }
            for name in absent where lstat(PathText.join(destination, name), &status) == 0 {
                throw OutputError(file: destination, reason: "holds \(name), a tensor the repaired model does not have (it would be read as part of the model); remove it or choose another OUT; nothing written")
            }
            self.lock = lock
            self.intoExisting = true
            self.path = StagingName.fresh(in: destination, for: Self.stagingSuffix)
        } else {
            let (directory, name) = StagingName.split(destination)
            Self.removeStale(in: directory, for: name)
            self.lock = nil
            self.intoExisting = false
            self.path = StagingName.fresh(in: directory, for: name)
        }
        guard mkdir(path, 0o755) == 0 else {
            throw OutputError(file: destination, reason: "cannot create a staging directory: \(String(cString: strerror(errno))); nothing written")
        }
        for (name, bytes) in files {
            do { try Self.writeFile(bytes, to: PathText.join(path, name)) } catch {
                discard()
                throw OutputError(file: destination, reason: "cannot write \(name): \(String(cString: strerror(error.code))); nothing written")
            }
        }
    }

    /// Moves the checked tensors into place (see the type's documentation).
    /// `inputs` are re-checked: only an `--in-place` run (`allowInputs`) may
    /// replace files it read.
    public func commit(inputs: RunInputs, allowInputs: Bool) throws(OutputError) {
        if !allowInputs {
            if let problem = inputs.conflict(writing: destination) {
                discard()
                throw OutputError(file: destination, reason: "\(problem); nothing written")
            }
            for name in names {
                let target = PathText.join(destination, name)
                if let problem = inputs.conflict(writing: target) {
                    discard()
                    throw OutputError(file: target, reason: "\(problem); nothing written")
                }
            }
        }
        FaultInjection.point("directory-staged")
        guard intoExisting else {
            switch FileWriting.renameNoReplace(path, destination) {
            case 0: FileWriting.syncDirectory(of: destination); return
            case EEXIST, ENOTEMPTY:
                discard()
                throw OutputError(file: destination, reason: "appeared while this run was writing it (another run?); not replaced, nothing written (pass --force to write into it)")
            case let failure:
                discard()
                throw OutputError(file: destination, reason: "cannot move the output into place: \(String(cString: strerror(failure))); nothing written")
            }
        }
        do {
            try Self.writeFile(Array((names.joined(separator: "\n") + "\n").utf8), to: PathText.join(path, Self.journal))
        } catch {
            discard()
            throw OutputError(file: destination, reason: "cannot write the commit journal: \(String(cString: strerror(error.code))); nothing written")
        }
        FileWriting.syncDirectory(of: PathText.join(path, Self.journal))
        FaultInjection.point("directory-journal")
        try Self.rollForward(path, into: destination, names: names)
    }

    /// Removes the staging directory (after a failed check); nothing at the destination changed.
    public func discard() {
        for name in names + [Self.journal] { unlink(PathText.join(path, name)) }
        rmdir(path)
    }

    /// Finishes the commits that killed runs left in `directory` (their staged
    /// files passed the re-check before the journal was written) and removes
    /// their unjournaled staging directories. Returns what it finished.
    @discardableResult
    public static func finishInterrupted(in directory: String) throws(OutputError) -> [String] {
        let lock = try DirectoryLock(directory)
        defer { withExtendedLifetime(lock) {} }
        return try finishInterruptedLocked(in: directory)
    }

    private static func finishInterruptedLocked(in directory: String) throws(OutputError) -> [String] {
        var finished: [String] = []
        for staging in pending(in: directory, includeUnjournaled: true) {
            guard let pid = StagingName.owner(of: PathText.split(staging).name, for: stagingSuffix), StagingName.isGone(pid) else { continue }
            let journalPath = PathText.join(staging, journal)
            if let text = try? String(contentsOfFile: journalPath, encoding: .utf8) {
                let names = text.split(separator: "\n").map(String.init)
                try rollForward(staging, into: directory, names: names)
                finished.append(staging)
            } else {
                removeStaging(staging)
            }
        }
        return finished
    }

    /// Staging directories with a journal in `directory` (an interrupted commit),
    /// or also without one.
    public static func pending(in directory: String, includeUnjournaled: Bool = false) -> [String] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return entries.sorted().compactMap { entry in
            guard StagingName.owner(of: entry, for: stagingSuffix) != nil else { return nil }
            let staging = PathText.join(directory, entry)
            let journaled = FileManager.default.fileExists(atPath: PathText.join(staging, journal))
            return journaled || includeUnjournaled ? staging : nil
        }
    }

    /// Renames each staged file into `directory` (a file already moved is skipped),
    /// then removes the journal and the staging directory.
    private static func rollForward(_ staging: String, into directory: String, names: [String]) throws(OutputError) {
        for (index, name) in names.enumerated() where !name.contains("/") && name != "." && name != ".." {
            if index > 0 { FaultInjection.point("directory-rename-\(index)") }
            let source = PathText.join(staging, name)
            guard FileManager.default.fileExists(atPath: source) else { continue }
            guard rename(source, PathText.join(directory, name)) == 0 else {
                throw OutputError(file: directory, reason: "cannot move \(name) into place: \(String(cString: strerror(errno))); the checked files wait in \(staging) and the next `relutopo repair` of this directory finishes the commit")
            }
        }
        FileWriting.syncDirectory(of: PathText.join(directory, "."))
        unlink(PathText.join(staging, journal))
        rmdir(staging)
    }

    /// Removes an unjournaled staging directory: its regular files, then itself
    /// (left in place if anything else is inside).
    private static func removeStaging(_ staging: String) {
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? [] {
            let path = PathText.join(staging, entry)
            var status = stat()
            if lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG { unlink(path) }
        }
        rmdir(staging)
    }

    /// Sibling staging directories of killed runs for a new destination `name`.
    static func removeStale(in directory: String, for name: String) {
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            guard let pid = StagingName.owner(of: entry, for: name), StagingName.isGone(pid) else { continue }
            let path = PathText.join(directory, entry)
            var status = stat()
            if lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR { removeStaging(path) }
        }
    }

    struct WriteFailure: Error { let code: Int32 }

    /// Creates `path` exclusively and writes and syncs `bytes`.
    private static func writeFile(_ bytes: [UInt8], to path: String) throws(WriteFailure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw WriteFailure(code: errno) }
        let ok = bytes.withUnsafeBytes { FileWriting.writeAll(descriptor, $0) } && fsync(descriptor) == 0
        let failure = errno
        close(descriptor)
        guard ok else { unlink(path); throw WriteFailure(code: failure) }
    }
}
