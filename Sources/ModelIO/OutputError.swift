import ReluNetwork

/// A failure to write an output the user asked for: the disk is full, the
/// target is read-only, another run wrote it first, the written model failed
/// its exact re-check. Not bad input: the CLI prints `description` on one
/// line and exits with status 1 (bad input keeps status 3).
public struct OutputError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The output path as the user named it.
    public var file: String
    /// What went wrong, and what was (not) written.
    public var reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): \(reason)".asOneMessageLine() }
}
