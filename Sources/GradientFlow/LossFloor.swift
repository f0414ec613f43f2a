import ExactNumbers
import Foundation
import Symmetry

/// A proven lower bound of the training loss along the whole flow, from the
/// init's locked output signs, the inputs and the targets (SPEC §6.2–§6.3): what an `undecided`
/// or `stalled` run can be read against. It binds the flow, which conserves
/// every `c_k` (SPEC §2); gradient descent is not bound by it.
public struct LossFloor: Sendable, Equatable {
    /// The bound in binary64 (nearest), > 0; nil when no positive bound is proven.
    public let value: Double?
    /// The exact bound ("3/8", "212/569·log 2"); nil with `value`.
    public let exact: String?
    /// Why the bound holds, or why none is proven, in one line.
    public let explanation: String

    public init(value: Double?, exact: String?, explanation: String) {
        self.value = value
        self.exact = exact
        self.explanation = explanation
    }

    /// The floor of `Obstruction.data`'s answer (SPEC §6.2–§6.3).
    public init(_ obstruction: DataObstruction, loss: FlowLoss) {
        guard let bound = obstruction.boundRational, bound.signum > 0, let value = obstruction.boundValue else {
            self.init(value: nil, exact: nil, explanation: obstruction.explanation)
            return
        }
        self.init(value: value, exact: obstruction.boundText ?? bound.description, explanation: obstruction.explanation)
    }
}
