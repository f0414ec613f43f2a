import ExactNumbers
import JSONDocument
import ReluNetwork

extension ModelWriter {
    /// Model JSON (SPEC §12) with every number as an exact `"p/q"` string.
    public static func jsonBytes(w1: [[Rational]], b1: [Rational]?, w2: [[Rational]], b2: [Rational]?, activation: Activation) -> [UInt8] {
        jsonBytes(layers: [(w1, b1), (w2, b2)], activation: activation)
    }
}

extension ModelWriter {
    /// Model JSON of any depth: `W1, b1, …, WL, bL` with exact `"p/q"` strings.
    public static func jsonBytes(layers: [(weights: [[Rational]], bias: [Rational]?)], activation: Activation) -> [UInt8] {
        func row(_ values: [Rational]) -> JSONValue { .array(values.map { .string($0.description) }) }
        var members: [(String, JSONValue)] = []
        for (h, layer) in layers.enumerated() {
            members.append(("W\(h + 1)", .array(layer.weights.map(row))))
            if let bias = layer.bias { members.append(("b\(h + 1)", row(bias))) }
        }
        switch activation {
        case .relu: members.append(("activation", .string("relu")))
        case .leakyRelu(let slope): members.append(("activation", .object([("leaky_relu", .string(slope.description))])))
        }
        var bytes = JSONValue.object(members).serializedBytes()
        bytes.append(0x0A)
        return bytes
    }
}
