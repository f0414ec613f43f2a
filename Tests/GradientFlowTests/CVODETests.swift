import Foundation
import Testing
@testable import GradientFlow

func runToEnd(_ solver: CVODESolver, _ end: Double) throws -> (roots: [Double], t: Double) {
    var roots: [Double] = [], t = 0.0
    while true {
        let (time, result) = try solver.step(toward: end)
        t = time
        if case .root = result { roots.append(time) }
        if result == .reachedStop || time >= end { break }
    }
    return (roots, t)
}

@Suite struct CVODETests {
    @Test(arguments: [CVODEMethod.adams, .bdf])
    func exponentialDecay(method: CVODEMethod) throws {
        let solver = try CVODESolver(method: method, dimension: 1, relativeTolerance: 1e-10, absoluteTolerance: 1e-14,
                                     t0: 0, y0: [1], rhs: { _, y, dy in dy[0] = -y[0] })
        let end = try runToEnd(solver, 5)
        #expect(end.t == 5)
        #expect(abs(solver.currentState[0] - exp(-5)) <= 1e-7 * exp(-5))
        #expect(solver.evaluations > 0 && solver.steps > 0)
    }

    /// Robertson's stiff chemical kinetics: BDF takes far fewer steps than Adams, and y1 + y2 + y3 = 1.
    @Test func stiffProblemFavoursBDF() throws {
        let rhs: CVODESolver.RightHandSide = { _, y, dy in
            dy[0] = -0.04 * y[0] + 1e4 * y[1] * y[2]
            dy[2] = 3e7 * y[1] * y[1]
            dy[1] = -dy[0] - dy[2]
        }
        let bdf = try CVODESolver(method: .bdf, dimension: 3, relativeTolerance: 1e-6, absoluteTolerance: 1e-10, t0: 0, y0: [1, 0, 0], rhs: rhs)
        _ = try runToEnd(bdf, 40)
        let state = bdf.currentState
        #expect(abs(state.reduce(0, +) - 1) < 1e-6)
        #expect(abs(state[0] - 0.7158) < 1e-3)   // the classic value y1(40) ≈ 0.715827
        let adams = try CVODESolver(method: .adams, dimension: 3, relativeTolerance: 1e-6, absoluteTolerance: 1e-10, t0: 0, y0: [1, 0, 0], rhs: rhs)
        _ = try runToEnd(adams, 40)
        #expect(bdf.steps * 5 < adams.steps, "BDF \(bdf.steps) steps, Adams \(adams.steps)")
    }

    @Test func rootFindingLocatesTheCrossing() throws {
        let solver = try CVODESolver(method: .adams, dimension: 1, relativeTolerance: 1e-10, absoluteTolerance: 1e-12,
                                     t0: 0, y0: [0], rhs: { _, _, dy in dy[0] = 1 },
                                     rootCount: 1, roots: { _, y, g in g[0] = y[0] - 0.5 })
        let end = try runToEnd(solver, 1)
        #expect(end.roots.count == 1)
        #expect(abs((end.roots.first ?? 0) - 0.5) < 1e-9)
    }

    /// The projection keeps the oscillator on its invariant circle x² + y² = 1.
    @Test func projectionKeepsTheInvariant() throws {
        let solver = try CVODESolver(method: .bdf, dimension: 2, relativeTolerance: 1e-6, absoluteTolerance: 1e-9,
                                     t0: 0, y0: [1, 0], rhs: { _, y, dy in dy[0] = y[1]; dy[1] = -y[0] },
                                     projection: { _, y in
                                         let norm = (y[0] * y[0] + y[1] * y[1]).squareRoot()
                                         y[0] /= norm; y[1] /= norm
                                     })
        #expect(solver.projectionActive)
        var worst = 0.0
        while true {
            let (time, result) = try solver.step(toward: 50)
            let y = solver.currentState
            worst = max(worst, abs(y[0] * y[0] + y[1] * y[1] - 1))
            if result == .reachedStop || time >= 50 { break }
        }
        #expect(worst < 1e-12)
    }

    /// SUNDIALS 6.4 accepts a projection function only for BDF (CVodeSetProjFn fails for Adams);
    /// the flow runner must project Adams runs itself. This test flags a change of that behaviour.
    @Test func adamsRejectsProjection() throws {
        let solver = try CVODESolver(method: .adams, dimension: 1, relativeTolerance: 1e-6, absoluteTolerance: 1e-9, t0: 0, y0: [1],
                                     rhs: { _, y, dy in dy[0] = -y[0] }, projection: { _, _ in })
        #expect(!solver.projectionActive)
    }
}
