import ExactNumbers
import Randomness

/// Seeded small integers and rationals for the random cases of `verify`
/// (points, data, problems): the same numbers for the same seed everywhere.
public struct SeededRationals {
    var generator: SplitMix64

    public init(seed: UInt64) { generator = SplitMix64(state: seed) }

    /// Uniform in `range` (`lower + next mod count`; the modulo bias is irrelevant here).
    public mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(generator.next() % UInt64(range.count))
    }

    /// Uniform in `[−bound, bound] \ {0}`.
    public mutating func nonZero(bound: Int) -> Int {
        while true {
            let value = integer(in: -bound...bound)
            if value != 0 { return value }
        }
    }

    /// `p/q` with `p` from `numerators` and `q` from `denominators` (drawn in that order; `q ≥ 1`).
    public mutating func rational(numerators: ClosedRange<Int>, denominators: ClosedRange<Int>) -> Rational {
        let numerator = integer(in: numerators)
        return Rational(numerator: BigInt(numerator), denominator: BigInt(integer(in: denominators))) ?? .zero
    }
}
