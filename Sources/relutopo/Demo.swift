import ArgumentParser
import ExactNumbers
import InvariantTopology
import ModelIO
import ReluNetwork
import Symmetry

/// `relutopo demo`: the paper's two-neuron setting, analysed and explained.
///
/// Student: `d = 2` inputs, `l = 2` hidden neurons, `e = 1` output, both
/// neurons pathological (`c_k < 0`) with negative output weights. Teacher:
/// `relu(x₁ + x₂)`. The invariant set has 4 components, 3 effective; the
/// student's component cannot host the teacher (SPEC §4–§6).
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse the paper's two-neuron example and explain the obstruction.")

    @Flag(name: .long, help: "Print one JSON document: the analysis of the example model and the explanation.")
    var json = false

    /// The built-in student (exact decimals, SPEC §12 model JSON).
    static let studentJSON = """
        {"W1": [[0.3, 0.4], [0.6, -0.8]], "W2": [[-1, -1.25]], "activation": "relu"}
        """

    /// The teacher `relu(x₁ + x₂)`.
    static let teacherJSON = """
        {"W1": [[1, 1]], "W2": [[1]], "activation": "relu"}
        """

    static func studentModel() throws -> ReluNetworkModel {
        try ModelJSONReader.parse(Array(studentJSON.utf8), file: "demo (built-in)")
    }

    static func teacherModel() throws -> ReluNetworkModel {
        try ModelJSONReader.parse(Array(teacherJSON.utf8), file: "demo teacher (built-in)")
    }

    func run() throws {
        let model = try Demo.studentModel()
        let analysis = InvariantSetAnalysis(model: model)
        let obstruction = try Obstruction.teacher(initModel: model, teacher: try Demo.teacherModel())
        let explanation = Demo.explanation(analysis, obstruction)
        if json {
            try Output.write(report: DemoReport(model: Demo.studentJSON, teacher: "relu(x1 + x2)",
                                                analysis: AnalyzeReport(analysis), explanation: explanation))
            return
        }
        var text = """
            relutopo demo — the two-neuron example (Nurisso, Leroy, Vaccarino, NeurIPS 2024)

            Student network  f(x) = v₁·relu(a₁·x) + v₂·relu(a₂·x),  x ∈ R²
              a₁ = (3/10, 2/5),  v₁ = −1
              a₂ = (3/5, −4/5),  v₂ = −5/4
            Teacher          f*(x) = relu(x₁ + x₂)


            """
        text += analysis.text(full: true, verbose: true, explain: false)
        text += "\nWhat this means\n"
        text += explanation.map { "  • " + $0 }.joined(separator: "\n") + "\n"
        Output.write(text)
    }

    /// The explanation, computed from the analysis and the obstruction (not hard-coded numbers).
    static func explanation(_ analysis: InvariantSetAnalysis, _ obstruction: TeacherObstruction) -> [String] {
        let invariants = analysis.topology.neurons.map { $0.invariant.c.description }
        let totals = analysis.totals(.topological)
        // SPEC §6.1 for the teacher relu(x1 + x2): n⁺ = 1, n⁻ = 0.
        let inequality = obstruction.inequality ?? (left: 0, right: 0, holds: true)
        return [
            "Gradient flow conserves c_k = ‖a_k‖² − ‖v_k‖² for each neuron (docs/THEORY.md §2). Here c = \(invariants.joined(separator: ", ")): both negative.",
            "With c_k < 0 and one output, |v_k|² = ‖a_k‖² − c_k > 0 along the whole flow, so v_k can never cross 0: its sign is locked (a pathological neuron).",
            "So the invariant set falls apart into \(totals.components) components, one per sign pattern of (v₁, v₂): ++, +−, −+, −−. This point is in \"\(totals.label)\".",
            "Swapping the two neurons (a symmetry: same function) maps +− to −+, so there are \(totals.effective.value) effective components: {++}, {+−, −+}, {−−} (docs/THEORY.md §5.4).",
            "In \"\(totals.label)\" the output is a sum of non-positive terms: f(x) ≤ 0 for every x, all along the flow. The teacher relu(x₁ + x₂) needs one neuron with a positive output: max(0, n⁺ − p⁺) + max(0, n⁻ − p⁻) = \(inequality.left) > u = \(inequality.right), so zero loss is unreachable (docs/THEORY.md §6.1).",
            "The cure keeps the function: rescale a_k → α a_k, v_k → v_k/α with α⁴ > v_k²/‖a_k‖² (e.g. α = 2) so that every c_k > 0; then the invariant set is connected (docs/THEORY.md §7).",
        ]
    }
}
