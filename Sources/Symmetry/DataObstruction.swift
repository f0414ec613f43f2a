import ExactNumbers
import InvariantTopology
import ReluNetwork

/// Losses of SPEC §9.1 as far as SPEC §6.2 needs them. Encoded by name.
public enum LossKind: String, Sendable, CaseIterable, Encodable {
    case mse, bce
}

/// SPEC §6.2: a lower bound of the loss along the whole flow when every
/// neuron's output sign is locked to the same sign (no teacher).
public struct DataObstruction: Sendable {
    public let verdict: ObstructionVerdict
    /// The common locked output sign s (nil when there is none).
    public let sign: Int?
    /// MSE: the exact bound. BCE: the factor q in the bound q·log 2.
    public let boundRational: Rational?
    /// The bound as text: "3/8" or "212/569·log 2".
    public let boundText: String?
    public let samples: Int
    public let explanation: String
}

extension Obstruction {
    /// With one output, no output bias, and every neuron output-locked with the
    /// same sign `s` (or at the apex, where it computes 0 forever),
    /// `s·f(x) ≥ 0` for all x along the flow, so the loss stays above the best
    /// loss of any function of that sign:
    /// MSE `(1/2n)·Σ_{s·y_i < 0} y_i²`; BCE (labels 0/1) `(1/n)·#{y = 1}·log 2` for
    /// `s = −1` and `(1/n)·#{y = 0}·log 2` for `s = +1` (`log(1 + e^f) ≥ log 2` when
    /// f ≥ 0 and y = 0). A positive bound proves zero loss unreachable.
    public static func data(initModel: ReluNetworkModel, targets: [Rational], loss: LossKind) -> DataObstruction {
        let n = targets.count
        func unknown(_ why: String) -> DataObstruction {
            DataObstruction(verdict: .unknown, sign: nil, boundRational: nil, boundText: nil, samples: n, explanation: why)
        }
        guard initModel.shape.outputs == 1 else { return unknown("the bound of SPEC §6.2 is for one output (e = 1)") }
        guard !initModel.shape.hasOutputBias else {
            return unknown("the model has an output bias β, which can move f to either sign: no bound of SPEC §6.2")
        }
        guard n > 0 else { return unknown("no samples") }
        let topology = NetworkTopology(model: initModel)
        var signs = Set<Int>()
        for (k, neuron) in topology.neurons.enumerated() {
            if neuron.sign == 0 && neuron.invariant.isAtApex { continue }
            guard neuron.locked(.dynamical).contains(.output), let sign = neuron.invariant.outputScalarSign else {
                return unknown("neuron \(k) has no locked output sign (c_k = \(neuron.invariant.c) > 0 leaves v_k free), so f can take either sign")
            }
            signs.insert(sign)
        }
        guard signs.count == 1, let s = signs.first else {
            return unknown(signs.isEmpty ? "every neuron is at the apex: f ≡ 0 (the loss is constant)" : "the locked output signs differ, so f can take either sign")
        }
        let side = s > 0 ? "f ≥ 0" : "f ≤ 0"
        switch loss {
        case .mse:
            var sum = Rational.zero
            for y in targets where y.signum == -s { sum += y.squared }
            let bound = sum / Rational(2 * n)
            return DataObstruction(verdict: bound.signum > 0 ? .obstructed : .unknown, sign: s, boundRational: bound,
                boundText: bound.description, samples: n,
                explanation: bound.signum > 0
                    ? "every neuron's output sign is locked to \(s > 0 ? "+" : "−"): \(side) along the whole flow, so the MSE stays ≥ (1/2n)·Σ_{s·y < 0} y² = \(bound) > 0"
                    : "\(side) along the flow, but no target has the opposite sign: no positive bound")
        case .bce:
            guard targets.allSatisfy({ $0.isZero || $0 == Rational(1) }) else {
                return unknown("binary cross-entropy needs labels 0 or 1")
            }
            let count = targets.filter { s < 0 ? $0 == Rational(1) : $0.isZero }.count
            let factor = Rational(count) / Rational(n)
            return DataObstruction(verdict: count > 0 ? .obstructed : .unknown, sign: s, boundRational: factor,
                boundText: "\(factor)·log 2", samples: n,
                explanation: count > 0
                    ? "every neuron's output sign is locked to \(s > 0 ? "+" : "−"): \(side) along the whole flow, so each of the \(count) samples labelled \(s < 0 ? 1 : 0) costs at least log 2: BCE ≥ \(factor)·log 2"
                    : "\(side) along the flow, but no label is on the wrong side: no positive bound")
        }
    }
}
