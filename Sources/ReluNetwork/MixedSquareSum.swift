import ExactNumbers

/// Exact `Σ x²` over a mix of binary64 and rational entries: binary64 squares go
/// to a long accumulator (`ExactSquareSum`, no rounding), rationals to GMP.
struct MixedSquareSum {
    var binary = ExactSquareSum()
    var exact = Rational.zero
    var hasExact = false

    mutating func add(_ tensor: Tensor, at index: Int) {
        switch tensor.values {
        case .binary64(let values): binary.addSquare(of: values[index])
        case .packed(let values): binary.addSquare(of: values[index])
        case .exact(let values):
            exact += values[index].squared
            hasExact = true
        }
    }

    mutating func reset() {
        binary.reset()
        if hasExact { exact = .zero; hasExact = false }
    }

    /// The exact sum.
    mutating func value() -> Rational {
        hasExact ? binary.value() + exact : binary.value()
    }

    var isZero: Bool { binary.isZero && exact.isZero }
}
