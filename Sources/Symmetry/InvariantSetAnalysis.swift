import ExactNumbers
import InvariantTopology
import ReluNetwork

/// What `relutopo analyze` reports about a model (SPEC §2–§5): the topology of
/// its invariant set and, per reading of SPEC §3, the totals — components,
/// effective components, the factored Poincaré polynomial, the Euler
/// characteristic, the label of the model's component and the size of the
/// expanded Betti numbers. Each reading is computed once, and once for both
/// when they agree (no `c_k = 0`).
public struct InvariantSetAnalysis: Sendable {
    public let model: ReluNetworkModel
    public let topology: NetworkTopology
    let totalsByReading: [Reading: Totals]

    /// The totals of SPEC §4–§5 in one reading. The expanded Poincaré
    /// polynomial (thousands of big binomials for wide layers) is computed only
    /// when asked for.
    public struct Totals: Sendable {
        public let reading: Reading
        public let components: BigInt
        public let effective: EffectiveComponentCount
        public let factoredPoincare: String
        public let euler: BigInt
        public let label: String
        /// How large the expanded Betti numbers would be (from the factors, without expanding).
        public let bettiSize: BettiSize
        let topology: NetworkTopology

        init(_ topology: NetworkTopology, _ reading: Reading) {
            self.topology = topology
            self.reading = reading
            components = topology.componentCount(reading)
            effective = EffectiveComponents.count(topology, reading)
            factoredPoincare = topology.factoredPoincare(reading)
            euler = topology.eulerCharacteristic(reading)
            label = topology.label(reading)
            bettiSize = BettiSize(topology.poincareFactors(reading))
        }

        /// The expanded Poincaré polynomial: the Betti numbers.
        public var poincare: PoincarePolynomial { topology.poincarePolynomial(reading) }
    }

    public init(model: ReluNetworkModel) {
        self.model = model
        let topology = NetworkTopology(model: model)
        self.topology = topology
        let topological = Totals(topology, .topological)
        let readingsAgree = topology.signCounts.zero == 0   // SPEC §3: for c ≠ 0 both readings agree
        readingsDiffer = !readingsAgree
        totalsByReading = [.topological: topological,
                           .dynamical: readingsAgree ? topological : Totals(topology, .dynamical)]
    }

    /// The totals in `reading`.
    public func totals(_ reading: Reading) -> Totals {
        totalsByReading[reading] ?? Totals(topology, reading)
    }

    /// Whether the two readings of SPEC §3 can differ (only when some `c_k = 0`).
    /// Stored: the text and JSON reports ask it once per neuron, and counting
    /// signs is a pass over every neuron.
    public let readingsDiffer: Bool
}
