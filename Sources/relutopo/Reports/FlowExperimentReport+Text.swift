import Foundation
import GradientFlow

/// The text report of `flow`: the verdict, then what a reader needs to judge
/// it (final and held-out loss, the proven floor, whether the loss was still
/// falling, and for `undecided` a reading in plain words), then the checks of
/// the integration and its cost. `verbose` adds the kink statistics, explained.
struct FlowText {
    let report: FlowExperimentReport
    /// The run's method, loss and tolerances.
    let experiment: FlowExperiment
    let verbose: Bool

    var method: FlowMethod { experiment.method }

    /// Within this relative distance of the floor, the loss counts as sitting on it.
    static let atFloor = 1e-3

    var text: String {
        let solution = report.solution, monitors = solution.monitors, statistics = solution.statistics
        let trainSamples = report.trainSamples == 1 ? "1 sample" : "\(report.trainSamples) samples"
        var lines = ["verdict: \(solution.verdict.rawValue) (\(solution.reason))"]
        lines.append("final loss \(formatApproximate(solution.finalLoss)) at t = \(formatApproximate(solution.tFinal)) (training, \(trainSamples)); ‖∇L‖ = \(formatApproximate(solution.gradientNorm))")
        if let testLoss = report.testLoss {
            var line = "held-out loss \(formatApproximate(testLoss)) on \(report.testSamples) sample\(report.testSamples == 1 ? "" : "s")"
            if let best = report.bestTest { line += "; lowest along the run \(formatApproximate(best.loss)) at t = \(formatApproximate(best.t))" }
            lines.append(line)
        }
        if let trend = report.trend { lines.append("loss over the last 10% of t: \(FlowText.describe(trend))") }
        lines.append(floorLine)
        let section = (report.deep?.widths.count ?? 3) > 3 ? "§13.5" : "§6"
        if !experiment.network.law.isGradientFlow { lines.append("law: \(experiment.network.law.formula) (training setup of docs/THEORY.md §14)") }
        if report.lawHolds {
            lines.append("exact prediction (docs/THEORY.md \(section)): \(report.prediction.rawValue); \(report.agree.map { $0 ? "agrees" : "DISAGREES" } ?? "no comparison")")
        } else {
            lines.append("exact prediction: not_applicable (no conservation law under this setup, docs/THEORY.md §14.4); drift and sign changes below are findings, not failures")
        }
        if let deep = report.deep { lines.append(contentsOf: FlowText.deepLines(deep, statistics: statistics, monitors: monitors)) }
        if let descent = solution.descent { lines.append(contentsOf: FlowText.descentLines(descent, method: method)) }
        if let reading { lines.append("reading: \(reading)") }
        lines.append("invariant drift before projection: max \(formatApproximate(monitors.maxDrift)) (relative \(formatApproximate(monitors.maxRelativeDrift))), after projection \(formatApproximate(monitors.maxRelativeDriftAfterProjection)) relative; locked sign changes \(monitors.lockedSignChanges); c_k sign flips \(monitors.invariantSignFlips)")
        lines.append("\(statistics.evaluations) right-hand-side evaluations, \(statistics.acceptedSteps) steps (\(statistics.rejectedSteps) rejected); \(formatApproximate(report.wallSeconds)) s")
        if verbose {
            lines.append("kinks (a sample exactly at a neuron's corner, z_ik = 0): \(statistics.switches) switches (a sample crossed a corner or left one), \(statistics.slidingEntries) sliding entries and \(statistics.slidingExits) exits (the flow held a sample on a corner and moved along it, docs/THEORY.md §9.2a), sliding for t = \(formatApproximate(statistics.slidingTime))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A deep run: the network, the locks whose signs were watched, and how
    /// often the multilinear kink rule of docs/THEORY.md §13.8 was needed.
    static func deepLines(_ deep: DeepFlowSummary, statistics: FlowStatistics, monitors: FlowMonitors) -> [String] {
        var lines = ["network: \(deep.widths.map(String.init).joined(separator: " → ")) (\(deep.widths.count - 2) hidden layer\(deep.widths.count == 3 ? "" : "s"))"]
        let shown = deep.locked.prefix(8).map { "\($0.name) \($0.sign > 0 ? "+" : "−")" }.joined(separator: ", ")
        let more = deep.locked.count > 8 ? ", … (all in --json)" : ""
        lines.append(deep.locked.isEmpty
            ? "locked coordinates (docs/THEORY.md §13.3): none, so no sign is watched"
            : "locked coordinates watched (docs/THEORY.md §13.3): \(deep.locked.count) (\(shown)\(more)); \(monitors.lockedSignChanges) changed sign")
        lines.append("kink pairs of one sample in two or more layers at once (docs/THEORY.md §13.8): in \(statistics.multilayerSlidingEvaluations) field evaluation\(statistics.multilayerSlidingEvaluations == 1 ? "" : "s")\(statistics.multilayerSlidingEvaluations > 0 ? ", at most \(statistics.multilayerSlidingSamples) sample\(statistics.multilayerSlidingSamples == 1 ? "" : "s") at once" : "")")
        return lines
    }

    /// `still falling (−3.2%, slope −0.0012 per unit of t)`.
    static func describe(_ trend: LossTrend) -> String {
        let change = "\(short(trend.relativeChange * 100, signed: true))%, slope \(short(trend.slope, signed: true)) per unit of t"
        switch trend.direction {
        case .falling: return "still falling (\(change))"
        case .flat: return "flat (\(change))"
        case .rising: return "rising (\(change))"
        }
    }

    /// Three significant digits, a true minus sign, optionally an explicit plus: `+0.5`, `−3.21`, `1e−08`.
    static func short(_ value: Double, signed: Bool = false) -> String {
        let text = String(format: "%.3g", value).replacingOccurrences(of: "-", with: "−")
        return signed && value > 0 ? "+" + text : text
    }

    var floorLine: String {
        let floor = report.floor
        guard let value = floor.value, let exact = floor.exact else { return "no floor proven: \(floor.explanation)" }
        let approximate = formatApproximate(value)
        let caveat = method == .gd ? "; gradient descent moves c_k, so this floor binds the flow, not gd" : ""
        // Exact bounds of binary64 targets (a teacher's) run to dozens of digits: the text gives them
        // rounded, --json exactly.
        guard exact.count > FlowText.longestExact else {
            return "proven floor: \(exact) ≈ \(approximate) (\(floor.explanation)\(caveat))"
        }
        let explanation = floor.explanation.replacingOccurrences(of: "= \(exact)", with: "≈ \(approximate)")
            .replacingOccurrences(of: exact, with: "≈ \(approximate)")
        return "proven floor: ≈ \(approximate), exact in --json (\(explanation)\(caveat))"
    }

    /// Exact bounds longer than this are shown rounded in the text.
    static let longestExact = 40

    /// What an `undecided` run's numbers say, in one line; nil for the other verdicts.
    var reading: String? {
        let solution = report.solution
        guard solution.verdict == .undecided else { return nil }
        let why = solution.reason.hasPrefix("reached t_max")
            ? "t_max came before the loss fell to loss_tol = \(FlowText.short(experiment.settings.lossTolerance)) or ‖∇L‖ to grad_tol = \(FlowText.short(experiment.settings.gradientTolerance))"
            : "the run stopped before t_max (\(solution.reason))"
        let direction = report.trend?.direction
        let finalLoss = solution.finalLoss, gd = method == .gd
        if let floor = report.floor.value {
            let gap = finalLoss - floor, approximate = formatApproximate(floor)
            if gap < -FlowText.atFloor * floor {   // only gradient descent can: it moves the c_k
                return "\(why); the loss is below the flow's proven floor \(approximate): gradient descent changed the c_k (see the drift) and left the flow's obstruction behind"
            }
            if gap <= FlowText.atFloor * floor {
                return "\(why); the loss sits at the proven floor \(approximate)\(gd ? " of the flow" : ""): the data cannot be fitted from this init\(gd ? " by the flow" : ""), and more time will not change that"
            }
            let trend = direction == .falling ? ", still falling" : direction == .flat ? ", levelled off above it" : ""
            return "\(why); the \(gd ? "flow's " : "")loss can never go below the proven floor \(approximate); this run's is \(formatApproximate(gap)) above it\(trend)"
        }
        switch direction {
        case .falling?:
            if experiment.loss == .bce {
                return "\(why); with binary cross-entropy the loss of data the network separates only tends to 0, it never gets there, so loss_tol can take a very long t; the loss is still falling and no floor is proven: nothing here says the data cannot be fitted (a larger --loss-tol or --t-max decides the run)"
            }
            return "\(why); the loss is still falling: a longer --t-max may reach loss_tol"
        case .flat?:
            return "\(why); the loss has levelled off at \(formatApproximate(finalLoss)) while ‖∇L‖ = \(formatApproximate(solution.gradientNorm)) is above grad_tol: a plateau, or a slow approach to a minimum above 0 (a longer --t-max or a larger --grad-tol decides the run)"
        case .rising?:
            return "\(why); the loss rose over the last tenth of the run" + (gd ? ": the step --lr may be too large for gradient descent" : "")
        case nil:
            return why
        }
    }
}

extension FlowText {
    /// Finite steps (SPEC §2, §14.5): the prediction is about the flow; what the steps did is a finding.
    static func descentLines(_ descent: DescentDiagnostics, method: FlowMethod) -> [String] {
        var lines = ["finite steps (\(method.rawValue)): the exact prediction concerns gradient flow; the steps are an experiment beside it (docs/THEORY.md §14.5)"]
        var drift = "drift of c over \(descent.steps.count) steps: largest in one step \(formatApproximate(descent.largestStepDrift)), from the start \(formatApproximate(descent.totalDrift))"
        if let gap = descent.largestIdentityGap { drift += "; each step's Δc_k = η²(‖∇_a L‖² − ‖∇_o L‖²) (docs/THEORY.md §2) to \(formatApproximate(gap)) relative" }
        lines.append(drift)
        if let safe = descent.smallestSafeStep, let at = descent.smallestSafeStepAt {
            var line = "largest step with no locked sign flip in one gd step: smallest along the run \(formatApproximate(safe.doubleValue)) (exact in --json) at step \(at)"
            if let unsafe = descent.firstUnsafeStep { line += "; --lr exceeded it first at step \(unsafe)" }
            lines.append(line)
        } else {
            lines.append("no locked coordinate moved towards 0 in any step")
        }
        lines.append(descent.firstLockedFlipStep.map { "a locked sign flipped first after step \($0): the finite steps left the invariant set's component" }
                     ?? "no locked sign flipped")
        return lines
    }
}
