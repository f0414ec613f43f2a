/// `verify lie --widths … --json` and the rows of the deep Lie-algebra check
/// (SPEC §11.2, §13; SPEC §12: `{"dimension": D, "trace_dimension": r,
/// "conservation_laws": D − r, …}`). `lie_algebra_dimension` is `null` unless
/// the algebra closed (for `L ≥ 3` it is infinite-dimensional in general).
extension DeepConservationLawReport: Encodable {
    enum CodingKeys: String, CodingKey {
        case family, widths
        case hiddenBias = "bias"
        case dimension, hiddenNeurons, generators, traceByDepth, fieldsByDepth, traceDimension, conservationLaws, verifiedLaws
        case certified, lawsOrthogonal, lieAlgebraDimension, stop, depth, brackets, pendingBrackets, maximumDegree, prime, seconds
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ConservationLawReport.Family.allData, forKey: .family)
        try container.encode(widths, forKey: .widths)
        try container.encode(hiddenBias, forKey: .hiddenBias)
        try container.encode(dimension, forKey: .dimension)
        try container.encode(hiddenNeurons, forKey: .hiddenNeurons)
        try container.encode(generators, forKey: .generators)
        try container.encode(traceByDepth, forKey: .traceByDepth)
        try container.encode(fieldsByDepth, forKey: .fieldsByDepth)
        try container.encode(traceDimension, forKey: .traceDimension)
        try container.encode(conservationLaws, forKey: .conservationLaws)
        try container.encode(verifiedLaws, forKey: .verifiedLaws)
        try container.encode(certified, forKey: .certified)
        try container.encode(lawsOrthogonal, forKey: .lawsOrthogonal)
        try container.encode(lieAlgebraDimension, forKey: .lieAlgebraDimension)
        try container.encode(stop.rawValue, forKey: .stop)
        try container.encode(depth, forKey: .depth)
        try container.encode(brackets, forKey: .brackets)
        if let pendingBrackets { try container.encode(pendingBrackets, forKey: .pendingBrackets) }
        try container.encode(maximumDegree, forKey: .maximumDegree)
        // Ranks are taken in F_p, p = 2^61 − 1 (`PrimeField`).
        try container.encode("2^61-1", forKey: .prime)
        try container.encode(seconds, forKey: .seconds)
    }
}
