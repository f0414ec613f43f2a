import ExactNumbers
import Symmetry

/// `obstruct --teacher --json` (SPEC §6.1, SPEC §12: `{"verdict", "counts",
/// "certificate", …}`): can gradient flow from the init reach the teacher, in
/// the dynamical reading of SPEC §3.
struct TeacherObstructionReport: Encodable {
    let verdict: ObstructionVerdict
    let reading = "dynamical"
    /// SPEC §6.1's counts (`null` unless `e = 1`).
    let counts: ObstructionCounts?
    let certificate: Certificate
    let notes: [String]

    /// The inequality of SPEC §6.1 (when `e = 1`), and for a reachable teacher
    /// the slot assignment, each `α²` checked exactly. Absent parts are left out.
    struct Certificate: Encodable {
        let inequality: Inequality?
        let assignment: [Slot]?
        let verified: Bool?
        let explanation: String

        enum CodingKeys: String, CodingKey {
            case inequality, assignment, verified, explanation
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            if let inequality { try container.encode(inequality, forKey: .inequality) }
            if let assignment { try container.encode(assignment, forKey: .assignment) }
            if let verified { try container.encode(verified, forKey: .verified) }
            try container.encode(explanation, forKey: .explanation)
        }
    }

    /// `max(0, n⁺ − p⁺) + max(0, n⁻ − p⁻) ≤ u`, both sides and whether it holds.
    struct Inequality: Encodable {
        let statement = "max(0, n_plus - p_plus) + max(0, n_minus - p_minus) <= free"
        let left: Int
        let right: Int
        let holds: Bool
    }

    /// One slot of the init: its occupant (`"teacher k"` or `"null"`, a neuron
    /// computing 0) and the exact `α² = x + y·√d` that puts it on the slot's quadric,
    /// also as `(p + √q)/r` (`r = 1/y`, `p = x/y`, `q = d`; `null` when `y = 0`).
    struct Slot: Encodable {
        let slot: Int
        let occupant: String
        let alphaSquared: String
        let alphaSquaredPqr: Fraction?
        let alphaSquaredRational: String
        let alphaSquaredSqrtCoefficient: String
        let alphaSquaredRadicand: String
        let alphaSquaredApprox: Double
        let verified: Bool

        /// `(p + √q)/r`, rationals as strings.
        struct Fraction: Encodable {
            let p: String
            let q: String
            let r: String
        }
    }
}

extension TeacherObstructionReport {
    /// The report of the library's verdict.
    init(_ result: TeacherObstruction) {
        verdict = result.verdict
        counts = result.counts
        let reachable = result.verdict == .reachable
        certificate = Certificate(
            inequality: result.inequality.map { Inequality(left: $0.left, right: $0.right, holds: $0.holds) },
            assignment: reachable ? result.assignment.map(Slot.init) : nil,
            verified: reachable ? result.assignment.allSatisfy(\.verified) : nil,
            explanation: result.explanation)
        notes = result.notes
    }
}

extension TeacherObstructionReport.Slot {
    /// The slot as the library assigned and checked it.
    init(_ assignment: SlotAssignment) {
        let x = assignment.alphaSquared
        slot = assignment.slot
        switch assignment.occupant {
        case .teacher(let k): occupant = "teacher \(k)"
        case .padding: occupant = "null"
        }
        alphaSquared = x.description
        alphaSquaredPqr = x.coefficient.isZero ? nil : Fraction(
            p: (x.rational / x.coefficient).description, q: x.radicand.description, r: (Rational(1) / x.coefficient).description)
        alphaSquaredRational = x.rational.description
        alphaSquaredSqrtCoefficient = x.coefficient.description
        alphaSquaredRadicand = x.radicand.description
        alphaSquaredApprox = x.doubleValue
        verified = assignment.verified
    }
}
