import ModelIO
import ReluNetwork

extension FlowExperiment {
    /// The checks `run` makes before it integrates, whether the data fit the
    /// init (widths, a teacher's inputs and outputs, BCE labels), without the
    /// prediction, the floor or the run: a batch (`flow --batch`, issue 17)
    /// checks every init this way before its first run. Throws the same
    /// `ModelInputError` the run would.
    public func checkInputs() throws(ModelInputError) {
        if !usesDeepProblem { _ = try network.twoLayerModel() }
        switch data {
        case .teacher(let teacher, _, _):
            try checkTeacher(teacher)
        case .table(let table, _, _, _):
            try checkData(FlowData.csv(table))
        }
    }
}
