import Foundation

/// The files and directories one run reads. An output of the run may never
/// replace one of them, or be a directory that holds one (issue 12): whatever
/// the paths, `..`, symbolic links or hard links, a run never writes over what
/// it reads.
public struct RunInputs: Sendable {
    private var identities: [FileIdentity: String] = [:]
    private var canonical: [(path: String, named: String)] = []

    public init(_ paths: [String?] = []) {
        for case let path? in paths { add(path) }
    }

    /// Adds an input (for a directory, also the entries directly inside it: a
    /// `.npy` model directory's tensors).
    public mutating func add(_ path: String) {
        if let identity = FileIdentity(path: path) { identities[identity] = path }
        guard let resolved = ResolvedPath.existing(path) else { return }
        canonical.append((resolved, path))
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), isDirectory.boolValue,
           let entries = try? FileManager.default.contentsOfDirectory(atPath: resolved) {
            for entry in entries {
                let inside = resolved + "/" + entry
                if let identity = FileIdentity(path: inside) { identities[identity] = path + "/" + entry }
            }
        }
    }

    /// Why writing to `output` would replace or enclose an input of this run, or nil.
    public func conflict(writing output: String) -> String? {
        if let identity = FileIdentity(path: output), let input = identities[identity] {
            return input == output ? "is an input of this run" : "is the same file as the input \(input)"
        }
        if let resolved = ResolvedPath.prospective(output) {
            for (path, named) in canonical where path == resolved || ResolvedPath.isAncestor(resolved, of: path) {
                return path == resolved ? "is the same file as the input \(named)" : "holds the input \(named)"
            }
        }
        return nil
    }

    /// `conflict(writing:)` for every output given (`nil`: the flag was not
    /// used), and no two outputs naming one file.
    public func check(outputs: [(flag: String, path: String?)]) -> String? {
        var seen: [String: String] = [:]
        for case let (flag, path?) in outputs {
            guard !path.isEmpty else { return "\(flag) is empty: name a file" }
            if let problem = conflict(writing: path) { return "\(flag) \(path) \(problem); choose another path" }
            let key = ResolvedPath.prospective(path) ?? path
            if let other = seen[key] { return "\(flag) \(path) and \(other) name the same file" }
            seen[key] = flag
        }
        return nil
    }
}
