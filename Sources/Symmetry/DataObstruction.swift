import ExactNumbers
import Foundation
import InvariantTopology
import ReluNetwork

/// Losses of SPEC §9.1 as far as SPEC §6.2–§6.3 need them. Encoded by name.
public enum LossKind: String, Sendable, CaseIterable, Encodable {
    case mse, bce
}

/// SPEC §6.2–§6.3: a lower bound of the loss along the whole flow on a data
/// set (no teacher), when the locked output signs confine what the network
/// can compute: to one sign (§6.2, no output bias) or to convex or concave
/// functions up to a constant (§6.3, with or without an output bias).
public struct DataObstruction: Sendable {
    public let verdict: ObstructionVerdict
    /// The common locked output sign s (nil when there is none).
    public let sign: Int?
    /// MSE: the exact bound. BCE by sign (§6.2): the factor q in the bound
    /// q·log 2. BCE by convex fit (§6.3): the binary64 bound, rounded down, as a rational.
    public let boundRational: Rational?
    /// The bound as text: "3/8", "212/569·log 2" or "0.0123…".
    public let boundText: String?
    public let samples: Int
    /// In plain words: why the bound holds, or why there is none.
    public let explanation: String
    /// The convex-fit certificate of §6.3, when that search ran.
    public let convexFit: ConvexFitBound?

    /// The bound as a number, to show beside a loss (nil: none); beyond
    /// binary64's range it is the largest finite double (still a lower bound),
    /// below it 0.
    public var boundValue: Double? {
        guard let boundRational else { return nil }
        if let convexFit, convexFit.loss == .bce, convexFit.bound > 0 { return convexFit.bound }
        let value = boundText?.hasSuffix("·log 2") == true ? boundRational.doubleValue * log(2) : boundRational.doubleValue
        return value.isInfinite ? .greatestFiniteMagnitude : value
    }
}

