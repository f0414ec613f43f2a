import ExactNumbers
import InvariantTopology
import ReluNetwork

/// `analyze --json` for `L ≥ 3` (SPEC §12, §13): widths, every hidden neuron's
/// exact `c` with its layer, the locked coordinates with their certificates,
/// `2^q` components and the label. Effective components, Betti numbers and
/// the Poincaré polynomial are `null`: no proven method gives them for `L ≥ 3`.
struct DeepAnalyzeReport: Encodable {
    let source: String
    let keys: [String]?
    let widths: [Int]
    let biases: [Bool]
    let activation: String
    let neurons: [Neuron]
    let signCounts: AnalyzeReport.SignCounts
    let lockedCoordinates: [LockedCoordinate]
    /// The given point's piece (docs/THEORY.md §13.4); null when no neuron has
    /// c = 0 (it is then `locked_coordinates`) or the piece is not computed.
    let dynamicalLockedCoordinates: [LockedCoordinate]?
    let components: PerReading<String?>
    let componentsNote: String?
    let effectiveComponents: PerReading<String>?
    let bettiNonzero: PerReading<String>?
    let poincarePolynomial: PerReading<String>?
    let label: PerReading<String?>

    struct Neuron: Encodable {
        let layer: Int
        let index: Int
        let c: String
        let cApprox: Double
        let sign: Int
        let locked: String
        let atApex: Bool
    }

    struct LockedCoordinate: Encodable {
        let tensor: String
        let index: [Int]
        let sign: Int
        let certificate: Certificate
    }

    struct Certificate: Encodable {
        /// `[h, k]`, layers 1-based.
        let neurons: [[Int]]
        let side: FlowPolytopeLocks.Side
        /// Members with c = 0 kept off their zero point that join X by one
        /// half (docs/THEORY.md §13.4); empty for the topological reading.
        let split: [[Int]]
    }
}

extension DeepAnalyzeReport {
    init(_ topology: DeepTopology) {
        let network = topology.network
        source = network.source
        keys = network.tensorNames?.flatMap { [$0.weights, $0.bias ?? "-"] }
        widths = network.widths
        biases = network.layers.map { $0.bias != nil }
        activation = network.activation.description
        // A locked W_h[i, j] is in the input side of (h, i) (h ≤ L − 1) and the output side of (h − 1, j) (h ≥ 2).
        var lockedSides: [FlowPolytopeLocks.Neuron: Set<String>] = [:]
        let depth = network.depth
        for (lock, _) in topology.locked {
            if lock.layer <= depth - 1 { lockedSides[.init(layer: lock.layer, index: lock.index[0]), default: []].insert("input") }
            if lock.layer >= 2 && lock.index[1] >= 0 { lockedSides[.init(layer: lock.layer - 1, index: lock.index[1]), default: []].insert("output") }
        }
        neurons = topology.invariants.enumerated().flatMap { h, layer in
            layer.enumerated().map { k, invariant in
                let sides = lockedSides[FlowPolytopeLocks.Neuron(layer: h + 1, index: k)] ?? []
                return Neuron(layer: h + 1, index: k, c: invariant.c.description, cApprox: invariant.c.doubleValue,
                              sign: invariant.c.signum,
                              locked: sides.count == 2 ? "both" : sides.first ?? "none", atApex: invariant.isAtApex)
            }
        }
        let all = topology.invariants.joined()
        signCounts = AnalyzeReport.SignCounts(positive: all.filter { $0.c.signum > 0 }.count, negative: all.filter { $0.c.signum < 0 }.count,
                                              zero: all.filter { $0.c.isZero }.count, apex: all.filter(\.isAtApex).count)
        func coordinates(_ locks: [(lock: FlowPolytopeLocks.Lock, sign: Int)]) -> [LockedCoordinate] {
            locks.map { lock, sign in
                let place = network.coordinate(lock)
                return LockedCoordinate(tensor: place.name, index: place.index, sign: sign,
                                        certificate: Certificate(neurons: lock.certificate.map { [$0.layer, $0.index] }, side: lock.side,
                                                                 split: lock.split.map { [$0.layer, $0.index] }))
            }
        }
        lockedCoordinates = coordinates(topology.locked)
        dynamicalLockedCoordinates = topology.piece == nil ? nil : coordinates(topology.dynamicalLocked)
        components = PerReading(topological: topology.componentCount.description, dynamical: topology.dynamicalComponentCount?.description)
        componentsNote = topology.componentsNote
        effectiveComponents = nil
        bettiNonzero = nil
        poincarePolynomial = nil
        label = PerReading(topological: topology.label, dynamical: topology.dynamicalLabel)
    }
}
