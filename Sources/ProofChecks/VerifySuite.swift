import ExactNumbers
import Foundation

/// One check of `relutopo verify`: what was checked, on how many cases, the result.
public struct CheckResult: Sendable {
    public var name: String
    public var specSection: String
    public var ok: Bool
    public var cases: Int
    public var summary: String
    public var failures: [String]
    public var seconds: Double
    /// Per-case rows for the Lie-algebra grid (dimension, algebra, trace, count).
    public var rows: [ConservationLawReport] = []
    /// The same for the deep grid (SPEC §13; written as `rows` too).
    public var deepRows: [DeepConservationLawReport] = []
}

/// The checks of SPEC §11, grouped as `relutopo verify identity|lie|brute`.
public enum VerifySuite {
    public enum Group: String, CaseIterable, Sendable { case identity, lie, brute }

    public static func run(_ groups: [Group], seed: UInt64 = 20_261_123) -> [CheckResult] {
        groups.flatMap { group -> [CheckResult] in
            switch group {
            case .identity: return identityChecks(seed: seed)
            case .lie: return lieChecks(seed: seed)
            case .brute: return bruteForceChecks()
            }
        }
    }

    static func timed(_ body: () -> CheckResult) -> CheckResult {
        let start = ContinuousClock.now
        var result = body()
        let elapsed = (ContinuousClock.now - start).components
        result.seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        return result
    }

    static func identityChecks(seed: UInt64) -> [CheckResult] {
        [
            timed {
                let outcome = IdentityChecks.conservationIdentity(cases: 300, seed: seed)
                return CheckResult(name: "conservation identity", specSection: "§2, §11.1", ok: outcome.failures.isEmpty, cases: outcome.cases,
                                   summary: "⟨a_k, ∇_{a_k}L⟩ − ⟨v_k, ∇_{v_k}L⟩ computed in exact rationals (MSE; random d ≤ 3, l ≤ 3, e ≤ 2, n ≤ 4; biases and leaky slope 1/5 at random; \(outcome.boundaryCases) cases with a pre-activation exactly 0): every defect is exactly 0",
                                   failures: outcome.failures, seconds: 0)
            },
            timed {
                let outcome = IdentityChecks.gradientDescentDrift(cases: 200, seed: seed &+ 1)
                return CheckResult(name: "gradient-descent drift", specSection: "§2", ok: outcome.failures.isEmpty, cases: outcome.cases,
                                   summary: "one exact step θ − η∇L with η = 1/10 changes c_k by exactly η²(‖∇_{a_k}L‖² − ‖∇_{v_k}L‖²) (\(outcome.boundaryCases) cases on activation boundaries)",
                                   failures: outcome.failures, seconds: 0)
            },
            timed {
                let outcome = IdentityChecks.weightDecayLaw(cases: 6, seed: seed &+ 2)
                return CheckResult(name: "weight-decay law", specSection: "§2", ok: outcome.failures.isEmpty, cases: outcome.cases,
                                   summary: String(format: "c_k(5) = c_k(0)·e^{−2λ·5}, λ = 0.1, on the dopri5 sliding-mode flow without projection (rtol 1e-10): largest error %.2e relative to ‖a_k‖² + ‖v_k‖² (bound 1e-6)", outcome.largestError),
                                   failures: outcome.failures, seconds: 0)
            },
        ] + deepIdentityChecks(seed: seed)
    }

    /// The grids of §11.2.
    public static let allDataGrid: [(Int, Int, Int)] = {
        var grid: [(Int, Int, Int)] = []
        for d in 1...4 { for l in 1...4 { for e in 1...3 { grid.append((d, l, e)) } } }
        return grid + [(10, 10, 1), (20, 20, 1)]
    }()

