import ArgumentParser
import Foundation
import JSONDocument

/// What a sweep heatmap shows.
struct HeatmapOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The value each heatmap shows.", valueName: "NAME"))
    var metric: SweepHeatmap.Metric = .multipleEffective
    @Option(name: .long, help: ArgumentHelp("Closed form where it exists, else Monte Carlo (auto); closed forms only (closed); Monte Carlo only (mc).", valueName: "SOURCE"))
    var source: SweepHeatmap.Source = .auto
}

/// SVG heatmaps of a sweep: `d` across, `l` up, one panel per scheme (and per
/// bias, `e`, teacher and sample count when those vary), a log₁₀ colour scale
/// (viridis) with a labelled colour bar; 0 is grey, missing values are white.
enum SweepHeatmap {
    enum Metric: String, CaseIterable, ExpressibleByArgument {
        case multipleEffective = "p_multiple_effective"
        case pathological = "p_pathological"
        case expectedComponents = "expected_components"
        case teacherObstructed = "p_teacher_obstructed"

        var title: String {
            switch self {
            case .multipleEffective: return "P(more than one effective component): an obstruction is possible"
            case .pathological: return "P(c_k < 0): probability that a neuron is pathological"
            case .expectedComponents: return "E[number of connected components of H(c)]"
            case .teacherObstructed: return "P(the teacher's optimum is unreachable), docs/THEORY.md §6.1"
            }
        }
    }

    /// Which value of a row: the closed form where it exists, else Monte Carlo (`auto`), or only one of them.
    enum Source: String, CaseIterable, ExpressibleByArgument { case auto, closed, mc }

