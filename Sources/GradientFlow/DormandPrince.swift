import Foundation

/// The explicit Runge–Kutta pair of Dormand and Prince, order 5(4), with
/// local extrapolation, FSAL, step-size control, and Hairer's continuous
/// extension of order 4 for dense output (Hairer, Nørsett, Wanner, *Solving
/// ODEs I*, §II.4–II.6; the `DOPRI5` code). Generic over the right-hand side,
/// so it can be tested on equations with known solutions.
public struct DormandPrince: Sendable {
    public var relativeTolerance: Double
    public var absoluteTolerance: Double
    /// Largest step allowed (∞ for none).
    public var maximumStep: Double = .infinity
    /// Stop after this many right-hand-side evaluations.
    public var evaluationBudget: Int = 10_000_000

    public init(relativeTolerance: Double, absoluteTolerance: Double) {
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
    }

    // Butcher tableau.
    static let c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9
    static let a21 = 1.0 / 5
    static let a31 = 3.0 / 40, a32 = 9.0 / 40
    static let a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9
    static let a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561, a54 = -212.0 / 729
    static let a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176, a65 = -5103.0 / 18656
    static let a71 = 35.0 / 384, a73 = 500.0 / 1113, a74 = 125.0 / 192, a75 = -2187.0 / 6784, a76 = 11.0 / 84
    // Error weights: 5th-order minus 4th-order solution.
    static let e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920, e5 = -17253.0 / 339200, e6 = 22.0 / 525, e7 = -1.0 / 40
    // Dense output.
    static let d1 = -12715105075.0 / 11282082432, d3 = 87487479700.0 / 32700410799, d4 = -10690763975.0 / 1880347072
    static let d5 = 701980252875.0 / 199316789632, d6 = -1453857185.0 / 822651844, d7 = 69997945.0 / 29380423

    /// One accepted step `[t, t + h]` with its continuous extension.
    public struct Step: Sendable {
        public let t: Double, h: Double
        let r1: [Double], r2: [Double], r3: [Double], r4: [Double], r5: [Double]

        /// `y(t + θh)` for θ ∈ [0, 1] (order 4).
        public func interpolate(at time: Double) -> [Double] {
            let s = h == 0 ? 0 : (time - t) / h, s1 = 1 - s
            return (0..<r1.count).map { i in r1[i] + s * (r2[i] + s1 * (r3[i] + s * (r4[i] + s1 * r5[i]))) }
        }

        /// Component `i` of `y(time)`: the same interpolant, one coordinate.
        public func interpolate(at time: Double, component i: Int) -> Double {
            let s = h == 0 ? 0 : (time - t) / h, s1 = 1 - s
            return r1[i] + s * (r2[i] + s1 * (r3[i] + s * (r4[i] + s1 * r5[i])))
        }
    }

    public struct Statistics: Sendable, Equatable {
        public var evaluations = 0, accepted = 0, rejected = 0
    }

    /// Why `integrate` stopped.
    public enum Stop: Sendable, Equatable {
        case reachedEnd, budgetExhausted, stepTooSmall, stoppedByObserver
    }

