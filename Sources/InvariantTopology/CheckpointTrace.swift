import ExactNumbers
import ReluNetwork

/// A series of checkpoints of one training run, read one at a time (SPEC
/// §14.6): the exact `c` of every hidden neuron, its drift from the first
/// checkpoint, `q(t)` and the label, and for every coordinate locked at the
/// first checkpoint whether and where its sign first changed. Memory is one
/// network plus a summary per checkpoint (a few numbers, and the `c` of at
/// most `plottedLimit` neurons), so long series stay small.
public struct CheckpointTrace: Sendable {
    /// One checkpoint's summary.
    public struct Point: Sendable {
        public let path: String
        /// The locks that hold for the flow from this checkpoint (SPEC §13.4's piece).
        public let lockedCount: Int
        public let label: String
        /// `max_k |c_k − c_k(first)|`, exact, and the neuron `(layer, index)` where it is.
        public let maximumDrift: Rational
        public let driftNeuron: FlowPolytopeLocks.Neuron?
        /// Coordinates locked at the first checkpoint whose sign differs here from there.
        public let changedLocks: Int
        /// `c` of the plotted neurons, in `plotted` order (binary64, for pictures).
        public let plottedInvariants: [Double]
        /// Every `c` exactly, when asked for (`keepAllInvariants`).
        public let invariants: [Rational]?
    }

    /// A coordinate locked at the first checkpoint and what became of its sign.
    public struct LockedAtStart: Sendable {
        public let lock: FlowPolytopeLocks.Lock
        public let tensor: String
        public let index: [Int]
        public let sign: Int
        /// The first checkpoint (0-based) where the sign differs from `sign`, and the sign there.
        public var firstChange: (checkpoint: Int, sign: Int)?
    }

    public let keepAllInvariants: Bool
    public let plottedLimit: Int
    public private(set) var widths: [Int] = []
    /// Whether each layer has a bias, from the first checkpoint.
    public private(set) var biases: [Bool] = []
    public private(set) var first: [Rational] = []
    public private(set) var points: [Point] = []
    public private(set) var lockedAtStart: [LockedAtStart] = []
    /// Neurons whose `c(t)` is kept for pictures: those in the certificates of
    /// the first checkpoint's locks, then those with the smallest `|c|` there.
    public private(set) var plotted: [FlowPolytopeLocks.Neuron] = []
    private var plottedFlat: [Int] = []

    public init(keepAllInvariants: Bool = false, plottedLimit: Int = 24) {
        self.keepAllInvariants = keepAllInvariants
        self.plottedLimit = plottedLimit
    }

    /// Adds the next checkpoint. Bad input (another shape than the first) is
    /// `ModelInputError` naming the checkpoint's file.
    public mutating func add(_ network: LayeredNetwork, path: String) throws(ModelInputError) {
        let hasBias = (1...network.depth).map(network.hasBias)
        if points.isEmpty {
            widths = network.widths
            biases = hasBias
        } else if network.widths == widths, let h = hasBias.indices.first(where: { hasBias[$0] != biases[$0] }) {
            let name = network.tensorNames?[h].bias ?? "b\(h + 1)"
            throw ModelInputError(file: path, tensor: name, reason: "\(hasBias[h] ? "has" : "lacks") the bias \(name) of layer \(h + 1), which the first checkpoint (\(points[0].path)) \(biases[h] ? "has" : "lacks"): a trace follows one network")
        } else if network.widths != widths {
            throw ModelInputError(file: path, reason: "widths \(network.widths.map(String.init).joined(separator: " → ")), but the first checkpoint (\(points[0].path)) has \(widths.map(String.init).joined(separator: " → ")): a trace follows one network")
        }
        let topology = try DeepTopology(network: network)
        let layers = topology.invariants.map { $0.map(\.c) }
        let c = Array(layers.joined())
        let neurons = layers.enumerated().flatMap { h, layer in layer.indices.map { FlowPolytopeLocks.Neuron(layer: h + 1, index: $0) } }
        if points.isEmpty {
            first = c
            lockedAtStart = topology.flowLocked.map { lock, sign in
                let place = network.coordinate(lock)
                return LockedAtStart(lock: lock, tensor: place.name, index: place.index, sign: sign, firstChange: nil)
            }
            var chosen: [FlowPolytopeLocks.Neuron] = []
            var seen = Set<FlowPolytopeLocks.Neuron>()
            for entry in lockedAtStart {
                for neuron in entry.lock.certificate where chosen.count < plottedLimit / 2 && seen.insert(neuron).inserted { chosen.append(neuron) }
            }
            let closest = c.indices.sorted { c[$0].magnitude < c[$1].magnitude }
            for index in closest where chosen.count < plottedLimit && seen.insert(neurons[index]).inserted { chosen.append(neurons[index]) }
            plotted = chosen.sorted()
            let offsets = layers.reduce(into: [0]) { $0.append($0.last! + $1.count) }
            plottedFlat = plotted.map { offsets[$0.layer - 1] + $0.index }
        }
        var drift = Rational.zero
        var driftAt: Int? = nil
        for index in c.indices {
            let change = (c[index] - first[index]).magnitude
            if change > drift { drift = change; driftAt = index }
        }
        let checkpoint = points.count
        var changed = 0
        for position in lockedAtStart.indices {
            let place = network.coordinate(lockedAtStart[position].lock)
            let sign = place.tensor.sign(at: place.flat)
            if sign != lockedAtStart[position].sign {
                changed += 1
                if lockedAtStart[position].firstChange == nil { lockedAtStart[position].firstChange = (checkpoint, sign) }
            }
        }
        points.append(Point(path: path, lockedCount: topology.flowLocked.count, label: topology.dynamicalLabel ?? topology.label,
                            maximumDrift: drift, driftNeuron: driftAt.map { neurons[$0] }, changedLocks: changed,
                            plottedInvariants: plottedFlat.map { c[$0].doubleValue },
                            invariants: keepAllInvariants ? c : nil))
    }

    /// The neurons in SPEC §12's order, `(layer, index)`.
    public var neuronCount: Int { first.count }
}
