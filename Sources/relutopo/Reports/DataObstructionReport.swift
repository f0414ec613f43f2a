import ExactNumbers
import Symmetry

/// `obstruct --data --json` (SPEC §6.2–§6.3, SPEC §12): whether the locked
/// output signs bound the loss on the data from below along the whole flow.
struct DataObstructionReport: Encodable {
    let verdict: ObstructionVerdict
    /// `null`: the bound counts no neurons against a teacher (the key stays, SPEC §12).
    let counts: ObstructionCounts? = nil
    let certificate: Certificate

    /// The loss, the number of samples, the locked sign of every output
    /// weight and the exact lower bound (`null` when there is none); with the
    /// convex-fit search of SPEC §6.3, its groups.
    struct Certificate: Encodable {
        let loss: LossKind
        let samples: Int
        let lockedOutputSign: Int?
        let lowerBound: String?
        let explanation: String
        /// `null` when the search of SPEC §6.3 did not run.
        var convexFit: ConvexFit? = nil
    }

    /// SPEC §6.3: every group `x₀ = Σ weight·x_j` (rows 0-based in data order,
    /// `line`: the CSV line), checked exactly, and the bound they prove.
    struct ConvexFit: Encodable {
        let curvature: ConvexFitBound.Curvature
        /// MSE: exact; BCE: decimal, rounded down.
        let bound: String
        let pointsTried: Int
        let pointsEligible: Int
        let groups: [Group]

        struct Group: Encodable {
            let row: Int
            let line: Int?
            /// How far the target breaks the curvature's inequality, exact.
            let gap: String
            let support: [Member]
        }

        struct Member: Encodable {
            let row: Int
            let line: Int?
            let weight: String
        }
    }
}

extension DataObstructionReport {
    /// The report of the library's verdict for `loss` (`lines`: the CSV line of each row).
    init(_ result: DataObstruction, loss: LossKind, lines: [Int] = []) {
        verdict = result.verdict
        var certificate = Certificate(loss: loss, samples: result.samples, lockedOutputSign: result.sign,
                                      lowerBound: result.boundText, explanation: result.explanation)
        if let fit = result.convexFit {
            func line(_ row: Int) -> Int? { lines.indices.contains(row) ? lines[row] : nil }
            certificate.convexFit = ConvexFit(
                curvature: fit.curvature, bound: fit.exactBound?.description ?? String(fit.bound),
                pointsTried: fit.pointsTried, pointsEligible: fit.pointsEligible,
                groups: fit.groups.map { group in
                    ConvexFit.Group(row: group.point, line: line(group.point), gap: group.gap.description,
                                    support: group.support.map { ConvexFit.Member(row: $0.point, line: line($0.point), weight: $0.weight.description) })
                })
        }
        self.certificate = certificate
    }
}
