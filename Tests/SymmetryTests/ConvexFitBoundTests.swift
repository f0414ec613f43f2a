import Foundation
import Testing
import ExactNumbers
import ReluNetwork
@testable import Symmetry
import TestSupport

/// SPEC §6.3: the convex/concave-fit floor, against hand-solved fits, planted
/// violations (a known convex function is an upper bound on the optimum) and
/// the flow's own loss.
@Suite struct ConvexFitBoundTests {
    func q(_ p: Int, _ r: Int = 1) -> Rational { Rational(p) / Rational(r) }

    /// A small LP by hand: min x + 2y s.t. x + y = 1, x, y ≥ 0 → (1, 0); and an infeasible one.
    @Test func simplexByHand() {
        let solved = DenseSimplex.solve(a: [[1, 1]], b: [1], c: [1, 2])
        #expect(solved.x == [1, 0])
        #expect(DenseSimplex.solve(a: [[1, 1]], b: [-1], c: [0, 0]).x == nil)   // x + y = −1 with x, y ≥ 0
        // Degenerate: the centre of a square from its four corners, cheapest corners first.
        let hull = DenseSimplex.solve(a: [[0, 1, 0, 1], [0, 0, 1, 1], [1, 1, 1, 1]], b: [0.5, 0.5, 1], c: [4, 1, 1, 4])
        #expect(hull.x.map { zip($0, [0.0, 0.5, 0.5, 0.0]).allSatisfy { abs($0 - $1) < 1e-12 } } == true)
    }

    /// 1-D, concave, targets (1, −1, 1) at x = (−1, 0, 1): the best concave fit
    /// is (1/3, 1/3, 1/3) by symmetry (h(0) ≥ mean of the ends), loss (1/2n)·(2·(2/3)² + (4/3)²) = 4/9.
    @Test func oneDimensionalMSEByHand() {
        let fit = ConvexFitBound.search(features: [-1, 0, 1], dimension: 1, targets: [q(1), q(-1), q(1)], curvature: .concave, loss: .mse)
        #expect(fit.exactBound == q(4, 9))
        #expect(fit.groups.count == 1 && fit.groups[0].point == 1 && fit.groups[0].gap == q(2))
        #expect(fit.groups[0].support.map(\.weight) == [q(1, 2), q(1, 2)])
        // Convex functions fit these values exactly: no bound.
        #expect(ConvexFitBound.search(features: [-1, 0, 1], dimension: 1, targets: [q(1), q(-1), q(1)], curvature: .convex, loss: .mse).bound == 0)
    }

    /// BCE, labels (1, 0, 1, 0) at x = (−1, 0, 1, 2), concave: the fit of the first
    /// three is 3·log(1 + e^a) − 2a at its minimum σ(a) = 2/3, i.e. 3 log 3 − 2 log 2
    /// (strong duality holds for one constraint), over n = 4.
    @Test func bceByHand() {
        let fit = ConvexFitBound.search(features: [-1, 0, 1, 2], dimension: 1, targets: [q(1), q(0), q(1), q(0)], curvature: .concave, loss: .bce)
        let optimum = (3 * log(3.0) - 2 * log(2.0)) / 4
        #expect(fit.bound <= optimum && fit.bound >= optimum * (1 - 1e-9))
    }

