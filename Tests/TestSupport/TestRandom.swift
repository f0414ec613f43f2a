import ExactNumbers
import Randomness

/// The random numbers of the property tests: SplitMix64 from a seed (the same
/// integers on every machine), `SeededRandom`'s normals, and the small exact
/// values the tests draw.
public struct TestRandom: RandomNumberGenerator, Sendable {
    var source: SeededRandom

    public init(_ seed: UInt64) { source = SeededRandom(seed: seed) }

    public mutating func next() -> UInt64 { source.next() }

    /// Uniform in `0..<bound` (`next mod bound`; the modulo bias is irrelevant here).
    public mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// Standard normal.
    public mutating func normal() -> Double { source.normal() }

    /// `k/2^j` with `−16 ≤ k ≤ 16`, `0 ≤ j ≤ 3`: exact in binary64.
    public mutating func dyadic() -> Rational { Rational(next(33) - 16) / Rational(1 << next(4)) }

    /// `p/q` with `−20 ≤ p ≤ 20`, `1 ≤ q ≤ 9`.
    public mutating func rational() -> Rational {
        Rational(numerator: BigInt(next(41) - 20), denominator: BigInt(1 + next(9))) ?? .zero
    }

    /// `p/q` with `1 ≤ p, q ≤ 30`.
    public mutating func positiveRational() -> Rational {
        Rational(numerator: BigInt(1 + next(30)), denominator: BigInt(1 + next(30))) ?? Rational(1)
    }

    /// A finite double spread over all binades, subnormals included.
    public mutating func anyFiniteDouble() -> Double {
        while true {
            let value = Double(bitPattern: next())
            if value.isFinite { return value }
        }
    }
}
