import Testing
import ExactNumbers
@testable import Symmetry
import TestSupport

@Suite struct RepairPlanTests {
    func neuron(_ a: [Int], _ v: [Int], scale: Int = 1) -> ExactNeuron {
        ExactNeuron(a: a.map { Rational($0) / Rational(scale) }, v: v.map { Rational($0) })
    }

    /// Hand-derived exponents: the smallest j ≥ 1 with 16^j·A > B.
    @Test func exponents() {
        let plan = Repair.plan([
            neuron([3, 4], [-1], scale: 10),       // A = 1/4, B = 1: 16/4 = 4 > 1 → j = 1
            neuron([1, 0], [1]),                   // A = 1 = B (c = 0): j = 1
            neuron([1, 0], [1024]),                // B = 2^20: 16^5 = 2^20 is not > → j = 6
            neuron([2, 0], [1]),                   // c = 3 > 0: left alone
            neuron([0, 0], [3]),                   // a = 0: cannot be repaired
            neuron([0, 0], [0]),                   // zero neuron: left alone
        ])
        #expect(plan.exponents == [1, 1, 6, 0, 0, 0])
        #expect(plan.unrepairable == [4])
        let repaired = plan.apply(to: [neuron([3, 4], [-1], scale: 10)])
        // (3/10, 4/10)·2, −1/2: c' = 1 − 1/4 = 3/4.
        #expect(repaired[0].a == [Rational(3) / Rational(5), Rational(4) / Rational(5)])
        #expect(repaired[0].v == [Rational(-1) / Rational(2)])
    }

    @Test func repairedInvariantsArePositive() {
        var random = TestRandom(5)
        for _ in 0..<300 {
            let neurons = (0..<3).map { _ in ExactNeuron(a: [random.rational(), random.rational()], v: [random.rational()]) }
            let plan = Repair.plan(neurons)
            for (k, neuron) in plan.apply(to: neurons).enumerated() where !neuron.a.allSatisfy(\.isZero) {
                let c = neuron.a.reduce(Rational.zero) { $0 + $1.squared } - neuron.v.reduce(Rational.zero) { $0 + $1.squared }
                #expect(c.signum > 0, "neuron \(k)")
                // Minimality: one power of two less would not do (when the neuron was rescaled).
                if plan.exponents[k] > 1 {
                    let a2 = neurons[k].a.reduce(Rational.zero) { $0 + $1.squared }
                    let b2 = neurons[k].v.reduce(Rational.zero) { $0 + $1.squared }
                    #expect(!(a2.timesPowerOfTwo(4 * (plan.exponents[k] - 1)) > b2))
                }
            }
        }
    }
}
