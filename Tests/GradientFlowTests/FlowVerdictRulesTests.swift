import Symmetry
import Testing
@testable import GradientFlow

/// The one rule set of SPEC §9.5 (`FlowVerdict.judge`), row by row, with
/// loss_tol = grad_tol = 1e-8 and drift_tol = 1e-4; every expected verdict is
/// read off the spec's wording.
@Suite struct FlowVerdictRulesTests {
    static let settings: FlowSettings = {
        var settings = FlowSettings(tMax: 1)
        settings.lossTolerance = 1e-8
        settings.gradientTolerance = 1e-8
        settings.driftTolerance = 1e-4
        return settings
    }()

    struct Row: Sendable, CustomTestStringConvertible {
        let evidence: FlowEvidence
        let verdict: FlowVerdict?
        let reason: String?
        let testDescription: String
        init(_ name: String, _ evidence: FlowEvidence, _ verdict: FlowVerdict?, _ reason: String? = nil) {
            self.evidence = evidence
            self.verdict = verdict
            self.reason = reason
            testDescription = name
        }
    }

    static let rows: [Row] = [
        Row("loss at loss_tol", FlowEvidence(moment: .step, loss: 1e-8, gradientNorm: 1), .reached, "loss ≤ loss_tol"),
        Row("loss above, gradient below", FlowEvidence(moment: .step, loss: 0.5, gradientNorm: 1e-9), .stalled,
            "‖∇L‖ ≤ grad_tol with loss > loss_tol"),
        Row("both below: reached wins", FlowEvidence(moment: .step, loss: 1e-9, gradientNorm: 1e-9), .reached),
        Row("neither: the run goes on", FlowEvidence(moment: .step, loss: 0.5, gradientNorm: 1), nil),
        Row("neither at the end", FlowEvidence(moment: .end, loss: 0.5, gradientNorm: 1), .undecided,
            "reached t_max without meeting loss_tol or grad_tol"),
        Row("reached at the end", FlowEvidence(moment: .end, loss: 0, gradientNorm: 1), .reached, "loss ≤ loss_tol at t_max"),
        Row("stalled at the start", FlowEvidence(moment: .start, loss: 0.5, gradientNorm: 0), .stalled,
            "‖∇L‖ ≤ grad_tol with loss > loss_tol at t = 0"),
        Row("reached at the start", FlowEvidence(moment: .start, loss: 0, gradientNorm: 0), .reached, "loss ≤ loss_tol at t = 0"),
        Row("non-finite beats reached", FlowEvidence(moment: .step, loss: 0, gradientNorm: 0, nonFinite: "the loss is nan"), .invalid),
        Row("locked sign change beats reached", FlowEvidence(moment: .step, loss: 0, gradientNorm: 0, lockedSignChange: 3), .invalid,
            "the locked output sign of neuron 3 changed (docs/THEORY.md §9.4)"),
        Row("drift above drift_tol", FlowEvidence(moment: .end, loss: 0, gradientNorm: 0, maxRelativeDrift: 2e-4), .invalid,
            "relative invariant drift 0.0002 > drift_tol"),
        Row("drift at drift_tol is fine", FlowEvidence(moment: .step, loss: 0.5, gradientNorm: 1, maxRelativeDrift: 1e-4), nil),
        Row("NaN drift counts as exceeded", FlowEvidence(moment: .step, loss: 0.5, gradientNorm: 1, maxRelativeDrift: .nan), .invalid),
        Row("NaN loss is not reached", FlowEvidence(moment: .end, loss: .nan, gradientNorm: .nan), .undecided),
        Row("gradient descent: drift is no verdict",
            FlowEvidence(moment: .step, loss: 0.5, gradientNorm: 1, maxRelativeDrift: 0.3, conservesInvariants: false), nil),
        Row("gradient descent: locked sign change is no verdict",
            FlowEvidence(moment: .step, loss: 0, gradientNorm: 1, lockedSignChange: 0, conservesInvariants: false), .reached),
        Row("gradient descent: non-finite is invalid",
            FlowEvidence(moment: .step, loss: 0, gradientNorm: 1, nonFinite: "parameter 0 is inf", conservesInvariants: false), .invalid),
    ]

    @Test(arguments: rows)
    func judge(_ row: Row) {
        let decision = FlowVerdict.judge(row.evidence, settings: Self.settings)
        #expect(decision?.verdict == row.verdict)
        if let reason = row.reason { #expect(decision?.reason == reason) }
    }

    /// SPEC §9.5's comparison with the exact prediction, all twelve cells.
    @Test func agreementTable() {
        let table: [(ObstructionVerdict, FlowVerdict, Bool?)] = [
            (.obstructed, .reached, false), (.obstructed, .stalled, true), (.obstructed, .undecided, nil), (.obstructed, .invalid, nil),
            (.reachable, .reached, true), (.reachable, .stalled, false), (.reachable, .undecided, nil), (.reachable, .invalid, nil),
            (.unknown, .reached, nil), (.unknown, .stalled, nil), (.unknown, .undecided, nil), (.unknown, .invalid, nil),
        ]
        for (prediction, verdict, agree) in table {
            #expect(verdict.agrees(with: prediction) == agree, "\(prediction) vs \(verdict)")
        }
    }
}
