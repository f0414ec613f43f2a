/// How the loss moved at the end of a run, over the last tenth of its time
/// span: whether an `undecided` run was still improving when it stopped
/// (SPEC §9.5 says only that time ran out).
public struct LossTrend: Sendable, Equatable {
    public enum Direction: String, Sendable {
        case falling, flat, rising
    }

    /// A relative change below this (0.01 %) over the window counts as flat:
    /// at that pace halving the loss takes more than 5 000 such windows, i.e.
    /// 500 times the run's horizon. Far above the integrators' error at the
    /// default tolerances (rtol 1e-6).
    public static let flatThreshold = 1e-4

    /// The window `[fromT, toT]` and the loss at its ends (at `fromT`
    /// interpolated linearly between the recorded points around it).
    public let fromT: Double, toT: Double
    public let fromLoss: Double, toLoss: Double

    public init(fromT: Double, toT: Double, fromLoss: Double, toLoss: Double) {
        self.fromT = fromT
        self.toT = toT
        self.fromLoss = fromLoss
        self.toLoss = toLoss
    }

    /// `(L(toT) − L(fromT)) / L(fromT)`: negative while the loss falls.
    public var relativeChange: Double { (toLoss - fromLoss) / fromLoss }
    /// `(L(toT) − L(fromT)) / (toT − fromT)`, per unit of t.
    public var slope: Double { (toLoss - fromLoss) / (toT - fromT) }

    public var direction: Direction {
        if abs(relativeChange) < LossTrend.flatThreshold { return .flat }
        return relativeChange < 0 ? .falling : .rising
    }
}

extension FlowTrajectory {
    /// The trend over the last `fraction` of the recorded time span; nil when
    /// the run has no time span (decided at t = 0), a loss in the window is not
    /// finite, or the loss at the window's start is 0.
    public func trend(overLast fraction: Double = 0.1) -> LossTrend? {
        guard let first = lossCurve.first, let last = lossCurve.last, last.t > first.t, fraction > 0, fraction <= 1 else { return nil }
        let from = last.t - fraction * (last.t - first.t)
        // The first point at or after `from` (times never decrease along a run).
        guard let index = lossCurve.firstIndex(where: { $0.t >= from }) else { return nil }
        let after = lossCurve[index]
        let fromLoss: Double
        if after.t == from || index == 0 {
            fromLoss = after.loss
        } else {
            let before = lossCurve[index - 1]   // before.t < from < after.t
            fromLoss = before.loss + (from - before.t) / (after.t - before.t) * (after.loss - before.loss)
        }
        guard fromLoss.isFinite, last.loss.isFinite, fromLoss > 0 else { return nil }
        return LossTrend(fromT: from, toT: last.t, fromLoss: fromLoss, toLoss: last.loss)
    }
}
