import ArgumentParser
import Foundation
import ProofChecks

/// `verify lie --widths d,n_1,…,e`: the all-data count of a network with any
/// number of hidden layers (SPEC §11.2, §13).
extension VerifyCommand {
    /// Largest entry of --widths and most layers (a path product has degree ≤ 16).
    static let widthLimit = 10_000
    static let layerLimit = 16

    func runDeepLie() throws {
        guard inputs == nil, hidden == nil, outputs == nil, point == nil, data == nil, samples == nil, target == nil, !noBlocks else {
            throw ValidationError("--widths gives the whole shape: it takes no --inputs, --hidden, --outputs, --point, --data, --samples, --target or --no-blocks")
        }
        let shape = try VerifyCommand.parseWidths(widths ?? "")
        let maximumDepth = depth ?? 8
        try NumericFlag.check("--depth", maximumDepth, in: 1...64)
        let report: DeepConservationLawReport
        do {
            report = try DeepConservationLawCount.allData(widths: shape, hiddenBias: bias, seed: seed, maximumDepth: maximumDepth)
        } catch {
            throw ValidationError(error.description)
        }
        if json {
            try Output.write(report: report)
        } else {
            Output.write(VerifyCommand.table([report]))
            if let pending = report.pendingBrackets {
                Output.write("Depth \(report.depth + 1) would form \(pending) brackets, more than the \(DeepConservationLawCount.maximumBrackets) relutopo allows: the closure stopped at depth \(report.depth).\n")
            }
            Output.write(report.certified
                ? "Certified: the \(report.conservationLaws) laws are proven (rank mod p bounds the trace from below; the \(report.verifiedLaws) laws c_{h,k}, verified exactly over ℚ, bound it from above). Hidden neurons: \(report.hiddenNeurons).\n"
                : "Not certified: between \(report.verifiedLaws) (laws verified exactly) and \(report.conservationLaws) (rank mod p) conservation laws; the closure stopped at \(report.stop.rawValue).\n")
        }
    }

    /// `d,n_1,…,e`: at least three integers in 1…10000, at most 17 (16 layers).
    static func parseWidths(_ text: String) throws -> [Int] {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let rule = "--widths is a list d,n_1,…,e of 3 to \(layerLimit + 1) integers in 1…\(widthLimit)"
        var widths: [Int] = []
        for (position, entry) in entries.enumerated() {
            let shown = entry.count > 20 ? String(entry.prefix(20)) + "…" : entry
            guard let value = Int(entry) else {
                let problem = entry.isEmpty ? "is empty" : (entry.allSatisfy { $0.isNumber || $0 == "-" || $0 == "+" } && entry.count > 1 ? "is too large" : "is not an integer")
                throw ValidationError("\(rule), but entry \(position + 1) ('\(shown)') \(problem)")
            }
            guard (1...widthLimit).contains(value) else {
                throw ValidationError("\(rule), but entry \(position + 1) (\(value)) is \(value < 0 ? "negative" : (value == 0 ? "zero" : "too large"))")
            }
            widths.append(value)
        }
        guard (3...(layerLimit + 1)).contains(widths.count) else {
            throw ValidationError("\(rule), but it has \(widths.count) entr\(widths.count == 1 ? "y" : "ies")")
        }
        return widths
    }

    static func table(_ reports: [DeepConservationLawReport]) -> String {
        let header = ["family", "widths", "bias", "D", "hidden", "gens", "trace by depth", "dim trace", "laws", "verified", "certified", "stop", "s"]
        var table = TextTable(header: header, rightAligned: Set([3, 4, 5, 7, 8, 9, 12]))
        for r in reports {
            table.rows.append(["all data", r.widths.map(String.init).joined(separator: ","), r.hiddenBias ? "yes" : "no", "\(r.dimension)",
                               "\(r.hiddenNeurons)", "\(r.generators)", r.traceByDepth.map(String.init).joined(separator: " "),
                               "\(r.traceDimension)", "\(r.conservationLaws)", "\(r.verifiedLaws)", r.certified ? "yes" : "NO",
                               r.stop.rawValue, String(format: "%.3f", r.seconds)])
        }
        return table.render().joined(separator: "\n") + "\n"
    }
}
