/// The outcome of a flow run: the verdict as its return code with the reason,
/// the final state, and apart from them the monitors, the statistics and the
/// trajectory (SPEC §9.4–9.5).
public struct FlowSolution: Sendable {
    /// The return code (SPEC §9.5).
    public var verdict: FlowVerdict
    public var reason = ""
    public var finalLoss: Double
    public var tFinal: Double
    public var gradientNorm: Double
    /// θ at `tFinal`.
    public var parameters: [Double]
    public var monitors: FlowMonitors
    public var statistics = FlowStatistics()
    public var trajectory = FlowTrajectory()
    /// Finite-step runs (gd, momentum, Adam): what the steps did to the law (SPEC §2, §14.5).
    public var descent: DescentDiagnostics?

    public init(verdict: FlowVerdict, finalLoss: Double, tFinal: Double, gradientNorm: Double,
                monitors: FlowMonitors, parameters: [Double]) {
        self.verdict = verdict
        // A NaN's sign bit means nothing; reports print "nan", not "-nan".
        self.finalLoss = finalLoss.isNaN ? .nan : finalLoss
        self.tFinal = tFinal
        self.gradientNorm = gradientNorm.isNaN ? .nan : gradientNorm
        self.monitors = monitors
        self.parameters = parameters
    }
}
