import Symmetry

/// `obstruct --data --json` (SPEC §6.2, SPEC §12): whether the locked output
/// signs bound the loss on the data from below along the whole flow.
struct DataObstructionReport: Encodable {
    let verdict: ObstructionVerdict
    /// `null`: the bound counts no neurons against a teacher (the key stays, SPEC §12).
    let counts: ObstructionCounts? = nil
    let certificate: Certificate

    /// The loss, the number of samples, the locked sign of every output
    /// weight and the exact lower bound (`null` when there is none).
    struct Certificate: Encodable {
        let loss: LossKind
        let samples: Int
        let lockedOutputSign: Int?
        let lowerBound: String?
        let explanation: String
    }
}

extension DataObstructionReport {
    /// The report of the library's verdict for `loss`.
    init(_ result: DataObstruction, loss: LossKind) {
        verdict = result.verdict
        certificate = Certificate(loss: loss, samples: result.samples, lockedOutputSign: result.sign,
                                  lowerBound: result.boundText, explanation: result.explanation)
    }
}