    /// Planted violations: y = φ(x) for a convex φ (max of affine functions)
    /// except at points raised by t_i. φ itself is a convex fit with loss
    /// Σt_i²/(2n), so the optimum, and hence the bound, is at most that. When
    /// φ is affine, the raised midpoint sits 3 above its neighbours' chord and
    /// must be found (bound > 0).
    @Test func plantedViolationsAreBoundedByTheConvexFunction() {
        var random = TestRandom(11)
        for trial in 0..<40 {
            let n = 10 + random.next(10), d = 1 + random.next(3)
            var features = (0..<(n * d)).map { _ in Double(random.next(33) - 16) / 4 }
            // One point in the middle of two others, so something is interior.
            for j in 0..<d { features[j] = (features[d + j] + features[2 * d + j]) / 2 }
            let affine = trial % 3 == 0
            let pieces = (0..<(affine ? 1 : 3)).map { _ in ((0..<d).map { _ in random.dyadic() }, random.dyadic()) }
            func phi(_ i: Int) -> Rational {
                pieces.map { slope, offset in
                    zip(slope, (0..<d).map { Rational(exactly: features[i * d + $0]) ?? .zero }).reduce(offset) { $0 + $1.0 * $1.1 }
                }.max(by: <) ?? .zero
            }
            var targets = (0..<n).map(phi)
            var raised = Rational.zero
            targets[0] += q(3)
            raised += q(9)
            if trial % 2 == 0, n > 5 { targets[5] += q(1, 2); raised += q(1, 4) }
            let fit = ConvexFitBound.search(features: features, dimension: d, targets: targets, curvature: .convex, loss: .mse)
            let ceiling = raised / Rational(2 * n)
            #expect(fit.exactBound.map { $0 <= ceiling } == true, "trial \(trial): bound \(fit.bound) above φ's loss \(ceiling.doubleValue)")
            if affine { #expect(fit.bound > 0, "trial \(trial): the raised midpoint is 3 above its neighbours' chord") }
            // Every group is an exact convex combination (re-checked here independently).
            for group in fit.groups {
                #expect(group.support.reduce(Rational.zero) { $0 + $1.weight } == Rational(1))
                for j in 0..<d {
                    let mean = group.support.reduce(Rational.zero) { $0 + $1.weight * (Rational(exactly: features[$1.point * d + j]) ?? .zero) }
                    #expect(mean == Rational(exactly: features[group.point * d + j]))
                }
                let fitted = group.support.reduce(Rational.zero) { $0 + $1.weight * targets[$1.point] }
                #expect(targets[group.point] - fitted == group.gap)
            }
        }
    }

    /// The bounded heap returns the k smallest keys, as a full sort would.
    @Test func nearestIsTheSortedPrefix() {
        var random = TestRandom(5)
        for _ in 0..<50 {
            let items = Array(0..<(1 + random.next(300)))
            let keys = items.map { _ in Double(random.next(1000)) + Double(random.next(1000)) / 1000 }
            let k = 1 + random.next(40)
            let heap = Set(ConvexFitBound.nearest(k, of: items, by: { keys[$0] }).map { keys[$0] })
            let sorted = Set(items.sorted { keys[$0] < keys[$1] }.prefix(k).map { keys[$0] })
            #expect(heap == sorted)
        }
    }

    /// Points in convex position (on a parabola): every value pattern has a convex fit; no bound.
    @Test func convexPositionGivesZero() {
        let xs = (0..<12).map { Double($0) - 5.5 }
        let features = xs.flatMap { [$0, $0 * $0] }
        let targets = (0..<12).map { q($0 % 3 == 0 ? 5 : -2) }
        let fit = ConvexFitBound.search(features: features, dimension: 2, targets: targets, curvature: .convex, loss: .mse)
        #expect(fit.bound == 0 && fit.groups.isEmpty)
    }
}

/// SPEC §6.3 through `Obstruction`: output biases no longer make every data verdict unknown.
@Suite struct OutputBiasObstructionTests {
    /// The paper's two-neuron student (both output weights locked negative) with
    /// an output bias, the teacher relu(x₁ + x₂) with one too: β is in no law,
    /// so the teacher verdict is the one without biases (obstructed: 1 > u = 0).
    @Test func teacherRuleIgnoresOutputBiases() throws {
        let student = try model(#"{"W1": [[0.3, 0.4], [0.6, -0.8]], "W2": [[-1, -1.25]]}"#)
        let studentBias = try model(#"{"W1": [[0.3, 0.4], [0.6, -0.8]], "W2": [[-1, -1.25]], "b2": [0.25]}"#)
        let teacher = try model(#"{"W1": [[1, 1]], "W2": [[1]]}"#)
        let teacherBias = try model(#"{"W1": [[1, 1]], "W2": [[1]], "b2": [-3]}"#)
        let plain = try Obstruction.teacher(initModel: student, teacher: teacher)
        #expect(plain.verdict == .obstructed)
        for (initModel, target) in [(studentBias, teacherBias), (studentBias, teacher)] {
            let result = try Obstruction.teacher(initModel: initModel, teacher: target)
            #expect(result.verdict == plain.verdict && result.counts == plain.counts)
        }
        // A teacher β* ≠ 0 without an output bias in the init: not a point of its space; said why.
        let mismatch = try Obstruction.teacher(initModel: student, teacher: teacherBias)
        #expect(mismatch.verdict == .unknown && mismatch.explanation.contains("output bias"))
    }

    /// With an output bias and data: concave f on x = (−1, 0, 1), targets (1, −1, 1): 4/9.
    @Test func dataFloorWithOutputBias() throws {
        let concave = try model(#"{"W1": [[1], [-1]], "b1": [0.1, 0.2], "W2": [[-2, -2]], "b2": [0.5]}"#)
        let result = Obstruction.data(initModel: concave, targets: [q(1), q(-1), q(1)], loss: .mse, features: [-1, 0, 1])
        #expect(result.verdict == .obstructed && result.boundRational == q(4, 9) && result.boundValue == 4.0 / 9)
        #expect(result.explanation.contains("concave"))
        // Without features the reason is said, never a guess.
        let blind = Obstruction.data(initModel: concave, targets: [q(1), q(-1), q(1)], loss: .mse)
        #expect(blind.verdict == .unknown && blind.explanation.contains("features"))
        // No locks at all: the plain-words reason of SPEC §6.3.
        let free = try model(#"{"W1": [[2], [-2]], "W2": [[1, -1]], "b2": [0]}"#)
        let none = Obstruction.data(initModel: free, targets: [q(1), q(-1), q(1)], loss: .mse, features: [-1, 0, 1])
        #expect(none.verdict == .unknown && none.explanation.contains("connected"))
        // Mixed locked signs: a difference of convex functions fits anything.
        let mixed = try model(#"{"W1": [[1], [-1]], "W2": [[-2, 2]], "b2": [0]}"#)
        #expect(Obstruction.data(initModel: mixed, targets: [q(1), q(-1), q(1)], loss: .mse, features: [-1, 0, 1]).explanation.contains("both signs"))
    }

    /// SPEC §6.2 assumed σ ≥ 0. With leaky ReLU (γ = 1/2), a = (1, 0), v = −2
    /// and the one sample x = (−1, 0), y = 1: f(x) = −2·(½·(−1)) = 1 = y, loss 0
    /// at the init itself, so no positive floor may be claimed (the sign rule
    /// would have said 1/2). The curvature rule still holds: f is concave.
    @Test func leakyReluHasNoSignFloor() throws {
        let leaky = try model(#"{"W1": [[1, 0]], "W2": [[-2]], "activation": {"leaky_relu": 0.5}}"#)
        let result = Obstruction.data(initModel: leaky, targets: [q(1)], loss: .mse, features: [-1, 0])
        #expect(result.verdict == .unknown && result.boundRational == nil)
        let relu = try model(#"{"W1": [[1, 0]], "W2": [[-2]]}"#)
        #expect(Obstruction.data(initModel: relu, targets: [q(1)], loss: .mse, features: [-1, 0]).boundRational == q(1, 2))
    }

    func q(_ p: Int, _ r: Int = 1) -> Rational { Rational(p) / Rational(r) }
}
