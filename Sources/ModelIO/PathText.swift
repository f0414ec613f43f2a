/// Plain path text operations for the write path, without Foundation's path
/// helpers (which trap on some one-character names): `/` is the only separator,
/// trailing slashes are ignored.
enum PathText {
    /// The directory part (`"."` when there is none, `"/"` for the root) and the last component.
    static func split(_ path: String) -> (directory: String, name: String) {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return (".", String(trimmed)) }
        let name = String(trimmed[trimmed.index(after: slash)...])
        let directory = trimmed[..<slash]
        return (directory.isEmpty ? "/" : String(directory), name.isEmpty ? "/" : name)
    }

    /// `directory/name`.
    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
