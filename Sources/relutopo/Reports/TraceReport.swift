import ExactNumbers
import InvariantTopology

/// `trace --json` (SPEC §14.6): one entry per checkpoint and one per
/// coordinate locked at the first checkpoint.
struct TraceReport: Encodable {
    let widths: [Int]
    let neurons: Int
    let checkpoints: [Checkpoint]
    let lockedAtStart: [Locked]
    /// `(layer, index)` of the neurons in each checkpoint's `c_plotted`.
    let plottedNeurons: [[Int]]
    let note: String

    struct Checkpoint: Encodable {
        let index: Int
        let path: String
        let lockedCount: Int
        let label: String
        let maxDrift: String
        let maxDriftApprox: Double
        let maxDriftNeuron: [Int]?
        let locksChanged: Int
        let cPlotted: [Double]
        /// Every c exactly, in the order of analyze's neurons (with --full).
        let c: [String]?
    }

    struct Locked: Encodable {
        let tensor: String
        let index: [Int]
        let sign: Int
        let certificate: [[Int]]
        let side: FlowPolytopeLocks.Side
        /// 0-based checkpoint where the sign first differs from `sign`; null: never.
        let firstChange: Int?
        let firstChangePath: String?
        let signThere: Int?
    }

    init(_ trace: CheckpointTrace) {
        widths = trace.widths
        neurons = trace.neuronCount
        checkpoints = trace.points.enumerated().map { index, point in
            Checkpoint(index: index, path: point.path, lockedCount: point.lockedCount, label: point.label,
                       maxDrift: point.maximumDrift.description, maxDriftApprox: point.maximumDrift.doubleValue,
                       maxDriftNeuron: point.driftNeuron.map { [$0.layer, $0.index] }, locksChanged: point.changedLocks,
                       cPlotted: point.plottedInvariants, c: point.invariants?.map(\.description))
        }
        lockedAtStart = trace.lockedAtStart.map { entry in
            Locked(tensor: entry.tensor, index: entry.index, sign: entry.sign, certificate: entry.lock.certificate.map { [$0.layer, $0.index] },
                   side: entry.lock.side, firstChange: entry.firstChange?.checkpoint,
                   firstChangePath: entry.firstChange.map { trace.points[$0.checkpoint].path }, signThere: entry.firstChange?.sign)
        }
        plottedNeurons = trace.plotted.map { [$0.layer, $0.index] }
        note = "gradient flow keeps every c and every locked sign; a change shows the run is not gradient flow (finite steps, momentum, Adam, unequal weight decay; docs/THEORY.md §14.5)"
    }
}
