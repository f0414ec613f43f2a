import ExactNumbers
import InvariantTopology
import Randomness

extension BruteForceChecks {
    /// SPEC §13.3–§13.4 decided a second, independent way on tiny deep nets:
    /// every coordinate is either locked, with a cut certificate that
    /// re-checks, or free, with an exact rational point of the piece's
    /// polytope where it is 0 — the point where the construction of the
    /// theorem flips its sign. The points come from an exact rational LP
    /// (`ExactSimplex`), one per coordinate, and are re-checked exactly; no
    /// coordinate may have both kinds of witness, or neither. Random apex
    /// choices among the `c = 0` neurons (the others kept off their apex) cover
    /// the dynamical pieces, emptied layers included; an empty piece must be
    /// infeasible for the LP too. `2^q` then follows from the witnesses alone.
    public static func deepPieces(cases: Int = 600, seed: UInt64 = 1304) -> (cases: Int, mismatches: [Mismatch]) {
        var random = SplitMix64(state: seed)
        func draw(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        var mismatches: [Mismatch] = []
        var checked = 0
        while checked < cases {
            let depth = 2 + draw(3)
            var widths = [1 + draw(2)]
            for _ in 1..<depth { widths.append(draw(3) == 0 ? 2 + draw(2) : 1) }
            widths.append(1 + draw(2))
            guard widths.dropFirst().dropLast().reduce(0, +) <= 7 else { continue }
            let bias = [false] + (1...depth).map { _ in draw(4) == 0 }
            let invariants = (1..<depth).map { h in (0..<widths[h]).map { _ in Rational(draw(3) == 0 ? 0 : draw(7) - 3) } }
            let zero = invariants.enumerated().flatMap { h, layer in
                layer.indices.filter { layer[$0].isZero }.map { FlowPolytopeLocks.Neuron(layer: h + 1, index: $0) }
            }
            let apex = Set(zero.filter { _ in draw(3) == 0 })
            let strict = Set(zero).subtracting(apex)
            guard let piece = FlowPolytopeLocks.Piece(widths: widths, bias: bias, invariants: invariants, apex: apex, strict: strict) else { continue }
            let problem = PiecePolytope(widths: widths, bias: bias, invariants: invariants, apex: apex, strict: strict)
            let what = "widths \(widths), biases \(bias.dropFirst()), c \(invariants.map { $0.map(\.description) }), apex \(apex.sorted().map { [$0.layer, $0.index] })"
            let nonEmpty = problem.witness(zeroAt: nil) != nil
            if nonEmpty == piece.isEmpty {
                mismatches.append(Mismatch(what: "\(what): the LP finds the piece \(nonEmpty ? "non-empty" : "empty"), the cut rule the opposite"))
            } else if nonEmpty {
                let locked = Set(piece.locks.map { [$0.layer] + $0.index })
                for coordinate in problem.coordinates {
                    let free = problem.witness(zeroAt: coordinate) != nil
                    if free == locked.contains(coordinate) {
                        mismatches.append(Mismatch(what: "\(what): coordinate \(coordinate) is \(free ? "free by an exact point" : "locked by the LP") but \(free ? "locked" : "free") by the cut rule"))
                    }
                }
                if piece.unverified != 0 { mismatches.append(Mismatch(what: "\(what): \(piece.unverified) certificate(s) did not re-check")) }
            }
            checked += 1
        }
        return (checked, mismatches)
    }
}

/// The polytope of one piece (SPEC §13.4) as explicit linear constraints on
/// every coordinate's square: one balance row per hidden neuron off the apex,
/// the apex neurons' coordinates absent (0), and `throughput ≥ t` for the
/// strict neurons with `t` maximised (`t ≤ 1`).
struct PiecePolytope {
    /// `[layer, i, j]`, `j = −1` for a bias, as `FlowPolytopeLocks` numbers them.
    let coordinates: [[Int]]
    let heads: [FlowPolytopeLocks.Neuron?], tails: [FlowPolytopeLocks.Neuron?]
    let neurons: [FlowPolytopeLocks.Neuron]
    let c: [FlowPolytopeLocks.Neuron: Rational]
    let strict: [FlowPolytopeLocks.Neuron]

