import ArgumentParser
import ExactNumbers
import ModelIO
import ReluNetwork

/// `--activation relu` or `--activation leaky_relu:γ` with `0 ≤ γ < 1` (γ exact: `1/5` or `0.2`).
extension Activation: ExpressibleByArgument {
    public init?(argument: String) {
        if argument == "relu" {
            self = .relu
            return
        }
        guard argument.hasPrefix("leaky_relu:"),
              let slope = try? Rational(parsing: String(argument.dropFirst("leaky_relu:".count))),
              let leaky = Activation.leaky(slope) else { return nil }
        self = leaky
    }

    public var defaultValueDescription: String {
        switch self {
        case .relu: return "relu"
        case .leakyRelu(let slope): return "leaky_relu:\(slope)"
        }
    }
}

extension TensorKeys {
    /// `--keys W1,b1,W2,b2`; a usage error says what is wrong with the text.
    init(argument: String) throws {
        guard let keys = TensorKeys(parsing: argument) else {
            throw ValidationError(TensorKeys.parsingProblem(argument) ?? "expects four comma-separated names W1,b1,W2,b2 ('-' for an absent bias), got '\(argument)'")
        }
        self = keys
    }
}