extension Obstruction {
    /// The floor of SPEC §6.2–§6.3 on data with `targets` and `features`
    /// (row-major `samples × d` binary64 inputs, the values the network sees;
    /// §6.3 needs them, without them only §6.2 is tried).
    ///
    /// Every output weight locked with the same sign `s` (apex neurons compute 0
    /// forever) means `f = β + s·g` with `g = Σ|v_k|σ(a_k·x + b_k) ≥ 0` convex:
    /// - no output bias (§6.2): `s·f ≥ 0`, so MSE ≥ `(1/2n)·Σ_{s·y_i < 0} y_i²`,
    ///   BCE (labels 0/1) ≥ `(1/n)·#{wrong side}·log 2`;
    /// - in any case (§6.3): `f` is convex (`s = +1`) or concave (`s = −1`), so the
    ///   loss is at least the best such fit, bounded by `ConvexFitBound`.
    /// A positive bound proves zero loss unreachable; anything weaker is `unknown`.
    public static func data(initModel: ReluNetworkModel, targets: [Rational], loss: LossKind,
                            features: [Double]? = nil) -> DataObstruction {
        let n = targets.count
        func unknown(_ why: String, sign: Int? = nil, convexFit: ConvexFitBound? = nil) -> DataObstruction {
            DataObstruction(verdict: .unknown, sign: sign, boundRational: nil, boundText: nil, samples: n, explanation: why,
                            convexFit: convexFit)
        }
        let shape = initModel.shape
        guard shape.outputs == 1 else {
            return unknown("the model has \(shape.outputs) outputs; the floors of docs/THEORY.md §6.2–§6.3 are for one output, so no floor is proven")
        }
        guard n > 0 else { return unknown("no samples") }
        if loss == .bce, !targets.allSatisfy({ $0.isZero || $0 == Rational(1) }) {
            return unknown("binary cross-entropy needs labels 0 or 1")
        }
        let topology = NetworkTopology(model: initModel)
        var signs: [Int] = []
        var free: [(neuron: Int, c: Rational)] = []
        var lockedAtZero = 0
        for (k, neuron) in topology.neurons.enumerated() {
            if neuron.sign == 0 && neuron.invariant.isAtApex { continue }
            if neuron.locked(.dynamical).contains(.output), let sign = neuron.invariant.outputScalarSign {
                signs.append(sign)
                if neuron.sign == 0 { lockedAtZero += 1 }
            } else {
                free.append((k, neuron.invariant.c))
            }
        }
        if !free.isEmpty {
            if signs.isEmpty {
                return unknown("no output weight is locked (every c_k ≥ 0 lets v_k change sign): the invariant set is connected, so topology does not block any point of it and no floor is proven")
            }
            let first = free[0]
            return unknown("\(free.count) of \(topology.neurons.count) neurons can still change the sign of their output weight (neuron \(first.neuron) has c = \(Self.short(first.c)) > 0), so the network is not confined to one sign or one curvature: no floor is proven")
        }
        let positive = signs.filter { $0 > 0 }.count
        guard let s = signs.first else {
            return unknown("every neuron is at the apex (all weights 0): they stay there and f is constant\(shape.hasOutputBias ? " (the output bias)" : " (0)")")
        }
        guard positive == 0 || positive == signs.count else {
            return unknown("the output weights are locked with both signs (\(positive) positive, \(signs.count - positive) negative): f is then a difference of convex functions, which can fit any values on finitely many points, so no floor is proven")
        }
        let lockedWords = "every output weight is locked \(s > 0 ? "positive" : "negative") (\(lockedAtZero > 0 ? "each neuron has c_k < 0, or c_k = 0 away from a = v = 0, which keeps v_k" : "c_k < 0 keeps each v_k") from changing sign)"
        // §6.2 needs σ ≥ 0: with leaky ReLU a negative pre-activation times a
        // negative output weight is positive, so only ReLU confines f to one sign.
        if !shape.hasOutputBias, initModel.activation == .relu,
           let bound = signBound(targets, s: s, loss: loss, lockedWords: lockedWords), bound.verdict == .obstructed {
            return bound
        }
        let curvature: ConvexFitBound.Curvature = s > 0 ? .convex : .concave
        let shapeWords = "f = \(shape.hasOutputBias ? "β " : "")\(s > 0 ? "+" : "−") Σ|v_k|·\(initModel.activation == .relu ? "relu" : "σ")(a_k·x\(shape.hasHiddenBias ? " + b_k" : "")) is a \(curvature.rawValue) function of x along the whole flow\(shape.hasOutputBias ? ", whatever the output bias β does" : "")"
        guard let features, features.count == n * shape.inputs else {
            return unknown("\(lockedWords), so \(shapeWords); the data's features are needed for the floor of docs/THEORY.md §6.3", sign: s)
        }
        let fit = ConvexFitBound.search(features: features, dimension: shape.inputs, targets: targets, curvature: curvature, loss: loss)
        // Decided exactly for MSE: a floor of 10^−340 is positive though its binary64 value is 0.
        guard (fit.exactBound.map { $0.signum > 0 } ?? (fit.bound > 0)), let first = fit.groups.first else {
            let searched = fit.pointsTried == 0 && fit.pointsEligible > 0
                ? " (with \(shape.inputs) features the search was not attempted)"
                : fit.pointsTried < fit.pointsEligible ? " (searched \(fit.pointsTried) of \(fit.pointsEligible) points)" : ""
            return unknown("\(lockedWords), so \(shapeWords). But no data point was found to be a convex combination of others with its target on the wrong side of their weighted mean\(searched), so no positive floor is proven: every \(curvature.rawValue) fit may be exact. In high dimension data points are usually in convex position, and then any values have a \(curvature.rawValue) fit.",
                           sign: s, convexFit: fit)
        }
        let text: String, rational: Rational
        switch loss {
        case .mse:
            rational = fit.exactBound ?? .zero
            text = rational.description
        case .bce:
            rational = Rational(exactly: fit.bound) ?? .zero
            text = String(fit.bound)
        }
        let example = "a data point is an exact convex combination of \(first.support.count) other\(first.support.count == 1 ? " (a duplicate input)" : "s"), yet its target is \(Self.short(first.gap)) \(s > 0 ? "above" : "below") their weighted mean"
        return DataObstruction(verdict: .obstructed, sign: s, boundRational: rational, boundText: text, samples: n,
            explanation: "\(lockedWords), so \(shapeWords). No \(curvature.rawValue) function fits these data: \(example); \(fit.groups.count) such disjoint group\(fit.groups.count == 1 ? "" : "s") cost every \(curvature.rawValue) fit at least \(loss.rawValue.uppercased()) \(loss == .mse ? "= " : "≥ ")\(fit.exactBound.map(Self.short) ?? Self.short(fit.bound))\(loss == .bce ? " (rounded down)" : ""), so zero loss is out of reach (docs/THEORY.md §6.3)",
            convexFit: fit)
    }