    init(widths: [Int], bias: [Bool], invariants: [[Rational]], apex: Set<FlowPolytopeLocks.Neuron>, strict: Set<FlowPolytopeLocks.Neuron>) {
        let L = widths.count - 1
        var coordinates: [[Int]] = [], heads: [FlowPolytopeLocks.Neuron?] = [], tails: [FlowPolytopeLocks.Neuron?] = []
        for h in 1...L {
            for i in 0..<widths[h] {
                let to = h == L ? nil : FlowPolytopeLocks.Neuron(layer: h, index: i)
                if let to, apex.contains(to) { continue }
                for j in 0..<widths[h - 1] {
                    let from = h == 1 ? nil : FlowPolytopeLocks.Neuron(layer: h - 1, index: j)
                    if let from, apex.contains(from) { continue }
                    coordinates.append([h, i, j]); tails.append(from); heads.append(to)
                }
                if bias[h] && h < L { coordinates.append([h, i, -1]); tails.append(nil); heads.append(to) }
            }
        }
        self.coordinates = coordinates
        self.heads = heads
        self.tails = tails
        neurons = (1..<L).flatMap { h in (0..<widths[h]).map { FlowPolytopeLocks.Neuron(layer: h, index: $0) } }.filter { !apex.contains($0) }
        c = Dictionary(uniqueKeysWithValues: neurons.map { ($0, invariants[$0.layer - 1][$0.index]) })
        self.strict = strict.sorted()
    }

    /// An exact point of the piece's polytope with `s = 0` at `zeroAt` (nil: any
    /// point), re-checked against the constraints; nil when there is none.
    func witness(zeroAt excluded: [Int]?) -> [Rational]? {
        let columns = coordinates.indices.filter { coordinates[$0] != excluded }
        // Variables: the kept squares, then t, one slack per strict neuron, and t's slack.
        let n = columns.count + 1 + strict.count + 1
        let tColumn = columns.count
        var a: [[Rational]] = [], b: [Rational] = []
        for neuron in neurons {
            var row = [Rational](repeating: .zero, count: n)
            for (position, column) in columns.enumerated() {
                if heads[column] == neuron { row[position] = row[position] + Rational(1) }
                if tails[column] == neuron { row[position] = row[position] - Rational(1) }
            }
            a.append(row); b.append(c[neuron] ?? .zero)
        }
        for (index, neuron) in strict.enumerated() {
            var row = [Rational](repeating: .zero, count: n)
            for (position, column) in columns.enumerated() where heads[column] == neuron { row[position] = Rational(1) }
            row[tColumn] = Rational(-1)
            row[tColumn + 1 + index] = Rational(-1)
            a.append(row); b.append(.zero)
        }
        var bound = [Rational](repeating: .zero, count: n)
        bound[tColumn] = Rational(1); bound[n - 1] = Rational(1)
        a.append(bound); b.append(Rational(1))
        var objective = [Rational](repeating: .zero, count: n)
        objective[tColumn] = Rational(1)
        guard case .optimal(let x, let value) = ExactSimplex.maximize(objective, subjectTo: a, equals: b),
              strict.isEmpty || value.signum > 0 else { return nil }
        // Re-check the point itself: s ≥ 0, every balance, positive throughput off the apex.
        var s = [Rational](repeating: .zero, count: coordinates.count)
        for (position, column) in columns.enumerated() { s[column] = x[position] }
        guard s.allSatisfy({ $0.signum >= 0 }) else { return nil }
        for neuron in neurons {
            var balance = Rational.zero
            for column in coordinates.indices {
                if heads[column] == neuron { balance = balance + s[column] }
                if tails[column] == neuron { balance = balance - s[column] }
            }
            guard balance == (c[neuron] ?? .zero) else { return nil }
        }
        for neuron in strict {
            let throughput = coordinates.indices.filter { heads[$0] == neuron }.reduce(Rational.zero) { $0 + s[$1] }
            guard throughput.signum > 0 else { return nil }
        }
        return s
    }
}
