import ExactNumbers
import InvariantTopology
import Randomness

extension BruteForceChecks {
    /// SPEC §13.3 on tiny deep networks: the linear-time locks equal the
    /// Gale–Hoffman condition checked on every set of hidden neurons, and every
    /// certificate re-checks from the graph. Widths 1–3 with width-1 layers
    /// favoured (where locks couple), biases at random, `c ∈ {−3 … 3}` (ties included).
    public static func deepLocks(cases: Int = 400, seed: UInt64 = 13) -> (cases: Int, mismatches: [Mismatch]) {
        var random = SplitMix64(state: seed)
        func draw(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        var mismatches: [Mismatch] = []
        var checked = 0
        while checked < cases {
            let depth = 2 + draw(4)
            var widths = [1 + draw(2)]
            for _ in 1..<depth { widths.append(draw(3) == 0 ? 2 + draw(2) : 1) }
            widths.append(1 + draw(2))
            guard widths.dropFirst().dropLast().reduce(0, +) <= 10 else { continue }
            let bias = [false] + (1...depth).map { _ in draw(4) == 0 }
            let invariants = (1..<depth).map { h in (0..<widths[h]).map { _ in Rational(draw(7) - 3) } }
            let locks = FlowPolytopeLocks(widths: widths, bias: bias, invariants: invariants)
            let fast = Set(locks.locks.map { [$0.layer] + $0.index })
            if fast != locks.lockedByCutEnumeration() || !locks.locks.allSatisfy(locks.verify) {
                mismatches.append(Mismatch(what: "widths \(widths), biases \(bias.dropFirst()), c \(invariants.map { $0.map(\.description) }): fast \(fast.sorted { $0.lexicographicallyPrecedes($1) })"))
            }
            checked += 1
        }
        return (checked, mismatches)
    }
}
