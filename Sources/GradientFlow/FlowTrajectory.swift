/// The path of a flow run, recorded at the start, after every accepted step
/// and at every crossing.
public struct FlowTrajectory: Sendable {
    /// (t, loss).
    public var lossCurve: [(t: Double, loss: Double)] = []
    /// Per neuron, (‖a_k‖, v_k) (‖v_k‖ when e ≥ 2): the path on the hyperbola
    /// ‖a‖² − v² = c_k (the paper's Figure 3).
    public var neuronPaths: [[(a: Double, v: Double)]] = []

    public init() {}

    /// Appends one point: the loss at `t` and each neuron's `(‖a_k‖, v_k)` at θ.
    mutating func record<Problem: FlowModel>(t: Double, loss: Double, _ theta: [Double], _ problem: Problem) {
        lossCurve.append((t, loss))
        if neuronPaths.isEmpty { neuronPaths = Array(repeating: [], count: problem.neurons) }
        for k in 0..<problem.neurons { neuronPaths[k].append(problem.neuronPoint(theta, neuron: k)) }
    }
}

extension FlowProblem {
    /// `(‖a_k‖, v_k)`, with `‖v_k‖` for e ≥ 2.
    public func neuronPoint(_ theta: [Double], neuron k: Int) -> (a: Double, v: Double) {
        var a2 = 0.0
        for j in 0..<d { a2 += theta[w1Offset + k * d + j] * theta[w1Offset + k * d + j] }
        if hiddenBias { a2 += theta[b1Offset + k] * theta[b1Offset + k] }
        let v: Double
        if e == 1 { v = theta[w2Offset + k] } else {
            v = (0..<e).reduce(0.0) { $0 + theta[w2Offset + $1 * l + k] * theta[w2Offset + $1 * l + k] }.squareRoot()
        }
        return (a2.squareRoot(), v)
    }
}
