import Foundation

/// Names of the four parameter tensors (`--keys W1,b1,W2,b2`, `-` for absent).
public struct TensorKeys: Sendable, Equatable {
    public var inputWeights: String
    public var hiddenBias: String?
    public var outputWeights: String
    public var outputBias: String?
    /// Whether absent bias names were given explicitly (`-`), forbidding the default look-up.
    public var explicit: Bool
    /// `--keys W1,b1,W2,b2,W3,b3,…` for a deeper network (SPEC §12): every
    /// layer's weights and bias (nil: absent), in order; nil for two layers.
    public var layers: [(weights: String, bias: String?)]? = nil

    public static func == (a: TensorKeys, b: TensorKeys) -> Bool {
        a.inputWeights == b.inputWeights && a.hiddenBias == b.hiddenBias && a.outputWeights == b.outputWeights
            && a.outputBias == b.outputBias && a.explicit == b.explicit
            && a.layers.map { $0.map { [$0.weights, $0.bias ?? "-"] } } == b.layers.map { $0.map { [$0.weights, $0.bias ?? "-"] } }
    }

    public static let standard = TensorKeys(inputWeights: "W1", hiddenBias: "b1", outputWeights: "W2", outputBias: "b2", explicit: false)

    public init(inputWeights: String, hiddenBias: String?, outputWeights: String, outputBias: String?, explicit: Bool) {
        self.inputWeights = inputWeights
        self.hiddenBias = hiddenBias
        self.outputWeights = outputWeights
        self.outputBias = outputBias
        self.explicit = explicit
    }

    /// Parses `W1,b1,W2,b2` with `-` for an absent bias; nil when malformed
    /// (`parsingProblem` says why).
    public init?(parsing text: String) {
        guard TensorKeys.parsingProblem(text) == nil else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        self.init(inputWeights: parts[0], hiddenBias: parts[1] == "-" ? nil : parts[1],
                  outputWeights: parts[2], outputBias: parts[3] == "-" ? nil : parts[3], explicit: true)
        if parts.count > 4 {
            layers = stride(from: 0, to: parts.count, by: 2).map { (parts[$0], parts[$0 + 1] == "-" ? nil : parts[$0 + 1]) }
            outputWeights = parts[parts.count - 2]
            outputBias = parts[parts.count - 1] == "-" ? nil : parts[parts.count - 1]
        }
    }

    /// Why `text` is not a `--keys` value (completing "--keys …"), or nil when it is one.
    public static func parsingProblem(_ text: String) -> String? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let weightsGiven = stride(from: 0, to: parts.count, by: 2).allSatisfy { parts[$0] != "-" }
        guard parts.count >= 4, parts.count % 2 == 0, weightsGiven, !parts.contains(where: \.isEmpty) else {
            return "expects comma-separated names W1,b1,W2,b2 (deeper: W1,b1,W2,b2,W3,b3,…; '-' for an absent bias), got '\(text)'"
        }
        for part in parts where part != "-" {
            if let problem = nameProblem(part) { return problem }
        }
        let named = parts.filter { $0 != "-" }
        if let repeated = named.first(where: { name in named.filter { $0 == name }.count > 1 }) {
            return "names '\(repeated)' twice: every weight and bias is a tensor of its own, got '\(text)'"
        }
        return nil
    }

    /// Why `name` cannot name a tensor, or nil. In a `.npy` directory a name is
    /// a file stem (`W1` → `DIR/W1.npy`), so it must be a plain file name: a
    /// `/`, `.`, `..` or NUL would read (or, for `repair`, write) outside the
    /// directory. The same rule holds for every format, so a `--keys` value
    /// means the same thing whatever the model is.
    public static func nameProblem(_ name: String) -> String? {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.unicodeScalars.contains("\0") else {
            let shown = name.replacingOccurrences(of: "\0", with: "\\0")
            return "name '\(shown)' must be a plain name (not empty, not '.' or '..', no '/' or NUL): in a .npy directory it is a file stem"
        }
        return nil
    }
}
