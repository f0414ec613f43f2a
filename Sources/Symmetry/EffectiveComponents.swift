import ExactNumbers
import InvariantTopology

/// How many effective components (SPEC §5.4) a reading has, with the rule
/// that gives the number.
public struct EffectiveComponentCount: Sendable, Equatable {
    public let value: BigInt
    public let rule: String
}

/// Effective components of `H(c)` in closed form (SPEC §5.4), for every
/// `m`, `e`, sign pattern of `c` and reading.
///
/// Why these formulas: the rescaling `(a, v) → (αa, v/α)` keeps the sign of
/// `a` (when `m = 1`), the sign of `v` (when `e = 1`), and which of `a`, `v`
/// are zero. Call that a neuron's *type*; the multiset of types is
/// `G`-invariant. Two components are identified exactly when some type
/// multiset is achievable in both (given one, a permutation places each neuron
/// where the other has the same type, and SPEC §5.3 rescales it onto that
/// slot's quadric). Slots of the same sign of `c` are interchangeable, so the
/// classes depend only on `p = #{c > 0}`, `n = #{c < 0}`, `z = #{c = 0}`:
/// * a locked sign can be flipped iff some slot can hold a neuron of either
///   sign on that side (a `c < 0` or topological `c = 0` slot frees the sign
///   of `a`; a `c > 0` or topological `c = 0` slot frees the sign of `v`);
/// * in the dynamical reading the number `k` of neurons at the apex is
///   invariant (only the zero neuron has `c = 0` and `a = v = 0`), and the
///   off-apex `c = 0` slots hold neurons with both locked signs fixed.
/// `BruteForceEffectiveComponents` checks every case with `l ≤ 4`.
public enum EffectiveComponents {
    public static func count(m: Int, e: Int, positive p: Int, negative n: Int, zero z: Int, reading: Reading) -> EffectiveComponentCount {
        let l = p + n + z
        let aSigned = m == 1, vSigned = e == 1
        /// Σ_{k=0}^{z} (l − k + 1): classes (apex count k, census of one locked sign among l − k).
        func signCensusByApexCount() -> BigInt {
            BigInt(z + 1) * BigInt(l + 1) - BigInt(z * (z + 1) / 2)
        }
        switch reading {
        case .topological:
            var value = BigInt(1)
            var reasons: [String] = []
            /// One locked side: its signs are free when another slot type can hold either sign,
            /// else the number of positive locked scalars (0…count) classifies.
            func lockedSide(_ signed: Bool, freedBy others: Int, locked count: Int, free: String, rigid: String) {
                guard signed else { return }
                if others >= 1 {
                    reasons.append(free)
                } else {
                    value *= BigInt(count + 1)
                    reasons.append(rigid + " = \(count + 1)")
                }
            }
            lockedSide(aSigned, freedBy: n + z, locked: p, free: "input signs free (a slot with c ≤ 0 holds either sign of a)",
                       rigid: "m = 1, every c > 0: classes by the number of positive inputs, p + 1")
            lockedSide(vSigned, freedBy: p + z, locked: n, free: "output signs free (a slot with c ≥ 0 holds either sign of v)",
                       rigid: "e = 1, every c < 0: classes by the number of positive outputs, n + 1")
            if reasons.isEmpty { reasons.append("m ≥ 2, e ≥ 2: nothing locked") }
            return EffectiveComponentCount(value: value, rule: "docs/THEORY.md §5.4 (topological): " + reasons.joined(separator: "; "))
        case .dynamical:
            let apexOnly = "the number of neurons at the apex (0…z = \(z)) is the only invariant: z + 1"
            switch (aSigned, vSigned) {
            case (false, false):
                return EffectiveComponentCount(value: BigInt(z + 1), rule: "docs/THEORY.md §5.4 (dynamical), m ≥ 2, e ≥ 2: " + apexOnly)
            case (false, true):
                if p >= 1 { return EffectiveComponentCount(value: BigInt(z + 1), rule: "docs/THEORY.md §5.4 (dynamical), e = 1, a free neuron (c > 0): " + apexOnly) }
                return EffectiveComponentCount(value: signCensusByApexCount(),
                    rule: "docs/THEORY.md §5.4 (dynamical), e = 1, no c > 0: classes by (apex count k, number of positive outputs among l − k): Σ_{k=0}^{z} (l − k + 1)")
            case (true, false):
                if n >= 1 { return EffectiveComponentCount(value: BigInt(z + 1), rule: "docs/THEORY.md §5.4 (dynamical), m = 1, a neuron with c < 0: " + apexOnly) }
                return EffectiveComponentCount(value: signCensusByApexCount(),
                    rule: "docs/THEORY.md §5.4 (dynamical), m = 1, no c < 0: classes by (apex count k, number of positive inputs among l − k): Σ_{k=0}^{z} (l − k + 1)")
            case (true, true):
                if p >= 1 && n >= 1 {
                    return EffectiveComponentCount(value: BigInt(z + 1), rule: "docs/THEORY.md §5.4 (dynamical), m = e = 1, neurons with c > 0 and c < 0: " + apexOnly)
                }
                if p >= 1 || n >= 1 {
                    let side = p >= 1 ? "inputs (all c ≥ 0)" : "outputs (all c ≤ 0)"
                    return EffectiveComponentCount(value: signCensusByApexCount(),
                        rule: "docs/THEORY.md §5.4 (dynamical), m = e = 1: classes by (apex count k, number of positive \(side) among l − k): Σ_{k=0}^{z} (l − k + 1)")
                }
                return EffectiveComponentCount(value: BigInt.binomial(l + 4, 4),
                    rule: "docs/THEORY.md §5.4 (dynamical), m = e = 1, every c = 0: every neuron's type (apex, ++, +−, −+, −−) is fixed; classes by the counts of the five types, C(l + 4, 4)")
            }
        }
    }

    /// Effective components of a network's invariant set in a reading.
    public static func count(_ topology: NetworkTopology, _ reading: Reading) -> EffectiveComponentCount {
        let counts = topology.signCounts
        return count(m: topology.shape.inputSideDimension, e: topology.shape.outputs,
                     positive: counts.positive, negative: counts.negative, zero: counts.zero, reading: reading)
    }
}
