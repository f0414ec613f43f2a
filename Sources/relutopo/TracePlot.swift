import Foundation
import InvariantTopology

/// `trace --svg`: `c_k` over the checkpoints for the plotted neurons, with a
/// dashed red line where a sign locked at the first checkpoint first changed.
enum TracePlot {
    static func svg(_ trace: CheckpointTrace) -> String {
        let width = 760.0, height = 420.0, left = 80.0, top = 40.0, plotWidth = 640.0, plotHeight = 320.0
        let count = max(trace.points.count - 1, 1)
        let values = trace.points.flatMap(\.plottedInvariants).filter(\.isFinite)
        var low = values.min() ?? -1, high = values.max() ?? 1
        if low == high { low -= 1; high += 1 }
        let pad = (high - low) * 0.05
        low -= pad; high += pad
        func x(_ index: Int) -> Double { left + Double(index) / Double(count) * plotWidth }
        func y(_ value: Double) -> Double { top + plotHeight - (value - low) / (high - low) * plotHeight }
        func f(_ value: Double) -> String { String(format: "%.2f", value) }
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" font-family="sans-serif" font-size="12">
        <text x="\(left)" y="22">\(FlowPlot.escape("relutopo trace: c over \(trace.points.count) checkpoints, \(trace.plotted.count) neurons nearest a lock"))</text>

        """
        svg += FlowPlot.axes(left: left, top: top, width: plotWidth, height: plotHeight, xLabel: "checkpoint", yLabel: "c")
        for tick in FlowPlot.niceTicks(low, high) {
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\">\(formatApproximate(tick))</text>\n"
        }
        if low < 0 && high > 0 {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(0)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y(0)))\" stroke=\"#999\" stroke-dasharray=\"2,3\"/>\n"
        }
        for tick in FlowPlot.niceTicks(0, Double(count)) where tick == tick.rounded() {
            svg += "<text x=\"\(f(x(Int(tick))))\" y=\"\(f(top + plotHeight + 16))\" text-anchor=\"middle\">\(Int(tick))</text>\n"
        }
        let colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
        for (series, neuron) in trace.plotted.enumerated() {
            let path = trace.points.enumerated().map { index, point in
                "\(index == 0 ? "M" : "L")\(f(x(index))),\(f(y(point.plottedInvariants[series])))"
            }.joined(separator: " ")
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(colours[series % colours.count])\" stroke-width=\"1.2\"><title>neuron (\(neuron.layer), \(neuron.index))</title></path>\n"
        }
        for change in Set(trace.lockedAtStart.compactMap { $0.firstChange?.checkpoint }).sorted() {
            svg += "<line x1=\"\(f(x(change)))\" y1=\"\(f(top))\" x2=\"\(f(x(change)))\" y2=\"\(f(top + plotHeight))\" stroke=\"red\" stroke-dasharray=\"5,4\"><title>a locked sign changed at checkpoint \(change)</title></line>\n"
        }
        return svg + "</svg>\n"
    }
}
