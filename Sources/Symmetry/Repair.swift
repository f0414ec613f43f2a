import ExactNumbers
import ReluNetwork

/// The function-preserving repair of SPEC §7: rescale neuron k by `α_k = 2^{j_k}`
/// so that every `c'_k = α²‖a‖² − ‖v‖²/α² > 0` where `a_k ≠ 0`.
public struct RepairPlan: Sendable {
    /// `j_k` (0 for neurons left alone).
    public let exponents: [Int]
    /// Neurons with `a_k = 0` and `v_k ≠ 0`: `c_k = −‖v_k‖² < 0` for every rescaling.
    public let unrepairable: [Int]

    /// The rescaled neurons, exactly.
    public func apply(to neurons: [ExactNeuron]) -> [ExactNeuron] {
        zip(neurons, exponents).map { neuron, j in
            j == 0 ? neuron : ExactNeuron(a: neuron.a.map { $0.timesPowerOfTwo(j) }, v: neuron.v.map { $0.timesPowerOfTwo(-j) })
        }
    }
}

public enum Repair {
    /// `j_k = 0` if `c_k > 0` (or `a_k = 0`), else the smallest `j ≥ 1` with
    /// `2^{4j}‖a‖² > ‖v‖²`, i.e. `α⁴ > ‖v‖²/‖a‖²` (SPEC §7). Powers of two keep
    /// binary floats exact, so the written network computes the same function.
    public static func plan(_ neurons: [ExactNeuron]) -> RepairPlan {
        plan(squaredNorms: neurons.map { neuron in
            (ExactNeuron.squaredNorm(neuron.a), ExactNeuron.squaredNorm(neuron.v))
        })
    }

    /// The plan from `(‖a_k‖², ‖v_k‖²)` per neuron.
    public static func plan(squaredNorms: [(Rational, Rational)]) -> RepairPlan {
        var exponents: [Int] = [], unrepairable: [Int] = []
        for (k, (a2, b2)) in squaredNorms.enumerated() {
            if a2.isZero {
                if !b2.isZero { unrepairable.append(k) }
                exponents.append(0)
                continue
            }
            if a2 > b2 { exponents.append(0); continue }
            // Start from the bit-length estimate, then step to the exact smallest j.
            let estimate = max(1, (b2.numerator.bitWidth - b2.denominator.bitWidth - a2.numerator.bitWidth + a2.denominator.bitWidth) / 4)
            var j = estimate
            while j > 1 && a2.timesPowerOfTwo(4 * (j - 1)) > b2 { j -= 1 }
            while !(a2.timesPowerOfTwo(4 * j) > b2) { j += 1 }
            exponents.append(j)
        }
        return RepairPlan(exponents: exponents, unrepairable: unrepairable)
    }
}

extension Repair {
    /// The largest `|f_before(x) − f_after(x)|` over every output and every
    /// point of `inputs`, in binary64: the change of the function, measured.
    /// For a power-of-two repair it is 0 (the products are scaled exactly)
    /// unless a value overflows or underflows.
    public static func largestChange(from before: ReluNetworkModel, to after: ReluNetworkModel, on inputs: [[Double]]) -> Double {
        var largest = 0.0
        for (old, new) in zip(before.evaluate(inputs), after.evaluate(inputs)) {
            for (p, q) in zip(old, new) { largest = max(largest, abs(p - q)) }
        }
        return largest
    }
}
