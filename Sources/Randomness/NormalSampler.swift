/// Standard normal variates by the ziggurat method, in Doornik's ZIGNOR form
/// (J. A. Doornik, "An Improved Ziggurat Method to Generate Normal Random
/// Samples", 2005) with 256 layers (Marsaglia–Tsang constants
/// `R = 3.6541528853610088`, `V = 0.00492867323399`).
///
/// One 64-bit draw gives both the layer (its low 8 bits) and the abscissa
/// (its top 53 bits); about 99% of draws are accepted at the first test with
/// one multiplication. Tables and rejection tests use `PortableMath`, so the
/// variates are the same bits on every machine for a given stream.
public struct NormalSampler: Sendable {
    public static let layerCount = 256
    @usableFromInline static let tailStart = 3.6541528853610088
    static let layerArea = 0.00492867323399

    /// `x[i]`: right edge of layer `i` (`x[0] = V/f(R)` is the base strip, `x[256] = 0`).
    @usableFromInline let edges: [Double]
    /// `x[i+1]/x[i]`: the fraction of layer `i` inside the density.
    @usableFromInline let ratios: [Double]

    public static let shared = NormalSampler()

    init() {
        let count = NormalSampler.layerCount
        var edges = [Double](repeating: 0, count: count + 1)
        let r = NormalSampler.tailStart, v = NormalSampler.layerArea
        var f = PortableMath.exp(-0.5 * r * r)
        edges[0] = v / f
        edges[1] = r
        for i in 2..<count {
            edges[i] = (-2 * PortableMath.log(v / edges[i - 1] + f)).squareRoot()
            f = PortableMath.exp(-0.5 * edges[i] * edges[i])
        }
        edges[count] = 0
        self.edges = edges
        self.ratios = (0..<count).map { edges[$0 + 1] / edges[$0] }
    }

    /// One N(0, 1) variate from `generator` (one 64-bit draw for most variates).
    @inlinable
    public func next<Generator: RandomNumberGenerator>(_ generator: inout Generator) -> Double {
        while true {
            let bits = generator.next()
            let layer = Int(truncatingIfNeeded: bits & 0xFF)
            let u = Double(bits >> 11) * 0x1p-52 - 1          // uniform in [−1, 1)
            if Swift.abs(u) < ratios[layer] { return u * edges[layer] }
            if let value = slowPath(layer: layer, u: u, &generator) { return value }
        }
    }

    /// The base strip's tail (Marsaglia 1964) and the wedges (inlinable too, so
    /// that callers get it specialised for their generator).
    @inlinable
    func slowPath<Generator: RandomNumberGenerator>(layer: Int, u: Double, _ generator: inout Generator) -> Double? {
        if layer == 0 {
            let r = NormalSampler.tailStart
            var x = 0.0, y = 0.0
            repeat {
                x = PortableMath.log(generator.nextUnitOpenAtZero()) / r
                y = PortableMath.log(generator.nextUnitOpenAtZero())
            } while -2 * y < x * x
            return u < 0 ? x - r : r - x
        }
        let x = u * edges[layer]
        let f0 = PortableMath.exp(-0.5 * (edges[layer] * edges[layer] - x * x))
        let f1 = PortableMath.exp(-0.5 * (edges[layer + 1] * edges[layer + 1] - x * x))
        return f1 + generator.nextUnit() * (f0 - f1) < 1 ? x : nil
    }
}

extension NormalSampler {
    /// `count` points `x ~ N(0, I_dimension)`, drawn row by row from
    /// `Xoshiro256PlusPlus(seed: seed)`: the same numbers on every machine.
    public func rows(_ count: Int, dimension: Int, seed: UInt64) -> [[Double]] {
        var generator = Xoshiro256PlusPlus(seed: seed)
        return (0..<count).map { _ in (0..<dimension).map { _ in next(&generator) } }
    }
}
