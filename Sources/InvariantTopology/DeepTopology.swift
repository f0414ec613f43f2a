import ExactNumbers
import ReluNetwork

/// The topology of a deep network's invariant set (SPEC §13.2–§13.4): the exact
/// `c` of every hidden neuron, the locked coordinates with their certificates
/// (each re-checked from the graph before it is kept), `β₀ = 2^q` and the label
/// of the given point's component.
public struct DeepTopology: Sendable {
    public let network: LayeredNetwork
    /// `invariants[h − 1][k]` for hidden neuron `(h, k)`.
    public let invariants: [[NeuronInvariant]]
    public let polytope: FlowPolytopeLocks
    /// The locked coordinates and the sign of the given point there (never 0: s > 0 on P).
    public let locked: [(lock: FlowPolytopeLocks.Lock, sign: Int)]

    public init(network: LayeredNetwork) throws(ModelInputError) {
        self.network = network
        let invariants = try network.invariants()
        self.invariants = invariants
        let bias = [false] + (1...network.depth).map { network.hasBias($0) }
        polytope = FlowPolytopeLocks(widths: network.widths, bias: bias, invariants: invariants.map { $0.map(\.c) })
        locked = polytope.locks.filter(polytope.verify).map { lock in
            let tensor = network.layers[lock.layer - 1].weights
            let flat = tensor.shape.count == 2 ? lock.index[0] * tensor.shape[1] + lock.index[1] : lock.index[1]
            return (lock, tensor.sign(at: flat))
        }
    }

    /// `q`, the number of locked coordinates.
    public var lockedCount: Int { locked.count }

    /// `β₀(H(c)) = 2^q` (topological reading, SPEC §13.3).
    public var componentCount: BigInt { BigInt.powerOfTwo(lockedCount) }

    /// The signs of the locked coordinates in SPEC §12's order.
    public var label: String { locked.map { $0.sign > 0 ? "+" : "-" }.joined() }

    /// Hidden neurons with `c = 0`: the dynamical reading differs only through them.
    public var zeroNeurons: Int { invariants.joined().filter { $0.c.isZero }.count }

    /// The dynamical count when it is proven: equal to the topological one
    /// without `c = 0` neurons; for `L = 2` the closed forms decide it
    /// elsewhere; deeper with `c = 0` neurons it is not computed (nil).
    public var dynamicalComponentCount: BigInt? { zeroNeurons == 0 ? componentCount : nil }
}
