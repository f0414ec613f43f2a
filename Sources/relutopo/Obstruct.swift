import ArgumentParser
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
            verdict is given in the dynamical reading of SPEC §3; it equals the topological one when no c_k = 0.
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
        let initModel = try modelOptions.load(self.`init`)
        let verdict: ObstructionVerdict
        if let teacher {
            let result = try Obstruction.teacher(initModel: initModel, teacher: try modelOptions.load(teacher))
            verdict = result.verdict
            if json { try Output.write(report: TeacherObstructionReport(result)) } else { Output.write(teacherText(result)) }
        } else if let data, let target {
            let dataSet = try CSVDataSet.read(path: data, target: target, inputs: initModel.shape.inputs, model: self.`init`)
            let result = Obstruction.data(initModel: initModel, targets: dataSet.exactTargets, loss: loss, features: dataSet.features)
            verdict = result.verdict
            if json {
                try Output.write(report: DataObstructionReport(result, loss: loss, lines: dataSet.lines))
            } else {
                Output.write(dataText(result, lines: dataSet.lines))
            }
        } else {
            throw ValidationError("give --teacher MODEL or --data CSV --target COLUMN")
        }
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
            lines.append("SPEC §6.1: max(0, n⁺ − p⁺) + max(0, n⁻ − p⁻) = \(inequality.left) \(inequality.holds ? "≤" : ">") u = \(inequality.right)")
        }
        if result.verdict == .reachable {
            var table = TextTable(header: ["slot", "occupant", "α² (exact)", "≈ α²"], rightAligned: [0, 3])
            let shown = result.assignment.count <= 24 ? result.assignment : Array(result.assignment.prefix(18))
            table.rows = shown.map { slot in
                let occupant: String
                switch slot.occupant {
                case .teacher(let k): occupant = "teacher \(k)"
                case .padding: occupant = "null neuron"
                }
                let exact = slot.alphaSquared.description
                return [String(slot.slot), occupant, exact.count <= 48 ? exact : "(\(exact.count) chars: --json)", formatApproximate(slot.alphaSquared.doubleValue)]
            }
            lines.append("")
            lines.append(contentsOf: table.render())
            if shown.count < result.assignment.count { lines.append("… \(result.assignment.count - shown.count) more slots in --json") }
            lines.append("every slot checked exactly: α² > 0, α²‖a‖² − ‖v‖²/α² = c_slot, same locked signs")
        }
        lines.append(contentsOf: result.notes.map { "note: " + $0 })
        return lines.joined(separator: "\n") + "\n"
    }

    func dataText(_ result: DataObstruction, lines: [Int]) -> String {
        var text = ["verdict: \(result.verdict.rawValue)", result.explanation]
        if let bound = result.boundText {
            text.append("loss lower bound: \(bound) (\(loss.rawValue), n = \(result.samples))")
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
        return text.joined(separator: "\n") + "\n"
    }
}

extension LossKind: ExpressibleByArgument {}
