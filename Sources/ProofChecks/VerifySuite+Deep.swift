import ExactNumbers

/// The checks of SPEC §11 on networks with two or more hidden layers (§13):
/// identity, drift and gradient in the identity group, the deep count in the Lie group.
extension VerifySuite {
    static func deepIdentityChecks(seed: UInt64) -> [CheckResult] {
        [
            timed {
                let outcome = DeepIdentityChecks.conservationIdentity(cases: 400, seed: seed &+ 3)
                return CheckResult(name: "deep conservation identity", specSection: "§13.2, §11.1", ok: outcome.failures.isEmpty, cases: outcome.cases,
                                   summary: "⟨a_{h,k}, ∇_a L⟩ − ⟨o_{h,k}, ∇_o L⟩ at every hidden neuron, by exact backpropagation in rationals (MSE; 2–4 hidden layers, widths ≤ 3, biases per layer and leaky ReLU with a random slope at random; \(outcome.kinkCases) cases with a pre-activation exactly 0, \(outcome.multiLayerKinkCases) of them in two or more layers), each with σ'(0) = 0, 1 and a random r ∈ (0, 1): all \(outcome.checks) defects are exactly 0",
                                   failures: outcome.failures, seconds: 0)
            },
            timed {
                let outcome = DeepIdentityChecks.gradientDescentDrift(cases: 400, seed: seed &+ 4)
                return CheckResult(name: "deep gradient-descent drift", specSection: "§13.2, §2", ok: outcome.failures.isEmpty, cases: outcome.cases,
                                   summary: "one exact step θ − η∇L (η = p/q random) changes every c_{h,k} by exactly η²(‖∇_a L‖² − ‖∇_o L‖²) (the cross term −2η(⟨a, ∇_a L⟩ − ⟨o, ∇_o L⟩) vanishes by the identity): \(outcome.checks) neurons over σ'(0) ∈ {0, 1, r}, \(outcome.multiLayerKinkCases) cases on kinks in two or more layers",
                                   failures: outcome.failures, seconds: 0)
            },
            timed {
                let outcome = DeepIdentityChecks.gradientAgainstLoss(cases: 200, twoLayerCases: 200, seed: seed &+ 5)
                return CheckResult(name: "deep gradient against the loss", specSection: "§13.1, §11.1", ok: outcome.failures.isEmpty, cases: outcome.cases,
                                   summary: "the backpropagated gradient, independently: at \(outcome.cases - outcome.twoLayerCases) random points off every kink, ⟨∇L, u⟩ equals d/dt L(θ + tu) at 0, read exactly from the polynomial of degree ≤ 2L through 2L + 1 steps that keep θ's activation pattern (one more step checks the degree); and for one hidden layer it equals the two-layer exact gradient on \(outcome.twoLayerCases) problems (\(outcome.kinkCases) on kinks)",
                                   failures: outcome.failures, seconds: 0)
            },
        ]
    }

    /// Deep shapes of `verify lie` (widths, hidden bias): chains, bottlenecks and the three shapes.
    public static let deepGrid: [([Int], Bool)] = {
        var grid: [([Int], Bool)] = []
        for widths in [[1, 1, 1, 1], [2, 2, 2, 1], [3, 3, 3, 1], [2, 3, 3, 2, 1]] {
            for bias in [false, true] { grid.append((widths, bias)) }
        }
        return grid + [([1, 2, 1, 2, 1], false), ([2, 1, 2, 1], true), ([2, 2, 2, 2, 2, 1], false), ([3, 2, 2, 2], false)]
    }()

    /// One-hidden-layer shapes run through the deep code to the closed algebra and compared with the two-layer count.
    public static let deepTwoLayerGrid: [(Int, Int, Int)] = [(1, 1, 1), (2, 3, 1), (3, 2, 2), (1, 4, 2), (2, 2, 3)]

    static func deepLieCheck(seed: UInt64) -> CheckResult {
        var rows: [DeepConservationLawReport] = []
        var failures: [String] = []
        for (widths, bias) in deepGrid {
            let name = "widths \(widths.map(String.init).joined(separator: ",")), bias \(bias)"
            guard let report = try? DeepConservationLawCount.allData(widths: widths, hiddenBias: bias, seed: seed) else {
                failures.append("\(name): not computed")
                continue
            }
            rows.append(report)
            // The laws c_{h,k} (SPEC §13.2), one per hidden neuron, and no other: certified, with the
            // closure stopped by its rule (not by the depth limit) and every bracket tangent to the laws.
            if report.conservationLaws != report.hiddenNeurons || !report.certified || report.stop == .depthLimit {
                failures.append("\(name): \(report.conservationLaws) laws for \(report.hiddenNeurons) hidden neurons (certified \(report.certified), trace by depth \(report.traceByDepth), stop \(report.stop.rawValue))")
            }
        }
        for (d, l, e) in deepTwoLayerGrid {
            for bias in [false, true] {
                let name = "(d, l, e) = (\(d), \(l), \(e)), bias \(bias)"
                guard let deep = try? DeepConservationLawCount.allData(widths: [d, l, e], hiddenBias: bias, seed: seed, maximumDepth: 16, closeAlgebra: true),
                      let flat = try? ConservationLawCount.allData(inputs: d, hidden: l, outputs: e, hiddenBias: bias, seed: seed)
                else {
                    failures.append("\(name): not computed")
                    continue
                }
                rows.append(deep)
                if deep.lieAlgebraDimension != flat.lieAlgebraDimension || deep.traceDimension != flat.traceDimension
                    || deep.conservationLaws != flat.conservationLaws || !deep.certified || deep.stop != .algebraClosed {
                    failures.append("\(name): the deep code gives algebra \(deep.lieAlgebraDimension.map(String.init) ?? "not closed"), trace \(deep.traceDimension), \(deep.conservationLaws) laws; the two-layer code \(flat.lieAlgebraDimension), \(flat.traceDimension), \(flat.conservationLaws)")
                }
            }
        }
        return CheckResult(name: "conservation laws of deep networks, all data and losses", specSection: "§11.2, §13.2", ok: failures.isEmpty, cases: rows.count,
                           summary: "generators: the gradients of every path product (input or hidden bias to output) at a random integer point, closed under brackets of polynomial fields until the trace rank at θ is the same at two consecutive depths: exactly one law per hidden neuron for 1→1→1→1, 2→2→2→1, 3→3→3→1, 2→3→3→2→1 (with and without hidden biases), bottlenecks 1→2→1→2→1 and 2→1→2→1, 2→2→2→2→2→1 and 3→2→2→2, each certified by the c_{h,k} verified exactly; one hidden layer through the same code closes to the two-layer algebra l·so(m, e), trace and count",
                           failures: failures, seconds: 0, deepRows: rows)
    }
}