    /// Integrates `y' = f(t, y)` from `(t0, y0)` to `tEnd`. After every accepted
    /// step `observer(step, &y)` may modify the state (projection) and return
    /// false to stop. Returns the final time, state, statistics and reason.
    ///
    /// Every call starts with Hairer's starting-step estimate. Restarting after
    /// an event with the previous step size instead saved 20% of the evaluations
    /// on breast cancer (l = 32) but moved the loss at t = 200 by 3.5% at rtol
    /// 1e-6 (events then land late in long steps, on the order-4 dense output).
    public func integrate(_ f: (Double, [Double]) -> [Double], from t0: Double, _ y0: [Double], to tEnd: Double,
                          observer: (Step, inout [Double]) -> Bool = { _, _ in true })
        -> (t: Double, y: [Double], statistics: Statistics, stop: Stop)
    {
        var statistics = Statistics()
        var t = t0, y = y0
        var k1 = f(t, y)
        statistics.evaluations += 1
        var h = initialStep(f, t0, y0, k1, tEnd, &statistics)
        var previousError = 1e-4
        let n = y.count
        func axpy(_ base: [Double], _ terms: [(Double, [Double])]) -> [Double] {
            var out = base
            for (coefficient, k) in terms where coefficient != 0 { for i in 0..<n { out[i] += coefficient * k[i] } }
            return out
        }
        while t < tEnd {
            if statistics.evaluations >= evaluationBudget { return (t, y, statistics, .budgetExhausted) }
            h = min(h, maximumStep, tEnd - t)
            if h <= 16 * Double.ulpOfOne * max(1, abs(t)) { return (t, y, statistics, .stepTooSmall) }
            let k2 = f(t + Self.c2 * h, axpy(y, [(h * Self.a21, k1)]))
            let k3 = f(t + Self.c3 * h, axpy(y, [(h * Self.a31, k1), (h * Self.a32, k2)]))
            let k4 = f(t + Self.c4 * h, axpy(y, [(h * Self.a41, k1), (h * Self.a42, k2), (h * Self.a43, k3)]))
            let k5 = f(t + Self.c5 * h, axpy(y, [(h * Self.a51, k1), (h * Self.a52, k2), (h * Self.a53, k3), (h * Self.a54, k4)]))
            let k6 = f(t + h, axpy(y, [(h * Self.a61, k1), (h * Self.a62, k2), (h * Self.a63, k3), (h * Self.a64, k4), (h * Self.a65, k5)]))
            let y1 = axpy(y, [(h * Self.a71, k1), (h * Self.a73, k3), (h * Self.a74, k4), (h * Self.a75, k5), (h * Self.a76, k6)])
            let k7 = f(t + h, y1)
            statistics.evaluations += 6
            var error = 0.0
            for i in 0..<n {
                let estimate = h * (Self.e1 * k1[i] + Self.e3 * k3[i] + Self.e4 * k4[i] + Self.e5 * k5[i] + Self.e6 * k6[i] + Self.e7 * k7[i])
                let scale = absoluteTolerance + relativeTolerance * max(abs(y[i]), abs(y1[i]))
                error += (estimate / scale) * (estimate / scale)
            }
            error = (error / Double(max(n, 1))).squareRoot()
            if error <= 1 {   // NaN fails this test and is rejected
                statistics.accepted += 1
                var r2 = y1, r3 = y1, r4 = y1, r5 = y1
                for i in 0..<n {
                    r2[i] = y1[i] - y[i]
                    r3[i] = h * k1[i] - r2[i]
                    r4[i] = r2[i] - h * k7[i] - r3[i]
                    r5[i] = h * (Self.d1 * k1[i] + Self.d3 * k3[i] + Self.d4 * k4[i] + Self.d5 * k5[i] + Self.d6 * k6[i] + Self.d7 * k7[i])
                }
                let step = Step(t: t, h: h, r1: y, r2: r2, r3: r3, r4: r4, r5: r5)
                t += h
                y = y1
                k1 = k7
                var state = y
                let proceed = observer(step, &state)
                if state != y {   // the observer moved the state (projection): re-evaluate the derivative
                    y = state
                    if proceed {
                        k1 = f(t, y)
                        statistics.evaluations += 1
                    }
                }
                // PI step-size control (Hairer's β = 0.04).
                let factor = min(10, max(0.2, 0.9 * pow(max(error, 1e-10), -0.2 + 0.04 * 0.75) * pow(previousError, 0.04)))
                previousError = max(error, 1e-4)
                h *= factor
                if !proceed { return (t, y, statistics, .stoppedByObserver) }
            } else {
                statistics.rejected += 1
                let factor = error.isFinite ? max(0.2, 0.9 * pow(error, -0.2)) : 0.2
                h *= factor
            }
        }
        return (t, y, statistics, .reachedEnd)
    }

    /// Hairer's starting step: from the sizes of y0, f(y0) and a second-derivative estimate.
    func initialStep(_ f: (Double, [Double]) -> [Double], _ t0: Double, _ y0: [Double], _ f0: [Double], _ tEnd: Double,
                     _ statistics: inout Statistics) -> Double {
        let n = Double(max(y0.count, 1))
        func norm(_ v: [Double]) -> Double {
            (zip(v, y0).reduce(0) { sum, pair in
                let scale = absoluteTolerance + relativeTolerance * abs(pair.1)
                return sum + (pair.0 / scale) * (pair.0 / scale)
            } / n).squareRoot()
        }
        let d0 = norm(y0), d1 = norm(f0)
        var h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1
        h0 = min(h0, tEnd - t0)
        let y1 = zip(y0, f0).map { $0 + h0 * $1 }
        let f1 = f(t0 + h0, y1)
        statistics.evaluations += 1
        let d2 = norm(zip(f1, f0).map { $0 - $1 }) / h0
        let h1 = max(d1, d2) <= 1e-15 ? max(1e-6, h0 * 1e-3) : pow(0.01 / max(d1, d2), 0.2)
        return min(100 * h0, h1, tEnd - t0, maximumStep)
    }
}
