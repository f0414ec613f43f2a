import ExactNumbers
import ReluNetwork

/// The topology of a deep network's invariant set (SPEC §13.2–§13.4): the exact
/// `c` of every hidden neuron, the locked coordinates with their certificates
/// (each re-checked from the graph before it is kept), `β₀ = 2^q` and the label
/// of the given point's component, in both readings.
public struct DeepTopology: Sendable {
    public let network: LayeredNetwork
    /// `invariants[h − 1][k]` for hidden neuron `(h, k)`.
    public let invariants: [[NeuronInvariant]]
    public let polytope: FlowPolytopeLocks
    /// The locked coordinates and the sign of the given point there (never 0: s > 0 on P).
    public let locked: [(lock: FlowPolytopeLocks.Lock, sign: Int)]
    /// The given point's dynamical piece (SPEC §13.4) when some neuron has
    /// `c = 0`; nil without such neurons (the readings then agree) or when its
    /// apex neurons fill a hidden layer.
    public let piece: FlowPolytopeLocks.Piece?
    /// The piece's locked coordinates with the given point's signs.
    public let dynamicalLocked: [(lock: FlowPolytopeLocks.Lock, sign: Int)]
    /// `β₀` in the dynamical reading: the total over apex subsets (SPEC §13.4);
    /// nil with more than 16 `c = 0` neurons or an apex subset that empties a layer.
    public let dynamicalComponentCount: BigInt?
    /// Proposed locks whose certificate did not re-check, or whose coordinate is
    /// 0 at the given point; they are left out of every count (expected 0).
    public let unverified: Int

    public init(network: LayeredNetwork) throws(ModelInputError) {
        self.network = network
        let invariants = try network.invariants()
        self.invariants = invariants
        let bias = [false] + (1...network.depth).map { network.hasBias($0) }
        let c = invariants.map { $0.map(\.c) }
        polytope = FlowPolytopeLocks(widths: network.widths, bias: bias, invariants: c)
        func signed(_ locks: [FlowPolytopeLocks.Lock]) -> [(lock: FlowPolytopeLocks.Lock, sign: Int)] {
            locks.map { lock in
                let place = network.coordinate(lock)
                return (lock, place.tensor.sign(at: place.flat))
            }.filter { $0.sign != 0 }
        }
        let verified = polytope.locks.filter(polytope.verify)
        locked = signed(verified)
        var unverified = polytope.locks.count - locked.count
        let zero = invariants.enumerated().flatMap { h, layer in
            layer.indices.filter { layer[$0].c.isZero }.map { FlowPolytopeLocks.Neuron(layer: h + 1, index: $0) }
        }
        if zero.isEmpty {
            piece = nil
            dynamicalLocked = locked
            dynamicalComponentCount = BigInt.powerOfTwo(locked.count)
        } else {
            let apex = Set(zero.filter { invariants[$0.layer - 1][$0.index].isAtApex })
            let given = FlowPolytopeLocks.Piece(widths: network.widths, bias: bias, invariants: c, apex: apex,
                                                strict: Set(zero).subtracting(apex))
            let signedLocks = given.map { signed($0.locks) } ?? []
            unverified += given.map { $0.unverified + $0.locks.count - signedLocks.count } ?? 0
            piece = given
            dynamicalLocked = signedLocks
            dynamicalComponentCount = given == nil ? nil
                : FlowPolytopeLocks.dynamicalTotal(widths: network.widths, bias: bias, invariants: c)
        }
        self.unverified = unverified
    }

    /// The locks that hold along the flow from the given point: the piece's
    /// (SPEC §13.4) when it is computed, else those on the whole set (which
    /// hold for every point).
    public var flowLocked: [(lock: FlowPolytopeLocks.Lock, sign: Int)] { piece == nil ? locked : dynamicalLocked }

    /// `q`, the number of locked coordinates.
    public var lockedCount: Int { locked.count }

    /// `β₀(H(c)) = 2^q` (topological reading, SPEC §13.3).
    public var componentCount: BigInt { BigInt.powerOfTwo(lockedCount) }

    /// The signs of the locked coordinates in SPEC §12's order.
    public var label: String { locked.map { $0.sign > 0 ? "+" : "-" }.joined() }

    /// The dynamical label: the piece's locked signs in SPEC §12's order, with
    /// `0` in the place of each neuron at its apex (as §4.3 for `L = 2`); nil
    /// when the piece is not computed.
    public var dynamicalLabel: String? {
        guard let piece else { return zeroNeurons == 0 ? label : nil }
        typealias Key = (layer: Int, index: Int, side: Int, first: Int, last: Int)
        var symbols: [(key: Key, symbol: String)] = dynamicalLocked.map { lock, sign in
            ((lock.owner.layer, lock.owner.index, lock.ownerSide == .into ? 0 : 1, lock.index[0], lock.index[1]), sign > 0 ? "+" : "-")
        }
        symbols += piece.apex.map { (($0.layer, $0.index, -1, 0, 0), "0") }
        return symbols.sorted { $0.key < $1.key }.map(\.symbol).joined()
    }

    /// Hidden neurons with `c = 0`: the dynamical reading differs only through them.
    public var zeroNeurons: Int { invariants.joined().filter { $0.c.isZero }.count }
}

extension LayeredNetwork {
    /// Where a lock's coordinate is stored: `W_h[i, j]`, or `b_h[i]` when
    /// `j = −1`; `index` as the user's tensor is shaped (a trailing 1-D output
    /// weight has one index), `flat` its row-major offset.
    public func coordinate(_ lock: FlowPolytopeLocks.Lock) -> (tensor: Tensor, name: String, index: [Int], flat: Int) {
        let layer = layers[lock.layer - 1]
        let names = tensorNames?[lock.layer - 1]
        if lock.index[1] < 0, let bias = layer.bias {
            return (bias, names?.bias ?? bias.name, [lock.index[0]], lock.index[0])
        }
        let tensor = layer.weights
        let matrix = tensor.shape.count == 2
        return (tensor, names?.weights ?? tensor.name, matrix ? lock.index : [lock.index[1]],
                matrix ? lock.index[0] * tensor.shape[1] + lock.index[1] : lock.index[1])
    }
}
