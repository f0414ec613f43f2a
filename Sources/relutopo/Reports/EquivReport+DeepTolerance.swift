import JSONDocument
import Symmetry

/// `equiv --tolerance ε --json` for networks with two or more hidden layers
/// (SPEC §12 `{"equivalent": bool, "certificate": …}`, SPEC §13.6): a heuristic
/// layer-by-layer alignment, which `method` and `note` say. `equivalent` is
/// null when the alignment does not handle the networks (`reason` says why).
struct DeepApproximateEquivReport: Encodable {
    let a: String
    let b: String
    let mode = "tolerance"
    let tolerance: Double
    let method = "heuristic alignment"
    let note = DeepApproximateEquivReport.noteText
    let equivalent: Bool?
    let verdict: String
    /// The largest relative distance over every layer and the output bias (null unless aligned).
    let maxRelativeDistance: Double?
    /// Where it is: hidden layer (1-based) and neuron of A; both null for the output bias.
    let worst: Worst?
    /// Per hidden layer: permutation, scales α (decimal numbers, possibly outside
    /// binary64's range) and each neuron's relative distance; with the output bias's distance.
    let certificate: Certificate?
    /// When not equivalent or unknown: where and why.
    let mismatch: Mismatch?

    static let noteText = "heuristic alignment over rescalings and permutations (the counterpart of weight matching / Git Re-Basin, which aligns permutations only), not an exact decision: the certificate's g gives every distance reported; 'not equivalent' means this alignment found no match within the tolerance"

    struct Worst: Encodable {
        let layer: Int?
        let neuron: Int?
    }

    struct Certificate: Encodable {
        let layers: [Layer]
        let outputBiasRelativeDistance: Double
    }

    struct Layer: Encodable {
        let layer: Int
        let permutation: [Int]
        let alpha: [JSONValue]
        let relativeDistance: [Double]
        let maxRelativeDistance: Double
    }

    struct Mismatch: Encodable {
        /// The hidden layer (1-based) with no match within ε; null for the output bias or shapes.
        let layer: Int?
        let unmatchedNeuron: Int?
        let nearestRelativeDistance: Double?
        let reason: String
    }
}

extension DeepApproximateEquivReport {
    init(a: String, b: String, tolerance: Double, _ result: DeepApproximateEquivalence.Result) {
        self.a = a
        self.b = b
        self.tolerance = tolerance
        switch result {
        case .equivalent(let match):
            equivalent = true
            verdict = "equivalent within tolerance"
            maxRelativeDistance = match.maximumDistance
            worst = match.worst.map { Worst(layer: $0.layer, neuron: $0.neuron) }
            certificate = Certificate(
                layers: match.layers.enumerated().map { index, layer in
                    Layer(layer: index + 1, permutation: layer.permutation, alpha: layer.alphas.map { .number($0.decimalText) },
                          relativeDistance: layer.distances, maxRelativeDistance: layer.maximumDistance)
                },
                outputBiasRelativeDistance: match.outputBiasDistance)
            mismatch = nil
        case .notEquivalent(let layer, let neuron, let nearest, let reason):
            equivalent = false
            verdict = "not equivalent within tolerance"
            maxRelativeDistance = nil
            worst = nil
            certificate = nil
            mismatch = Mismatch(layer: layer, unmatchedNeuron: neuron, nearestRelativeDistance: nearest, reason: reason)
        case .unknown(let reason):
            equivalent = nil
            verdict = "unknown"
            maxRelativeDistance = nil
            worst = nil
            certificate = nil
            mismatch = Mismatch(layer: nil, unmatchedNeuron: nil, nearestRelativeDistance: nil, reason: reason)
        }
    }
}
