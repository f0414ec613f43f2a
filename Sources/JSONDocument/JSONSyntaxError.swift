/// Where a JSON text is malformed or refused (a duplicate key, too much
/// exponent work), with the 1-based line and column of the offending token.
public struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var reason: String
    /// What kind of problem: `"syntax error"`, `"duplicate key"`, `"exponent budget exceeded"`.
    public var kind: String = "syntax error"
    public var description: String { "JSON \(kind) at line \(line), column \(column): \(reason)" }
}