    static func lieChecks(seed: UInt64) -> [CheckResult] {
        var results: [CheckResult] = []
        results.append(timed {
            var rows: [ConservationLawReport] = []
            var failures: [String] = []
            for (d, l, e) in allDataGrid {
                for bias in [false, true] {
                    guard let report = try? ConservationLawCount.allData(inputs: d, hidden: l, outputs: e, hiddenBias: bias, seed: seed) else {
                        failures.append("(d, l, e) = (\(d), \(l), \(e)): not computed")
                        continue
                    }
                    rows.append(report)
                    let n = d + (bias ? 1 : 0) + e
                    if report.conservationLaws != l || !report.certified || report.lieAlgebraDimension != l * n * (n - 1) / 2 || report.traceDimension != l * (n - 1) {
                        failures.append("(d, l, e) = (\(d), \(l), \(e)), bias \(bias): \(report.conservationLaws) laws (certified \(report.certified)), algebra \(report.lieAlgebraDimension), trace \(report.traceDimension)")
                    }
                }
            }
            return CheckResult(name: "conservation laws, all data and losses", specSection: "§11.2", ok: failures.isEmpty, cases: rows.count,
                               summary: "Lie algebra of the gradients of every entry of every v_k a_kᵀ, closed under commutators: exactly l laws for every (d, l, e) with d ≤ 4, l ≤ 4, e ≤ 3 and (10, 10, 1), (20, 20, 1), with and without bias; algebra l·so(m, e), trace m + e − 1 per neuron; each count certified by the l invariants c_k verified exactly",
                               failures: failures, seconds: 0, rows: rows)
        })
        results.append(timed {
            var rows: [ConservationLawReport] = []
            var failures: [String] = []
            var random = SeededRationals(seed: seed)
            func rational(_ magnitude: Int, positive: Bool) -> Rational {
                random.rational(numerators: positive ? 1...magnitude : -magnitude...magnitude, denominators: 1...5)
            }
            // All active (positive data and input weights): the linear-network count.
            for (d, l, e) in [(2, 2, 1), (2, 4, 1), (3, 3, 1), (2, 5, 1), (1, 3, 1), (2, 3, 2), (3, 7, 1)] {
                let problem = LieProblem(inputs: (0..<(2 * d + 3)).map { _ in (0..<d).map { _ in rational(9, positive: true) } },
                                         inputSides: (0..<l).map { _ in (0..<d).map { _ in rational(9, positive: true) } },
                                         outputSides: (0..<l).map { _ in (0..<e).map { _ in rational(9, positive: false) } }, hiddenBias: false)
                guard let report = try? ConservationLawCount.givenData(problem) else { failures.append("all active \((d, l, e)): not computed"); continue }
                rows.append(report)
                let r = max(0, l - d - e), expected = l * (l + 1) / 2 - r * (r + 1) / 2
                if report.conservationLaws != expected || !report.certified {
                    failures.append("all active (d, l, e) = (\(d), \(l), \(e)): \(report.conservationLaws) laws, expected l(l+1)/2 − r(r+1)/2 = \(expected) (certified \(report.certified))")
                }
            }
            // Dead neurons: k dead neurons add k(m + e) laws to the live network's count.
            for (d, live, dead) in [(2, 2, 1), (3, 2, 2), (2, 3, 1)] {
                let inputs = (0..<8).map { _ in (0..<d).map { _ in rational(9, positive: true) } }
                let liveSides = (0..<live).map { _ in (0..<d).map { _ in rational(9, positive: true) } }
                let deadSides = (0..<dead).map { _ in (0..<d).map { _ in -rational(9, positive: true) } }
                let outputs = (0..<(live + dead)).map { _ in [rational(9, positive: false)] }
                guard let both = try? ConservationLawCount.givenData(LieProblem(inputs: inputs, inputSides: liveSides + deadSides, outputSides: outputs, hiddenBias: false)),
                      let alive = try? ConservationLawCount.givenData(LieProblem(inputs: inputs, inputSides: liveSides, outputSides: Array(outputs.prefix(live)), hiddenBias: false))
                else { failures.append("dead neurons: not computed"); continue }
                rows.append(both)
                if both.conservationLaws != alive.conservationLaws + dead * (d + 1) || !both.certified {
                    failures.append("\(dead) dead of \(live + dead) (d = \(d)): \(both.conservationLaws) laws, expected \(alive.conservationLaws) + \(dead)·(m + e)")
                }
            }
            // Rich data: many points, weights of both signs, biases: every neuron its own pattern, count l.
            for (d, l, e) in [(3, 3, 1), (5, 4, 1), (4, 3, 2), (10, 10, 1)] {
                let problem = LieProblem(inputs: (0..<200).map { _ in (0..<d).map { _ in rational(100, positive: false) } },
                                         inputSides: (0..<l).map { _ in (0..<(d + 1)).map { _ in rational(100, positive: false) } },
                                         outputSides: (0..<l).map { _ in (0..<e).map { _ in rational(100, positive: false) } }, hiddenBias: true)
                guard let report = try? ConservationLawCount.givenData(problem) else { failures.append("rich \((d, l, e)): not computed"); continue }
                rows.append(report)
                if report.conservationLaws != l || !report.certified {
                    failures.append("rich data (d, l, e) = (\(d), \(l), \(e)), n = 200: \(report.conservationLaws) laws (certified \(report.certified)), expected l = \(l)")
                }
            }
            return CheckResult(name: "conservation laws, given data and point", specSection: "§11.2", ok: failures.isEmpty, cases: rows.count,
                               summary: "generators ∇_θ f(θ, x_i) on the activation region of θ: all-active regions give the linear-network count l(l+1)/2 − r(r+1)/2, r = max(0, l − m − e); each dead neuron adds m + e; rich data (n = 200) gives l; every count certified by exactly verified laws",
                               failures: failures, seconds: 0, rows: rows)
        })
        results.append(timed { deepLieCheck(seed: seed) })
        return results
    }

