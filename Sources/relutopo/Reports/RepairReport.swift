import InvariantTopology
import ReluNetwork
import Symmetry

/// `repair --json`: the function-preserving rescaling of SPEC §7 as written,
/// re-read and checked exactly (`verified` is true whenever a report is
/// written: a failed check stops the command before it replaces anything).
struct RepairReport: Encodable {
    let input: String
    let output: String
    /// The format written, the input's own (`json`, `npy-directory`, `npz`, `safetensors`).
    let format: String
    let rescaledNeurons: Int
    /// `α_k = 2^exponents[k]`.
    let exponents: [Int]
    /// Neurons with `a_k = 0`: no rescaling makes `c_k > 0`.
    let unrepairableNeurons: [Int]
    let componentsBefore: PerReading<String>
    let componentsAfter: PerReading<String>
    let verified = true
    /// The largest `|f_after(x) − f_before(x)|` over the inputs of `change_measured_on`.
    let maxAbsChangeF: Double
    let changeMeasuredOn: String
    let notes: [String]
}

extension RepairReport {
    /// The report of a finished repair of `input` into `output` (written in `format`);
    /// `change` is the largest change of f measured on `measuredOn`.
    init(input: String, output: String, format: ModelFormat, _ outcome: RepairJob.Outcome, change: Double, measuredOn: String, notes: [String]) {
        func components(_ topology: NetworkTopology) -> PerReading<String> {
            PerReading { topology.componentCount($0).description }
        }
        let exponents = outcome.plan.exponents
        self.input = input
        self.output = output
        self.format = format.rawValue
        rescaledNeurons = exponents.filter { $0 > 0 }.count
        self.exponents = exponents
        unrepairableNeurons = outcome.plan.unrepairable
        componentsBefore = components(outcome.before)
        componentsAfter = components(outcome.after)
        maxAbsChangeF = change
        changeMeasuredOn = measuredOn
        self.notes = notes
    }
}
