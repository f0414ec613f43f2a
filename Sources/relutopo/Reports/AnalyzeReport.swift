import InvariantTopology
import JSONDocument
import ReluNetwork
import Symmetry

/// `analyze --json` (SPEC §12): the invariants and the topology of one model's
/// invariant set, per neuron and per reading of SPEC §3.
///
/// The Betti numbers follow `--betti`: `betti` (dense lists) only with
/// `dense`; `betti_nonzero` unless `none`, except that by default it is `null`
/// when it would pass `BettiSize.defaultDigitLimit` in some reading, with
/// `betti_nonzero_omitted` saying how large it would be. So no default output
/// grows quadratically with the width. Keys that do not apply are left out.
struct AnalyzeReport: Encodable {
    let source: String
    /// The tensors read, for archives (left out for model JSON and `.npy` directories).
    let keys: Keys?
    let shape: Shape
    let activation: String
    let neurons: [Neuron]
    let signCounts: SignCounts
    let pathologicalNeurons: Int
    /// Big integers as decimal strings.
    let components: PerReading<String>
    let effectiveComponents: PerReading<String>
    let effectiveComponentsRule: PerReading<String>
    /// `--betti dense`: `["β0", "β1", …]` up to the top degree (written without materialising the zeros).
    let betti: PerReading<JSONValue>?
    /// `{"degree": "β", …}`, the non-zero Betti numbers.
    let bettiNonzero: PerReading<JSONValue>?
    let bettiNonzeroOmitted: OmittedBetti?
    let poincarePolynomial: PerReading<String>
    let eulerCharacteristic: PerReading<String>
    let label: PerReading<String>

    /// The tensors of an archive that hold `W1`, `b1`, `W2`, `b2` (`null`: absent).
    struct Keys: Encodable {
        let inputWeights: String
        let hiddenBias: String?
        let outputWeights: String
        let outputBias: String?
        let autoDetected: Bool

        enum CodingKeys: String, CodingKey {
            case inputWeights = "W1", hiddenBias = "b1", outputWeights = "W2", outputBias = "b2", autoDetected
        }
    }

    struct Shape: Encodable {
        let inputs: Int
        let hidden: Int
        let outputs: Int
        let hiddenBias: Bool
        let outputBias: Bool
        let inputSideDimension: Int
    }

    /// One hidden neuron: its exact invariant `c` (a rational in lowest terms),
    /// quadric, locked scalars and label symbols in both readings.
    struct Neuron: Encodable {
        let index: Int
        let c: String
        let cApprox: Double
        let sign: Int
        let quadric: String
        let locked: String
        let lockedDynamical: String
        let atApex: Bool
        let label: String
        let labelDynamical: String
    }

    struct SignCounts: Encodable {
        let positive: Int
        let negative: Int
        let zero: Int
        let apex: Int
    }

    /// Why `betti_nonzero` is `null`, and how large it would be.
    struct OmittedBetti: Encodable {
        let reason: String
        let estimatedTerms: PerReading<String>
        let estimatedDigits: PerReading<String>
        let topDegree: PerReading<Int>
    }

    /// A dense Betti list (SPEC §12: `["β0", "β1", …]` up to the top degree,
    /// decimal strings), streamed from the non-zero terms.
    static func denseBetti(_ nonZero: [(degree: Int, text: String)]) -> JSONValue {
        .sparseArray(count: (nonZero.last?.degree ?? -1) + 1, fill: "\"0\"",
                     entries: nonZero.map { ($0.degree, "\"" + $0.text + "\"") })
    }

    enum CodingKeys: String, CodingKey {
        case source, keys, shape, activation, neurons, signCounts, pathologicalNeurons, components, effectiveComponents
        case effectiveComponentsRule, betti, bettiNonzero, bettiNonzeroOmitted, poincarePolynomial, eulerCharacteristic, label
    }