    static let viridis: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 40, 120), (62, 74, 137), (49, 104, 142), (38, 130, 142),
        (31, 158, 137), (53, 183, 121), (109, 205, 89), (180, 222, 44), (253, 231, 37),
    ]

    static func colour(_ t: Double) -> String {
        let x = min(max(t, 0), 1) * Double(viridis.count - 1)
        let i = min(Int(x), viridis.count - 2), f = x - Double(i)
        let (a, b) = (viridis[i], viridis[i + 1])
        return String(format: "#%02x%02x%02x", Int(a.0 + (b.0 - a.0) * f), Int(a.1 + (b.1 - a.1) * f), Int(a.2 + (b.2 - a.2) * f))
    }

    /// The value shown for a row, as log₁₀ (nil: no value; −∞: zero).
    static func logValue(_ row: JSONValue, _ metric: Metric, _ source: Source) -> Double? {
        func number(_ key: String) -> Double? {
            if case .number(let text)? = row[key] { return Double(text) }
            return nil
        }
        if metric == .expectedComponents && source != .mc, let log10 = number("log10_expected_components") { return log10 }
        let closed = number(metric.rawValue), mc = number(metric.rawValue + "_mc")
        let value: Double?
        switch source {
        case .closed: value = closed
        case .mc: value = mc
        case .auto: value = closed ?? mc
        }
        guard let value else { return nil }
        return value > 0 ? Foundation.log10(value) : -.infinity
    }

    static func svg(_ document: JSONValue, metric: Metric, source: Source) -> String {
        guard case .array(let rows)? = document["rows"] else { return "" }
        func text(_ row: JSONValue, _ key: String) -> String {
            switch row[key] {
            case .string(let s)?: return s
            case .number(let s)?: return s
            case .bool(let b)?: return b ? "bias" : "no bias"
            default: return ""
            }
        }
        func integer(_ row: JSONValue, _ key: String) -> Int { Int(text(row, key)) ?? 0 }
        // Panels keyed by everything but d and l, in order of first appearance.
        var panelKeys: [String] = []
        var panels: [String: [JSONValue]] = [:]
        for row in rows {
            let teacher = text(row, "teacher")
            let key = [text(row, "scheme"), text(row, "bias"), "e = " + text(row, "e"), teacher.isEmpty ? "" : "teacher " + teacher,
                       text(row, "samples") + " samples"].filter { !$0.isEmpty }.joined(separator: ", ")
            if panels[key] == nil { panelKeys.append(key) }
            panels[key, default: []].append(row)
        }
        let ds = Array(Set(rows.map { integer($0, "d") })).sorted()
        let ls = Array(Set(rows.map { integer($0, "l") })).sorted()
        let values = rows.compactMap { logValue($0, metric, source) }.filter { $0.isFinite }
        let high = metric == .expectedComponents ? max(ceil(values.max() ?? 1), 1) : 0
        let low = min(max(floor(values.min() ?? -1), high - 30), high - 1)
        let cell = max(8.0, min(36.0, 520.0 / Double(max(ds.count, ls.count, 1))))
        let panelWidth = cell * Double(ds.count), panelHeight = cell * Double(ls.count)
        let left = 70.0, top = 70.0, gap = 90.0
        let columns = min(panelKeys.count, 3), panelRows = (panelKeys.count + 2) / 3
        let width = left + Double(columns) * (panelWidth + gap) + 110
        let height = top + Double(panelRows) * (panelHeight + 110) - 40
        func f(_ x: Double) -> String { String(format: "%.1f", x) }
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(width / 2))" y="24" text-anchor="middle" font-size="15">\(FlowPlot.escape(metric.title))</text>
            <text x="\(f(width / 2))" y="44" text-anchor="middle" fill="#555">\(source == .mc ? "exact-predicate Monte Carlo" : source == .closed ? "closed form (docs/THEORY.md §10)" : "closed form where it exists (docs/THEORY.md §10), else exact-predicate Monte Carlo")\(SweepOutput.lawSummary(document).map { FlowPlot.escape("; law " + $0) } ?? "")</text>

            """
        let tickStride = max(1, ds.count / 10), tickStrideL = max(1, ls.count / 10)
        for (p, key) in panelKeys.enumerated() {
            let x0 = left + Double(p % 3) * (panelWidth + gap), y0 = top + Double(p / 3) * (panelHeight + 110)
            out += "<text x=\"\(f(x0 + panelWidth / 2))\" y=\"\(f(y0 - 8))\" text-anchor=\"middle\" font-size=\"13\">\(FlowPlot.escape(key))</text>\n"
            for row in panels[key] ?? [] {
                guard let i = ds.firstIndex(of: integer(row, "d")), let j = ls.firstIndex(of: integer(row, "l")) else { continue }
                let x = x0 + Double(i) * cell, y = y0 + panelHeight - Double(j + 1) * cell
                let fill: String
                if let value = logValue(row, metric, source) {
                    fill = value == -.infinity ? "#d0d0d0" : colour((value - low) / (high - low))
                } else {
                    fill = "white"
                }
                out += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(cell))\" height=\"\(f(cell))\" fill=\"\(fill)\" stroke=\"white\" stroke-width=\"0.5\"><title>d=\(integer(row, "d")) l=\(integer(row, "l")): \(text(row, metric.rawValue))\(text(row, metric.rawValue + "_mc").isEmpty ? "" : " (MC " + text(row, metric.rawValue + "_mc") + ")")</title></rect>\n"
            }
            out += "<rect x=\"\(f(x0))\" y=\"\(f(y0))\" width=\"\(f(panelWidth))\" height=\"\(f(panelHeight))\" fill=\"none\" stroke=\"#333\"/>\n"
            for (i, d) in ds.enumerated() where i % tickStride == 0 {
                out += "<text x=\"\(f(x0 + (Double(i) + 0.5) * cell))\" y=\"\(f(y0 + panelHeight + 15))\" text-anchor=\"middle\">\(d)</text>\n"
            }
            for (j, l) in ls.enumerated() where j % tickStrideL == 0 {
                out += "<text x=\"\(f(x0 - 5))\" y=\"\(f(y0 + panelHeight - (Double(j) + 0.5) * cell + 4))\" text-anchor=\"end\">\(l)</text>\n"
            }
            out += "<text x=\"\(f(x0 + panelWidth / 2))\" y=\"\(f(y0 + panelHeight + 34))\" text-anchor=\"middle\">d (inputs)</text>\n"
            out += "<text transform=\"translate(\(f(x0 - 38)),\(f(y0 + panelHeight / 2))) rotate(-90)\" text-anchor=\"middle\">l (hidden neurons)</text>\n"
        }
        // Colour bar: decades from low to high.
        let barX = left + Double(columns) * (panelWidth + gap) - gap + 30, barHeight = max(panelHeight, 160), barY = top
        let steps = 60
        for s in 0..<steps {
            let t = Double(s) / Double(steps)
            out += "<rect x=\"\(f(barX))\" y=\"\(f(barY + barHeight * (1 - t) - barHeight / Double(steps)))\" width=\"16\" height=\"\(f(barHeight / Double(steps) + 0.5))\" fill=\"\(colour(t + 0.5 / Double(steps)))\"/>\n"
        }
        let decades = Int(high - low), stride = max(1, decades / 8)
        for k in Swift.stride(from: Int(low), through: Int(high), by: stride) {
            let y = barY + barHeight * (1 - (Double(k) - low) / (high - low))
            let label = k == Int(low) && values.contains(where: { $0 < low }) ? "≤ 1e\(k)" : "1e\(k)"
            out += "<line x1=\"\(f(barX + 16))\" x2=\"\(f(barX + 20))\" y1=\"\(f(y))\" y2=\"\(f(y))\" stroke=\"#333\"/><text x=\"\(f(barX + 23))\" y=\"\(f(y + 4))\">\(label)</text>\n"
        }
        out += "<rect x=\"\(f(barX))\" y=\"\(f(barY + barHeight + 14))\" width=\"16\" height=\"12\" fill=\"#d0d0d0\"/><text x=\"\(f(barX + 23))\" y=\"\(f(barY + barHeight + 24))\">0</text>\n"
        out += "<rect x=\"\(f(barX))\" y=\"\(f(barY + barHeight + 32))\" width=\"16\" height=\"12\" fill=\"white\" stroke=\"#999\"/><text x=\"\(f(barX + 23))\" y=\"\(f(barY + barHeight + 42))\">n/a</text>\n"
        out += "</svg>\n"
        return out
    }
}
