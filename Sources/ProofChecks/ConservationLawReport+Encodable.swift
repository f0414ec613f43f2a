/// `verify lie --json` and the rows of the Lie-algebra check (SPEC §11.2,
/// SPEC §12: `{"dimension": D, "trace_dimension": r, "conservation_laws": D − r, …}`).
/// `samples`, `activation_classes` and `dead_neurons` belong to the given-data
/// family and are left out of all-data reports rather than written as `null`.
extension ConservationLawReport: Encodable {
    enum CodingKeys: String, CodingKey {
        case family, inputs, hidden, outputs
        case hiddenBias = "bias"
        case samples, dimension, generators, lieAlgebraDimension, traceDimension, conservationLaws, verifiedLaws
        case certified, levels, brackets, activationClasses, deadNeurons, prime, seconds
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(family, forKey: .family)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(hidden, forKey: .hidden)
        try container.encode(outputs, forKey: .outputs)
        try container.encode(hiddenBias, forKey: .hiddenBias)
        if let samples { try container.encode(samples, forKey: .samples) }
        try container.encode(dimension, forKey: .dimension)
        try container.encode(generators, forKey: .generators)
        try container.encode(lieAlgebraDimension, forKey: .lieAlgebraDimension)
        try container.encode(traceDimension, forKey: .traceDimension)
        try container.encode(conservationLaws, forKey: .conservationLaws)
        try container.encode(verifiedLaws, forKey: .verifiedLaws)
        try container.encode(certified, forKey: .certified)
        try container.encode(levels, forKey: .levels)
        try container.encode(brackets, forKey: .brackets)
        if let activationClasses { try container.encode(activationClasses, forKey: .activationClasses) }
        if let deadNeurons { try container.encode(deadNeurons, forKey: .deadNeurons) }
        // Ranks are taken in F_p, p = 2^61 − 1 (`PrimeField`).
        try container.encode("2^61-1", forKey: .prime)
        try container.encode(seconds, forKey: .seconds)
    }
}

/// The family by its name (`"all data, all losses"`, `"given data and point"`).
extension ConservationLawReport.Family: Encodable {}
