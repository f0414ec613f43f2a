/// One architecture of any depth (SPEC §13.1): `widths = [d, n_1, …, n_{L−1}, e]`,
/// `L ≥ 2` linear layers, every layer with a bias or none (`bias`). A sweep
/// runs `L = 2` as the two-layer `Architecture` (same rows, same streams);
/// this type describes `L ≥ 3`.
public struct DeepArchitecture: Sendable, Hashable {
    /// `[n_0 = d, n_1, …, n_L = e]`.
    public let widths: [Int]
    public let bias: Bool

    public init(widths: [Int], bias: Bool) {
        self.widths = widths
        self.bias = bias
    }

    /// `L`, the number of linear layers.
    public var depth: Int { widths.count - 1 }
    public var inputs: Int { widths.first ?? 0 }
    public var outputs: Int { widths.last ?? 0 }
    /// The hidden layers `1 … L − 1`.
    public var hiddenLayers: ClosedRange<Int> { 1...(depth - 1) }

    /// `m_h`: the input-side size of a neuron of hidden layer `h` (`n_{h−1}`, plus 1 with a bias).
    public func inputSideDimension(layer h: Int) -> Int { widths[h - 1] + (bias ? 1 : 0) }

    /// The two-layer architecture when `L = 2`.
    public var twoLayer: Architecture? {
        depth == 2 ? Architecture(inputs: widths[0], hidden: widths[1], outputs: widths[2], bias: bias) : nil
    }

    /// `"d-n_1-…-e"`, as the cell's random streams are keyed (`scheme|d-n_1-…-e|bias`).
    public var widthsText: String { widths.map(String.init).joined(separator: "-") }

    /// Entries of the largest weight matrix: a Monte Carlo sample holds one
    /// `W_h` at a time (its columns are output sides, read after it is drawn).
    public var largestStoredMatrix: Int {
        (1...depth).reduce(0) { Swift.max($0, SweepSpec.saturatingProduct(widths[$1], widths[$1 - 1])) }
    }

    /// Entries drawn per sample: every weight, and the hidden biases (the output bias is free, SPEC §13.3).
    public var drawsPerSample: Int {
        (1...depth).reduce(0) { total, h in
            let weights = SweepSpec.saturatingProduct(widths[h], widths[h - 1])
            let biases = bias && h < depth ? widths[h] : 0
            let (sum, overflow) = total.addingReportingOverflow(weights)
            return overflow ? Int.max : (sum > Int.max - biases ? Int.max : sum + biases)
        }
    }

    /// An upper bound on the number `q` of locked coordinates (SPEC §13.3): a
    /// coordinate is locked only if it is the one edge leaving its owner (the
    /// next layer has width 1; `W_L` when `e = 1`) or the one edge entering it
    /// (fan-in 1: previous width 1 and no bias). Bounds the histogram of `q`.
    public var maximumLocks: Int {
        var total = 0
        for h in hiddenLayers {
            if widths[h + 1] == 1 { total += widths[h] }
            if widths[h - 1] == 1 && !bias { total += widths[h] }
        }
        return total
    }

    /// Whether no lock can need a chain (SPEC §13.3's corollary): every hidden
    /// width is at least 2. Then `q` counts the last layer's `c < 0` neurons
    /// when `e = 1`, plus the first layer's `c > 0` neurons when `d = 1` and
    /// there is no bias.
    public var hasNoBottleneck: Bool { hiddenLayers.allSatisfy { widths[$0] >= 2 } }
}

extension SweepSpec {
    /// `a · b`, or `Int.max` on overflow.
    static func saturatingProduct(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : product
    }
}