    static func bruteForceChecks() -> [CheckResult] {
        [
            timed {
                let outcome = BruteForceChecks.effectiveComponents(maxNeurons: 4)
                return CheckResult(name: "effective components by brute force", specSection: "§5.4, §11.3", ok: outcome.mismatches.isEmpty, cases: outcome.cases,
                                   summary: "every sign pattern with l ≤ 4, m, e ∈ {1, 2}, c_k ∈ {−1, 0, 1}, both readings: enumeration of sign states, neuron kinds and permutations equals the closed forms",
                                   failures: outcome.mismatches.map(\.what), seconds: 0)
            },
            timed {
                let outcome = BruteForceChecks.bettiNumbers()
                return CheckResult(name: "Betti numbers without Künneth", specSection: "§4, §11.3", ok: outcome.mismatches.isEmpty, cases: outcome.cases,
                                   summary: "H(c) triangulated as an explicit product (staircase triangulation of each quadric's sphere, point or union, docs/THEORY.md §3), homology from boundary ranks: β_k (β₀ = components) equal the closed-form Poincaré polynomial for every sign pattern with l ≤ 3, m, e ≤ 2, both readings, up to 1 500 simplices",
                                   failures: outcome.mismatches.map(\.what), seconds: 0)
            },
            timed {
                let outcome = BruteForceChecks.deepLocks()
                return CheckResult(name: "deep locks by cut enumeration", specSection: "§13.3, §11.3", ok: outcome.mismatches.isEmpty, cases: outcome.cases,
                                   summary: "random networks with 2–5 layers, width-1 bottlenecks, biases and c ∈ {−3 … 3}: the linear-time locks equal the Gale–Hoffman condition checked on every set of hidden neurons, and every certificate re-checks from the graph",
                                   failures: outcome.mismatches.map(\.what), seconds: 0)
            },
            timed {
                let outcome = BruteForceChecks.deepPieces()
                return CheckResult(name: "deep pieces by exact LP", specSection: "§13.3, §13.4, §11.3", ok: outcome.mismatches.isEmpty, cases: outcome.cases,
                                   summary: "random networks with 2–4 layers, c ∈ {−3 … 3} (a third 0), random c = 0 neurons at their apex and the rest kept off it: every coordinate is locked with a re-checked cut certificate or free with an exact rational point of the piece where it is 0 (exact simplex, point re-checked), never both and never neither; empty pieces are infeasible for both",
                                   failures: outcome.mismatches.map(\.what), seconds: 0)
            },
        ]
    }
}
