import ExactNumbers

extension FlowPolytopeLocks {
    /// One dynamical piece (SPEC §13.4): the neurons in `apex` sit at their
    /// apex (`a = o = 0`) and stay there, the other `c = 0` neurons (`strict`)
    /// never reach theirs. The piece's squares lie in
    /// `P_dyn = P ∩ {apex squares = 0} ∩ {throughput > 0 off the apex}`: the
    /// apex neurons and their edges leave the graph, and the rest is again a
    /// dense layered flow polytope with strict neurons, so the same linear-time
    /// rule decides its locks.
    public struct Piece: Sendable {
        public let apex: Set<Neuron>
        /// The polytope without the apex neurons (their indices renumbered).
        public let reduced: FlowPolytopeLocks
        /// `kept[h]`: the original index of each neuron of reduced layer `h`
        /// (`h = 0 … L`; the input and output layers are never reduced).
        public let kept: [[Int]]
        /// The locks that re-checked on the reduced polytope, in the original
        /// indices and SPEC §12's order.
        public let locks: [Lock]
        /// Locks proposed whose certificate did not re-check (expected 0).
        public let unverified: Int
        /// No point has these neurons at the apex and the other `c = 0`
        /// neurons off it (possible only when the apex neurons fill a layer).
        public let isEmpty: Bool

        /// When the apex neurons fill a whole hidden layer the graph is no
        /// longer dense and the corollary does not apply: the cut enumeration
        /// decides such a piece up to 16 nodes, and past that it is nil.
        public init?(widths: [Int], bias: [Bool], invariants: [[Rational]], apex: Set<Neuron>, strict: Set<Neuron>) {
            let L = widths.count - 1
            var kept: [[Int]] = [Array(0..<widths[0])]
            for h in 1..<L { kept.append((0..<widths[h]).filter { !apex.contains(Neuron(layer: h, index: $0)) }) }
            kept.append(Array(0..<widths[L]))
            let dense = kept.allSatisfy { !$0.isEmpty }
            var renumbered: [[Int: Int]] = kept.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1, $0) }) }
            renumbered[0] = [:]
            let reducedStrict = Set(strict.compactMap { neuron in
                renumbered[neuron.layer][neuron.index].map { Neuron(layer: neuron.layer, index: $0) }
            })
            let reducedInvariants = (1..<L).map { h in kept[h].map { invariants[h - 1][$0] } }
            let reduced = FlowPolytopeLocks(widths: kept.map(\.count), bias: bias, invariants: reducedInvariants, strict: reducedStrict)
            func original(_ neuron: Neuron) -> Neuron { Neuron(layer: neuron.layer, index: kept[neuron.layer][neuron.index]) }
            var proposed = reduced.locks
            var isEmpty = false
            if !dense {
                guard let enumerated = reduced.cutEnumeration() else { return nil }
                proposed = enumerated.locks
                isEmpty = enumerated.empty
            }
            let verified = proposed.filter(reduced.verify)
            self.isEmpty = isEmpty
            self.apex = apex
            self.reduced = reduced
            self.kept = kept
            self.unverified = proposed.count - verified.count
            self.locks = verified.map { lock in
                // W_layer[i, j]: i in layer `layer` (F when it is L), j in layer `layer − 1` (F when 0).
                let i = lock.layer < L ? kept[lock.layer][lock.index[0]] : lock.index[0]
                let j = lock.index[1] >= 0 && lock.layer - 1 >= 1 ? kept[lock.layer - 1][lock.index[1]] : lock.index[1]
                return Lock(layer: lock.layer, index: [i, j], certificate: lock.certificate.map(original), side: lock.side,
                            split: lock.split.map(original), owner: original(lock.owner), ownerSide: lock.ownerSide)
            }
        }
    }

    /// SPEC §13.4's total: `Σ 2^{q(A)}` over every subset `A` of the `c = 0`
    /// neurons put at the apex (the others kept off it), empty pieces left out.
    ///
    /// The `c = 0` neurons of one layer are interchangeable nodes (same `c`,
    /// same edges, the same strictness off the apex), so a piece's locks
    /// depend only on how many of each layer's sit at the apex: one piece per
    /// count vector `(a_h)`, weighted by `Π_h C(z_h, a_h)`. Nil when that is
    /// more than `maximumWork` neuron visits (the pieces times the neurons), or
    /// when some piece empties a hidden layer of a network too large to enumerate.
    public static func dynamicalTotal(widths: [Int], bias: [Bool], invariants: [[Rational]],
                                      maximumWork: Int = 1 << 25) -> BigInt? {
        let zero: [[Int]] = invariants.map { layer in layer.indices.filter { layer[$0].isZero } }
        let neurons = invariants.reduce(0) { $0 + $1.count }
        var pieces = 1
        for z in zero {
            let (product, overflow) = pieces.multipliedReportingOverflow(by: z.count + 1)
            guard !overflow, product.multipliedReportingOverflow(by: neurons + 1).overflow == false,
                  product * (neurons + 1) <= maximumWork else { return nil }
            pieces = product
        }
        let all = Set(zero.enumerated().flatMap { h, indices in indices.map { Neuron(layer: h + 1, index: $0) } })
        var total = BigInt(0)
        var counts = [Int](repeating: 0, count: zero.count)
        while true {
            let apex = Set(zero.enumerated().flatMap { h, indices in indices.prefix(counts[h]).map { Neuron(layer: h + 1, index: $0) } })
            guard let piece = Piece(widths: widths, bias: bias, invariants: invariants, apex: apex, strict: all.subtracting(apex)) else { return nil }
            if !piece.isEmpty {
                let ways = zip(zero, counts).reduce(BigInt(1)) { $0 * BigInt.binomial($1.0.count, $1.1) }
                total += ways * BigInt.powerOfTwo(piece.locks.count)
            }
            // Next count vector, odometer order.
            guard let h = counts.indices.first(where: { counts[$0] < zero[$0].count }) else { break }
            for lower in 0..<h { counts[lower] = 0 }
            counts[h] += 1
        }
        return total
    }
}
