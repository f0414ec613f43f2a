import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Names of staging files and directories: `.relutopo-PID-TAG-NAME`.
enum StagingName {
    static let prefix = ".relutopo-"

    /// The directory (as given, "." when none) and the last component of `path`.
    static func split(_ path: String) -> (directory: String, name: String) { PathText.split(path) }

    static func fresh(in directory: String, for name: String) -> String {
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return PathText.join(directory, "\(prefix)\(getpid())-\(tag)-\(name)")
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
            let path = PathText.join(directory, entry)
            var status = stat()
            if lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG { unlink(path) }
        }
    }
}