    /// Declaration order; `keys`, `betti` and `betti_nonzero_omitted` are left
    /// out when absent, and `betti_nonzero` too unless it was omitted for its size (then `null`).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        if let keys { try container.encode(keys, forKey: .keys) }
        try container.encode(shape, forKey: .shape)
        try container.encode(activation, forKey: .activation)
        try container.encode(neurons, forKey: .neurons)
        try container.encode(signCounts, forKey: .signCounts)
        try container.encode(pathologicalNeurons, forKey: .pathologicalNeurons)
        try container.encode(components, forKey: .components)
        try container.encode(effectiveComponents, forKey: .effectiveComponents)
        try container.encode(effectiveComponentsRule, forKey: .effectiveComponentsRule)
        if let betti { try container.encode(betti, forKey: .betti) }
        if let bettiNonzero {
            try container.encode(bettiNonzero, forKey: .bettiNonzero)
        } else if bettiNonzeroOmitted != nil {
            try container.encodeNil(forKey: .bettiNonzero)
        }
        if let bettiNonzeroOmitted { try container.encode(bettiNonzeroOmitted, forKey: .bettiNonzeroOmitted) }
        try container.encode(poincarePolynomial, forKey: .poincarePolynomial)
        try container.encode(eulerCharacteristic, forKey: .eulerCharacteristic)
        try container.encode(label, forKey: .label)
    }
}

extension AnalyzeReport {
    /// The report of `analysis`, with the Betti numbers `--betti` asks for (nil: the default).
    init(_ analysis: InvariantSetAnalysis, betti requested: BettiFormat? = nil) {
        let model = analysis.model, topology = analysis.topology, shape = model.shape
        func totals(_ reading: Reading) -> InvariantSetAnalysis.Totals { analysis.totals(reading) }
        let oversized = Reading.allCases.filter { !totals($0).bettiSize.fitsDefault }
        let betti: BettiFormat = requested ?? (oversized.isEmpty ? .sparse : .none)
        source = model.source
        keys = model.selection.map {
            Keys(inputWeights: $0.inputWeights, hiddenBias: $0.hiddenBias, outputWeights: $0.outputWeights,
                 outputBias: $0.outputBias, autoDetected: $0.autoDetected)
        }
        self.shape = Shape(inputs: shape.inputs, hidden: shape.hidden, outputs: shape.outputs, hiddenBias: shape.hasHiddenBias,
                           outputBias: shape.hasOutputBias, inputSideDimension: shape.inputSideDimension)
        activation = model.activation.description
        neurons = topology.neurons.enumerated().map { index, neuron in
            Neuron(index: index, c: neuron.invariant.c.description, cApprox: neuron.invariant.c.doubleValue, sign: neuron.sign,
                   quadric: neuron.quadric.formula(m: neuron.m, e: neuron.e),
                   locked: neuron.locked(.topological).name, lockedDynamical: neuron.locked(.dynamical).name,
                   atApex: neuron.invariant.isAtApex,
                   label: neuron.labelSymbols(.topological), labelDynamical: neuron.labelSymbols(.dynamical))
        }
        let counts = topology.signCounts
        signCounts = SignCounts(positive: counts.positive, negative: counts.negative, zero: counts.zero, apex: counts.apex)
        pathologicalNeurons = topology.pathologicalNeuronCount
        components = PerReading { totals($0).components.description }
        effectiveComponents = PerReading { totals($0).effective.value.description }
        effectiveComponentsRule = PerReading { totals($0).effective.rule }
        // Non-zero Betti numbers as decimal text, once per distinct reading.
        var nonZero: [Reading: [(degree: Int, text: String)]] = [:]
        if betti != .none {
            let topological = totals(.topological).poincare.decimalTerms
            nonZero[.topological] = topological
            nonZero[.dynamical] = analysis.readingsDiffer ? totals(.dynamical).poincare.decimalTerms : topological
        }
        self.betti = betti == .dense ? PerReading { AnalyzeReport.denseBetti(nonZero[$0, default: []]) } : nil
        bettiNonzero = betti == .none ? nil : PerReading { reading in
            .object(nonZero[reading, default: []].map { (String($0.degree), .string($0.text)) })
        }
        bettiNonzeroOmitted = requested == nil && !oversized.isEmpty ? OmittedBetti(
            reason: "the non-zero Betti numbers would hold up to \(BettiSize.describe(oversized.map { totals($0).bettiSize.digits }.max() ?? 0)) digits (more than \(BettiSize.describe(BettiSize.defaultDigitLimit)) by default); --betti sparse writes them; the factored Poincaré polynomial is exact",
            estimatedTerms: PerReading { BettiSize.describe(totals($0).bettiSize.terms) },
            estimatedDigits: PerReading { BettiSize.describe(totals($0).bettiSize.digits) },
            topDegree: PerReading { totals($0).bettiSize.topDegree }) : nil
        poincarePolynomial = PerReading { totals($0).factoredPoincare }
        eulerCharacteristic = PerReading { totals($0).euler.description }
        label = PerReading { totals($0).label }
    }
}
