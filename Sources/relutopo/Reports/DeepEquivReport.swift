import Symmetry

/// `equiv --json` for deeper networks (SPEC §12, §13.6): `equivalent` is
/// `null` when the bounded method cannot decide (ties).
struct DeepEquivReport: Encodable {
    let a: String
    let b: String
    let equivalent: Bool?
    let verdict: String
    /// Per hidden layer: A's neuron k is B's `permutation[k]`, its input side scaled by `alphas[k]` (exact).
    let certificate: [Layer]?
    let reason: String?

    struct Layer: Encodable {
        let permutation: [Int]
        let alphas: [String]
    }
}

extension DeepEquivReport {
    init(a: String, b: String, _ result: DeepEquivalence.Result) {
        self.a = a
        self.b = b
        switch result {
        case .equivalent(let maps):
            equivalent = true
            verdict = "equivalent"
            certificate = maps.map { Layer(permutation: $0.permutation, alphas: $0.alphas.map(\.description)) }
            reason = nil
        case .notEquivalent(_, _, let why):
            equivalent = false
            verdict = "not equivalent"
            certificate = nil
            reason = why
        case .unknown(let why):
            equivalent = nil
            verdict = "unknown"
            certificate = nil
            reason = why
        }
    }
}
