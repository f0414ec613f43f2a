/// `demo --json`: the paper's two-neuron student (as model JSON), the teacher,
/// the `analyze --json` report of the student, and the explanation.
struct DemoReport: Encodable {
    let model: String
    let teacher: String
    let analysis: AnalyzeReport
    let explanation: [String]
}
