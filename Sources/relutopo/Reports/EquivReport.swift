import JSONDocument
import Symmetry

/// `equiv --json` (SPEC §12: `{"equivalent": bool, "certificate": …}`): the
/// verdict on models `a` and `b` modulo rescaling and permutation, exact
/// (SPEC §5.2) or within a relative distance, and the certificate either way.
struct EquivReport: Encodable {
    let a: String
    let b: String
    let mode: Mode
    /// `--tolerance ε` (left out in exact mode).
    let tolerance: Double?
    let equivalent: Bool
    let certificate: Certificate

    enum Mode: String, Encodable {
        case exact, tolerance
    }

    /// What backs the verdict; its shape depends on the mode and the verdict.
    enum Certificate: Encodable {
        case exact(ExactCertificate)
        case exactMismatch(ExactMismatch)
        case approximate(ApproximateCertificate)
        case approximateMismatch(ApproximateMismatch)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .exact(let certificate): try certificate.encode(to: encoder)
            case .exactMismatch(let mismatch): try mismatch.encode(to: encoder)
            case .approximate(let certificate): try certificate.encode(to: encoder)
            case .approximateMismatch(let mismatch): try mismatch.encode(to: encoder)
            }
        }
    }

    /// `B_π(k) = (α_k a_k, v_k/α_k)`: the permutation and the exact `α_k`
    /// (rationals as strings), re-checked exactly before it is reported.
    struct ExactCertificate: Encodable {
        let permutation: [Int]
        let alpha: [String]
        let verified = true
    }

    /// The first neuron of A without a partner in B (`null` when the difference is not a neuron's).
    struct ExactMismatch: Encodable {
        let unmatchedNeuron: Int?
        let reason: String
    }

    /// The best permutation, the normalising factors `α_k` (decimal numbers,
    /// possibly outside binary64's range), each matched pair's relative distance
    /// and the output biases' distance.
    struct ApproximateCertificate: Encodable {
        let permutation: [Int]
        let alpha: [JSONValue]
        let relativeDistance: [Double]
        let outputBiasRelativeDistance: Double
        let maxRelativeDistance: Double
    }

    /// The first neuron of A left unmatched within ε and its nearest distance;
    /// or, when the output biases already differ, their distance
    /// (`output_bias_relative_distance`, written only then).
    struct ApproximateMismatch: Encodable {
        let unmatchedNeuron: Int?
        let nearestRelativeDistance: Double?
        let outputBiasRelativeDistance: Double?
        let reason: String

        enum CodingKeys: String, CodingKey {
            case unmatchedNeuron, nearestRelativeDistance, outputBiasRelativeDistance, reason
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(unmatchedNeuron, forKey: .unmatchedNeuron)
            try container.encode(nearestRelativeDistance, forKey: .nearestRelativeDistance)
            if let outputBiasRelativeDistance { try container.encode(outputBiasRelativeDistance, forKey: .outputBiasRelativeDistance) }
            try container.encode(reason, forKey: .reason)
        }
    }

    enum CodingKeys: String, CodingKey {
        case a, b, mode, tolerance, equivalent, certificate
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(a, forKey: .a)
        try container.encode(b, forKey: .b)
        try container.encode(mode, forKey: .mode)
        if let tolerance { try container.encode(tolerance, forKey: .tolerance) }
        try container.encode(equivalent, forKey: .equivalent)
        try container.encode(certificate, forKey: .certificate)
    }
}

extension EquivReport {
    /// The exact verdict on the models at paths `a` and `b`.
    init(a: String, b: String, _ result: EquivalenceResult) {
        self.a = a
        self.b = b
        mode = .exact
        tolerance = nil
        switch result {
        case .equivalent(let certificate):
            equivalent = true
            self.certificate = .exact(ExactCertificate(permutation: certificate.permutation, alpha: certificate.alphas.map(\.description)))
        case .notEquivalent(let neuron, let reason):
            equivalent = false
            certificate = .exactMismatch(ExactMismatch(unmatchedNeuron: neuron, reason: reason))
        }
    }

    /// The verdict within relative distance `tolerance` on the models at paths `a` and `b`.
    init(a: String, b: String, tolerance: Double, _ result: ApproximateEquivalence.Result) {
        self.a = a
        self.b = b
        mode = .tolerance
        self.tolerance = tolerance
        switch result {
        case .equivalent(let match):
            equivalent = true
            certificate = .approximate(ApproximateCertificate(
                permutation: match.permutation, alpha: match.alphas.map { .number($0.decimalText) }, relativeDistance: match.distances,
                outputBiasRelativeDistance: match.outputBiasDistance, maxRelativeDistance: match.maximumDistance))
        case .notEquivalent(let neuron, let nearest, let reason):
            equivalent = false
            // nearest: the unmatched neuron's nearest distance, or (no neuron) the output biases' distance.
            certificate = .approximateMismatch(ApproximateMismatch(
                unmatchedNeuron: neuron, nearestRelativeDistance: neuron != nil ? nearest : nil,
                outputBiasRelativeDistance: neuron == nil ? nearest : nil, reason: reason))
        }
    }
}
