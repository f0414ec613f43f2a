import ArgumentParser
import ExactNumbers
import InvariantTopology
import ReluNetwork
import ModelIO
import Symmetry

/// `relutopo obstruct --init MODEL (--teacher MODEL | --data CSV --target COLUMN)`:
/// can gradient flow from this init reach the teacher (or zero loss), or does
/// topology block it (SPEC §6)?
struct Obstruct: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide whether topology blocks gradient flow from an init to a teacher (or to zero loss on data).",
        discussion: """
            Verdicts: reachable (with the slot assignment and the exact α² of every slot, checked), \
            obstructed (with the inequality or bound that fails), or unknown (never a guess). The teacher \
            verdict is given in the dynamical reading of docs/THEORY.md §3; it equals the topological one when no c_k = 0.
            """)

    @Option(name: .long, help: ArgumentHelp("The initialisation (MODEL).", valueName: "MODEL")) var `init`: String
    @Option(name: .long, help: ArgumentHelp("A teacher network (MODEL) whose zero-loss minimum is the target.", valueName: "MODEL"))
    var teacher: String?
    @Option(name: .long, help: ArgumentHelp("A CSV data set with a header row (instead of a teacher).", valueName: "CSV"))
    var data: String?
    @Option(name: .long, help: ArgumentHelp("The target column of --data (name or 0-based index).", valueName: "COLUMN"))
    var target: String?
    @Option(name: .long, help: "Loss for --data.") var loss: LossKind = .mse
    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var lawOptions: LawOptions
    @Flag(name: .long, help: "Print one JSON document.") var json = false
    @Flag(name: .long, help: "Exit with 0 if reachable, 1 if obstructed, 4 if unknown.") var exitStatus = false

    func validate() throws {
        switch (teacher, data) {
        case (nil, nil): throw ValidationError("give --teacher MODEL or --data CSV --target COLUMN")
        case (.some, .some): throw ValidationError("give either --teacher or --data, not both")
        case (nil, .some) where target == nil: throw ValidationError("--data needs --target COLUMN")
        default: break
        }
    }

    func run() throws {
        let network = try modelOptions.loadLayered(self.`init`, lawOptions: lawOptions)
        guard network.law.hasLaw else {   // docs/THEORY.md §14.4: no law, nothing certified
            let report = NotApplicableReport(network, invariants: try network.invariants(), law: LawReport(network.law, parameterization: lawOptions.parameterization))
            if json { try Output.write(report: report) } else { Output.write(report.text) }
            if exitStatus { throw ExitCode(4) }
            return
        }
        var teacherModel: ReluNetworkModel? = nil
        if let teacher {
            if let power = modelOptions.activation?.power, power != Rational(1) {
                throw ValidationError("--activation relu^\(power) with --teacher: the teacher rule and the teacher's outputs are for relu and leaky_relu; give --data (docs/THEORY.md §14.3)")
            }
            let teacherNetwork = try modelOptions.loadLayered(teacher, lawOptions: lawOptions)
            if network.depth > 2 || teacherNetwork.depth > 2 {
                try runSampledTeacher(network, teacher: teacherNetwork, path: teacher)
                return
            }
            teacherModel = try teacherNetwork.twoLayerModel()
        } else if network.depth > 2 {
            try runDeep(network)
            return
        }
        let initModel = try network.twoLayerModel()
        let verdict: ObstructionVerdict
        if let teacherModel {
            let result = try Obstruction.teacher(initModel: initModel, teacher: teacherModel)
            verdict = result.verdict
            if json { try Output.write(report: LawTagged(report: TeacherObstructionReport(result), law: LawReport(network.law, parameterization: lawOptions.parameterization))) } else { Output.write(LawReport.line(network.law) + teacherText(result)) }
        } else if let data, let target {
            let dataSet = try CSVDataSet.read(path: data, target: target, inputs: initModel.shape.inputs, model: self.`init`)
            try checkLabels(dataSet)
            let result = Obstruction.data(initModel: initModel, targets: dataSet.exactTargets, loss: loss, features: (modelOptions.activation?.power ?? Rational(1)) == Rational(1) ? dataSet.features : nil)   // §6.3 is for relu
            verdict = result.verdict
            if json {
                try Output.write(report: LawTagged(report: DataObstructionReport(result, loss: loss, lines: dataSet.lines), law: LawReport(network.law, parameterization: lawOptions.parameterization)))
            } else {
                Output.write(LawReport.line(network.law) + dataText(result, lines: dataSet.lines))
            }
        } else {
            throw ValidationError("give --teacher MODEL or --data CSV --target COLUMN")
        }
        try exit(verdict)
    }

    /// SPEC §13.5 with a teacher when either network is deeper than one hidden
    /// layer: the floor on the teacher's sampled data.
    func runSampledTeacher(_ network: LayeredNetwork, teacher: LayeredNetwork, path: String) throws {
        guard teacher.widths.first == network.widths.first, teacher.widths.last == network.widths.last else {
            throw ModelInputError(file: path, reason: "the teacher maps \(teacher.widths.first ?? 0) inputs to \(teacher.widths.last ?? 0) outputs, the init \(network.widths.first ?? 0) to \(network.widths.last ?? 0)")
        }
        let topology = try DeepTopology(network: network)
        let weights = teacher.layers.reduce(0) { $0 + $1.weights.values.count }
        let sample = SampledTeacher(teacher: teacher, samples: SampledTeacher.sampleCount(teacherWeights: weights), seed: 13_05)
        let result = Obstruction.teacher(deep: topology, sample: sample)
        let lines = Array(sample.targets.indices)
        if json {
            try Output.write(report: LawTagged(report: DataObstructionReport(result, loss: .mse, lines: lines), law: LawReport(network.law, parameterization: lawOptions.parameterization)))
        } else {
            Output.write(LawReport.line(network.law) + dataText(result, lines: lines))
        }
        try exit(result.verdict)
    }

    /// SPEC §13.5: deeper inits, with data.
    func runDeep(_ network: LayeredNetwork) throws {
        guard let data, let target else {
            throw ValidationError("give --teacher MODEL or --data CSV --target COLUMN")
        }
        let topology = try DeepTopology(network: network)
        let dataSet = try CSVDataSet.read(path: data, target: target, inputs: network.widths[0], model: self.`init`)
        try checkLabels(dataSet)
        let result = Obstruction.data(deep: topology, targets: dataSet.exactTargets, loss: loss)
        if json {
            try Output.write(report: LawTagged(report: DataObstructionReport(result, loss: loss, lines: dataSet.lines), law: LawReport(network.law, parameterization: lawOptions.parameterization)))
        } else {
            Output.write(LawReport.line(network.law) + dataText(result, lines: dataSet.lines))
        }
        try exit(result.verdict)
    }

    /// The floor, short: exact-aware for MSE (no "inf" or "0" for bounds
    /// beyond binary64), rounded for the BCE bounds that involve logarithms.
    func floorWords(_ result: DataObstruction) -> String {
        if let rational = result.boundRational, result.boundText?.hasSuffix("·log 2") != true, result.convexFit?.loss != .bce {
            return Obstruction.short(rational)
        }
        return result.boundValue.map(formatApproximate) ?? result.boundText ?? "the bound"
    }

    /// `--loss bce` needs labels 0 or 1 (as `flow` does): anything else is bad input.
    func checkLabels(_ dataSet: CSVDataSet) throws {
        guard loss == .bce else { return }
        if let row = dataSet.exactTargets.firstIndex(where: { !$0.isZero && $0 != Rational(1) }) {
            throw ModelInputError(file: dataSet.file, reason: "line \(dataSet.lines[row]): --loss bce needs labels 0 or 1 in column \(dataSet.targetName ?? "target"), got \(dataSet.exactTargets[row])")
        }
    }

    func exit(_ verdict: ObstructionVerdict) throws {
        if exitStatus {
            switch verdict {
            case .reachable: break
            case .obstructed: throw ExitCode(1)
            case .unknown: throw ExitCode(4)
            }
        }
    }

    func teacherText(_ result: TeacherObstruction) -> String {
        var lines = ["verdict: \(result.verdict.rawValue)", result.explanation]
        if let counts = result.counts {
            lines.append("counts: p⁺ = \(counts.pPlus), p⁻ = \(counts.pMinus) (output-locked neurons of the init), u = \(counts.free) free; teacher n⁺ = \(counts.nPlus), n⁻ = \(counts.nMinus)")
        }
        if let inequality = result.inequality {
            lines.append("docs/THEORY.md §6.1: max(0, n⁺ − p⁺) + max(0, n⁻ − p⁻) = \(inequality.left) \(inequality.holds ? "≤" : ">") u = \(inequality.right)")
        }
        if result.verdict == .reachable {
            var table = TextTable(header: ["slot", "occupant", "α² (exact)", "≈ α²"], rightAligned: [0, 3])
            let shown = result.assignment.count <= 24 ? result.assignment : Array(result.assignment.prefix(18))
            var long = false
            table.rows = shown.map { slot in
                let occupant: String
                switch slot.occupant {
                case .teacher(let k): occupant = "teacher \(k)"
                case .padding: occupant = "null neuron"
                }
                let exact = slot.alphaSquared.description
                long = long || exact.count > 32
                return [String(slot.slot), occupant, exact.count <= 32 ? exact : "…", formatApproximate(slot.alphaSquared.doubleValue)]
            }
            lines.append("")
            lines.append(contentsOf: table.render())
            if shown.count < result.assignment.count { lines.append("… \(result.assignment.count - shown.count) more slots in --json") }
            if long { lines.append("(…: the exact α² is longer than 32 characters; --json has every one)") }
            lines.append("every slot checked exactly: α² > 0, α²‖a‖² − ‖v‖²/α² = c_slot, same locked signs")
        }
        lines.append(contentsOf: result.notes.map { "note: " + $0 })
        lines.append("")
        lines.append(contentsOf: Self.meaning(result, initPath: self.`init`))
        return lines.joined(separator: "\n") + "\n"
    }

    /// "What this means", in a few plain lines under the verdict.
    static func meaning(_ result: TeacherObstruction, initPath: String) -> [String] {
        var lines = ["What this means:"]
        switch result.verdict {
        case .obstructed:
            if let counts = result.counts {
                let needPositive = max(0, counts.nPlus - counts.pPlus), needNegative = max(0, counts.nMinus - counts.pMinus)
                lines.append("  The teacher has \(counts.nPlus) neuron(s) with a positive output weight and \(counts.nMinus) with a negative one.")
                lines.append("  In this init \(counts.pPlus) neuron(s) are locked positive and \(counts.pMinus) locked negative (gradient flow")
                lines.append("  can never change the sign of their output weight) and only \(counts.free) can take either sign; the teacher")
                lines.append("  needs \(needPositive + needNegative) of those. So gradient flow from this init cannot reach the teacher's")
                lines.append("  weights (up to rescaling and reordering of neurons), however long it runs; small-step gradient descent")
                lines.append("  stays close to it. Other networks may still fit finitely many samples: `--data` proves loss floors")
                lines.append("  (docs/THEORY.md §6.1–§6.3).")
            } else {
                lines.append("  Gradient flow from this init cannot reach the teacher's weights, up to rescaling and reordering (docs/THEORY.md §6.1).")
            }
            lines.append("  Fix: `relutopo repair \(initPath) -o FIXED` rescales each neuron whose input weights are not all zero")
            lines.append("  (a → αa, v → v/α, α a power of two): the same function, bit for bit, and no such neuron stays locked;")
            lines.append("  it names any neuron it cannot repair (a_k = 0).")
        case .reachable:
            lines.append("  Nothing in the conserved quantities blocks the way: the teacher (up to rescaling and reordering of")
            lines.append("  neurons) lies in the same connected piece of the invariant set as this init. That does not promise")
            lines.append("  that training finds it, only that topology does not forbid it (docs/THEORY.md §6.1).")
        case .unknown:
            lines.append("  No proof either way, for the reason above; relutopo never guesses (docs/THEORY.md §6).")
        }
        return lines
    }

    func dataText(_ result: DataObstruction, lines: [Int]) -> String {
        var text = ["verdict: \(result.verdict.rawValue)", result.explanation]
        if let bound = result.boundText {
            let shown = bound.count <= 40 ? bound : "≈ \(floorWords(result)) (\(bound.count) characters exactly: --json)"
            text.append("loss lower bound: \(shown) (\(loss.rawValue), n = \(result.samples))")
        }
        if let fit = result.convexFit, !fit.groups.isEmpty {
            func line(_ row: Int) -> String { lines.indices.contains(row) ? "line \(lines[row])" : "row \(row)" }
            let shown = fit.groups.prefix(5)
            text.append("certificate (checked exactly): \(fit.groups.count) disjoint group\(fit.groups.count == 1 ? "" : "s") of data points; each point on the left is the weighted mean of the points on the right:")
            for group in shown {
                let members = group.support.map { "\(formatApproximate($0.weight.doubleValue))·\(line($0.point))" }.joined(separator: " + ")
                text.append("  \(line(group.point)) = \(members); its target is \(formatApproximate(group.gap.doubleValue)) \(fit.curvature == .convex ? "above" : "below") theirs")
            }
            if fit.groups.count > shown.count { text.append("  … \(fit.groups.count - shown.count) more groups, every exact weight in --json") }
        }
        text.append("")
        text.append("What this means:")
        switch result.verdict {
        case .obstructed:
            text.append("  Training this init on these data can never bring the \(loss.rawValue.uppercased()) loss below \(floorWords(result)),")
            text.append("  however long gradient flow runs (small-step gradient descent stays close to it): the locked output signs forbid it.")
            text.append("  Fix: `relutopo repair \(self.`init`) -o FIXED` rescales each neuron whose input weights are not all zero")
            text.append("  (a → αa, v → v/α, α a power of two): the same function, bit for bit, and no such neuron stays locked;")
            text.append("  it names any neuron it cannot repair (a_k = 0).")
        case .reachable, .unknown:
            text.append("  No floor is proven for the reason above; the loss may or may not reach 0 (docs/THEORY.md §6.2–§6.3).")
        }
        return text.joined(separator: "\n") + "\n"
    }
}

extension LossKind: ExpressibleByArgument {}