    /// SPEC §6.2: `s·f ≥ 0` along the flow (no output bias).
    static func signBound(_ targets: [Rational], s: Int, loss: LossKind, lockedWords: String) -> DataObstruction? {
        let n = targets.count
        let side = s > 0 ? "f ≥ 0" : "f ≤ 0"
        switch loss {
        case .mse:
            var sum = Rational.zero
            for y in targets where y.signum == -s { sum += y.squared }
            let bound = sum / Rational(2 * n)
            guard bound.signum > 0 else { return nil }
            return DataObstruction(verdict: .obstructed, sign: s, boundRational: bound, boundText: bound.description, samples: n,
                explanation: "\(lockedWords), and the model has no output bias: \(side) on every input along the whole flow, so each target of the other sign costs its square: MSE ≥ (1/2n)·Σ y² over those targets \(bound.description.count <= 12 ? "= " : "≈ ")\(short(bound)) > 0 (docs/THEORY.md §6.2)",
                convexFit: nil)
        case .bce:
            let count = targets.filter { s < 0 ? $0 == Rational(1) : $0.isZero }.count
            guard count > 0 else { return nil }
            let factor = Rational(count) / Rational(n)
            return DataObstruction(verdict: .obstructed, sign: s, boundRational: factor, boundText: "\(factor)·log 2", samples: n,
                explanation: "\(lockedWords), and the model has no output bias: \(side) on every input along the whole flow, so each of the \(count) samples labelled \(s < 0 ? 1 : 0) costs at least log 2: BCE ≥ \(factor)·log 2 ≈ \(short(factor.doubleValue * log(2))) (docs/THEORY.md §6.2)",
                convexFit: nil)
        }
    }

    /// A rational shown short: itself when small, else about 6 significant
    /// digits, or its power of ten when binary64 cannot hold it.
    public static func short(_ value: Rational) -> String {
        let text = value.description
        if text.count <= 12 { return text }
        let double = value.doubleValue
        if double.isFinite && double != 0 { return short(double) }
        let digits = value.numerator.magnitude.description.count - value.denominator.description.count
        return "\(value.signum < 0 ? "−" : "")about 10^\(digits)"
    }

    static func short(_ value: Double) -> String { String(format: "%.6g", value) }
}

extension Obstruction {
    /// SPEC §13.5 for `L ≥ 3` and one output: when every output weight `W_L[0, k]`
    /// is locked with the same sign `s` (each by its certificate), there is no
    /// output bias and σ is ReLU, `s·f ≥ 0` along the whole flow and §6.2's
    /// floors hold. Otherwise `unknown`, with the reason.
    public static func data(deep topology: DeepTopology, targets: [Rational], loss: LossKind) -> DataObstruction {
        let network = topology.network
        let n = targets.count
        func unknown(_ why: String) -> DataObstruction {
            DataObstruction(verdict: .unknown, sign: nil, boundRational: nil, boundText: nil, samples: n, explanation: why, convexFit: nil)
        }
        guard network.widths.last == 1 else {
            return unknown("the network has \(network.widths.last ?? 0) outputs; the floor of docs/THEORY.md §13.5 is for one output")
        }
        guard n > 0 else { return unknown("no samples") }
        guard !network.hasBias(network.depth) else {
            return unknown("the network has an output bias, which can move f to either sign; with more than one hidden layer f is not convex either, so no floor is proven (docs/THEORY.md §13.5)")
        }
        guard network.activation == .relu else {
            return unknown("with leaky ReLU a negative hidden value times a locked output weight can have either sign: no floor is proven (docs/THEORY.md §6.2)")
        }
        if loss == .bce, !targets.allSatisfy({ $0.isZero || $0 == Rational(1) }) {
            return unknown("binary cross-entropy needs labels 0 or 1")
        }
        let last = network.depth
        let outputLocks = topology.flowLocked.filter { $0.lock.layer == last }
        // A last-layer neuron at its apex keeps output weight 0 for the whole flow (SPEC §13.4): it adds nothing to f.
        let apex = topology.piece?.apex.filter { $0.layer == last - 1 }.count ?? 0
        let width = network.widths[last - 1] - apex
        guard outputLocks.count == width else {
            return unknown("\(width - outputLocks.count) of the \(width) output weights can still change sign, so f is not confined to one sign: no floor is proven (docs/THEORY.md §13.5)")
        }
        let signs = Set(outputLocks.map(\.sign))
        guard signs.count == 1, let s = signs.first else {
            return unknown("the output weights are locked with both signs: f can take either sign, so no floor is proven")
        }
        let words = "every output weight is locked \(s > 0 ? "positive" : "negative") (certificates in analyze --json)"
        return signBound(targets, s: s, loss: loss, lockedWords: words)
            ?? DataObstruction(verdict: .unknown, sign: s, boundRational: nil, boundText: nil, samples: n,
                               explanation: "\(words), so f \(s > 0 ? "≥" : "≤") 0 along the flow, but no target is on the other side: no positive floor", convexFit: nil)
    }
}
