import Foundation

/// An SVG of a flow run: the loss against t (log scale) and, per neuron, the
/// path of `(‖a_k‖, v_k)` over its hyperbola `‖a‖² − v² = c_k` (the paper's Figure 3).
enum FlowPlot {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]

    static func svg(lossCurve: [(t: Double, loss: Double)], neuronPaths: [[(a: Double, v: Double)]], invariants: [Double], title: String) -> String {
        let width = 960.0, height = 480.0, panel = 400.0, top = 50.0, left1 = 70.0, left2 = 540.0
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(width / 2)" y="22" text-anchor="middle" font-size="15">\(escape(title))</text>

            """
        func f(_ x: Double) -> String { String(format: "%.2f", x) }
        func tick(_ value: Double) -> String {
            abs(value) >= 1e4 || (abs(value) < 1e-2 && value != 0) ? String(format: "%.0e", value) : String(format: "%g", value)
        }
        // Left: log10 loss against t.
        let points = lossCurve.filter { $0.loss > 0 && $0.loss.isFinite && $0.t.isFinite }
        let tMax = max(points.map(\.t).max() ?? 1, 1e-12)
        let logs = points.map { log10($0.loss) }
        let yLow = floor(logs.min() ?? -1), yHigh = max(ceil(logs.max() ?? 0), yLow + 1)
        func x1(_ t: Double) -> Double { left1 + t / tMax * panel }
        func y1(_ value: Double) -> Double { top + (panel - 40) - (value - yLow) / max(yHigh - yLow, 1e-12) * (panel - 40) }
        out += axes(left: left1, top: top, width: panel, height: panel - 40, xLabel: "t", yLabel: "loss (log scale)")
        for t in niceTicks(0, tMax) {
            out += "<text x=\"\(f(x1(t)))\" y=\"\(f(top + panel - 40 + 16))\" text-anchor=\"middle\">\(tick(t))</text>\n"
        }
        let decades = Int(yHigh - yLow)
        let stride = max(1, decades / 6)
        for k in Swift.stride(from: Int(yLow), through: Int(yHigh), by: stride) {
            out += "<text x=\"\(f(left1 - 6))\" y=\"\(f(y1(Double(k)) + 4))\" text-anchor=\"end\">1e\(k)</text>\n"
            out += "<line x1=\"\(f(left1))\" x2=\"\(f(left1 + panel))\" y1=\"\(f(y1(Double(k))))\" y2=\"\(f(y1(Double(k))))\" stroke=\"#eee\"/>\n"
        }
        if !points.isEmpty {
            let path = zip(points, logs).map { "\(f(x1($0.0.t))),\(f(y1($0.1)))" }.joined(separator: " ")
            out += "<polyline fill=\"none\" stroke=\"black\" stroke-width=\"1.5\" points=\"\(path)\"/>\n"
        }
        // Right: (‖a‖, v) paths over the hyperbolas.
        let allA = neuronPaths.flatMap { $0.map(\.a) }, allV = neuronPaths.flatMap { $0.map(\.v) }
        let aMax = max((allA.max() ?? 1) * 1.15, 1e-9)
        let vBound = max(allV.map(abs).max() ?? 1, 1e-9) * 1.15
        func x2(_ a: Double) -> Double { left2 + a / aMax * panel }
        func y2(_ v: Double) -> Double { top + (panel - 40) / 2 - v / vBound * (panel - 40) / 2 }
        out += axes(left: left2, top: top, width: panel, height: panel - 40, xLabel: "‖a_k‖", yLabel: "v_k")
        out += "<line x1=\"\(f(left2))\" x2=\"\(f(left2 + panel))\" y1=\"\(f(y2(0)))\" y2=\"\(f(y2(0)))\" stroke=\"#bbb\"/>\n"
        for a in niceTicks(0, aMax) {
            out += "<text x=\"\(f(x2(a)))\" y=\"\(f(top + panel - 40 + 16))\" text-anchor=\"middle\">\(tick(a))</text>\n"
        }
        for v in niceTicks(-vBound, vBound) {
            out += "<text x=\"\(f(left2 - 6))\" y=\"\(f(y2(v) + 4))\" text-anchor=\"end\">\(tick(v))</text>\n"
        }
        for (k, path) in neuronPaths.enumerated() {
            let color = palette[k % palette.count]
            if k < invariants.count {
                // v = ±√(a² − c) where a² ≥ c.
                for sign in [-1.0, 1.0] {
                    var curve: [String] = []
                    for step in 0...200 {
                        let a = aMax * Double(step) / 200
                        let v2 = a * a - invariants[k]
                        if v2 >= 0 { let v = sign * v2.squareRoot(); if abs(v) <= vBound { curve.append("\(f(x2(a))),\(f(y2(v)))") } }
                    }
                    if curve.count > 1 {
                        out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-opacity=\"0.35\" stroke-dasharray=\"4 3\" points=\"\(curve.joined(separator: " "))\"/>\n"
                    }
                }
            }
            let thinned = Swift.stride(from: 0, to: path.count, by: max(1, path.count / 2000)).map { path[$0] } + (path.last.map { [$0] } ?? [])
            out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(thinned.map { "\(f(x2($0.a))),\(f(y2($0.v)))" }.joined(separator: " "))\"/>\n"
            if let first = path.first { out += "<circle cx=\"\(f(x2(first.a)))\" cy=\"\(f(y2(first.v)))\" r=\"4\" fill=\"white\" stroke=\"\(color)\" stroke-width=\"2\"/>\n" }
            if let last = path.last { out += "<circle cx=\"\(f(x2(last.a)))\" cy=\"\(f(y2(last.v)))\" r=\"4\" fill=\"\(color)\"/>\n" }
            if k < 8, k < invariants.count {
                out += "<text x=\"\(f(left2 + panel - 4))\" y=\"\(f(top + 14 + 15 * Double(k)))\" text-anchor=\"end\" fill=\"\(color)\">neuron \(k): c = \(tick(invariants[k]))</text>\n"
            }
        }
        out += "<text x=\"\(f(left2 + panel))\" y=\"\(f(height - 8))\" text-anchor=\"end\">○ start, ● end; dashed: ‖a‖² − v² = c_k</text>\n"
        return out + "</svg>\n"
    }

    /// About five round values (1, 2 or 5 × 10^k apart) covering [low, high].
    static func niceTicks(_ low: Double, _ high: Double) -> [Double] {
        let span = high - low
        guard span > 0, span.isFinite else { return [low] }
        let raw = span / 5, magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var ticks: [Double] = []
        var value = ceil(low / step) * step
        while value <= high + 1e-9 * step {
            ticks.append(abs(value) < 1e-12 * step ? 0 : value)
            value += step
        }
        return ticks
    }

    static func axes(left: Double, top: Double, width: Double, height: Double, xLabel: String, yLabel: String) -> String {
        """
        <rect x="\(left)" y="\(top)" width="\(width)" height="\(height)" fill="none" stroke="black"/>
        <text x="\(left + width / 2)" y="\(top + height + 34)" text-anchor="middle">\(escape(xLabel))</text>
        <text transform="translate(\(left - 52), \(top + height / 2)) rotate(-90)" text-anchor="middle">\(escape(yLabel))</text>

        """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
