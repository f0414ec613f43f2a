import ExactNumbers
import InvariantTopology
import Symmetry

/// SPEC §11.3 by brute force on small cases.
public enum BruteForceChecks {
    /// One mismatch between a closed form and its brute-force counterpart.
    public struct Mismatch: Sendable, CustomStringConvertible {
        public var what: String
        public var description: String { what }
    }

    /// The homotopy type of one neuron's set in a reading (SPEC §3), as a complex.
    static func neuronComplex(sign: Int, m: Int, e: Int, reading: Reading) -> SimplicialComplex {
        switch (sign, reading) {
        case (1, _): return .sphere(m - 1)                      // S^{m−1} × R^e
        case (-1, _): return .sphere(e - 1)                     // R^m × S^{e−1}
        case (_, .topological): return .point                   // the cone is contractible
        case (_, .dynamical): return SimplicialComplex.sphere(m - 1).product(.sphere(e - 1)).disjointUnion(.point)
        }
    }

    /// Betti numbers of `H(c)` from an explicit triangulation of the product,
    /// against the closed-form Poincaré polynomial (which uses Künneth), for every
    /// sign pattern with `l ≤ maxNeurons`, `m, e ≤ maxSide`, both readings, while the
    /// complex stays small. Returns the number of cases compared and the mismatches.
    public static func bettiNumbers(maxNeurons: Int = 3, maxSide: Int = 2, maximumSimplices: Int = 1_500) -> (cases: Int, mismatches: [Mismatch]) {
        var cases = 0
        var mismatches: [Mismatch] = []
        for m in 1...maxSide {
            for e in 1...maxSide {
                for l in 1...maxNeurons {
                    for code in 0..<Int(pow3(l)) {
                        var signs: [Int] = []
                        var rest = code
                        for _ in 0..<l { signs.append(rest % 3 - 1); rest /= 3 }
                        guard signs == signs.sorted() else { continue }   // the order of factors does not matter
                        for reading in Reading.allCases {
                            var complex = SimplicialComplex.point
                            var tooLarge = false
                            for sign in signs where !tooLarge {
                                complex = complex.product(neuronComplex(sign: sign, m: m, e: e, reading: reading))
                                tooLarge = complex.simplices.joined().count > maximumSimplices
                            }
                            if tooLarge { continue }
                            let betti = complex.bettiNumbers
                            var closed = PoincarePolynomial.one
                            for sign in signs { closed = closed * NeuronTopology.poincarePolynomial(sign: sign, m: m, e: e, reading: reading) }
                            let expected = (0..<max(betti.count, closed.degree + 1)).map { closed.coefficient(ofDegree: $0) }
                            let computed = (0..<expected.count).map { BigInt($0 < betti.count ? betti[$0] : 0) }
                            cases += 1
                            if computed != expected {
                                mismatches.append(Mismatch(what: "m=\(m) e=\(e) signs \(signs) \(reading): simplicial \(computed) vs closed form \(expected)"))
                            }
                        }
                    }
                }
            }
        }
        return (cases, mismatches)
    }

    /// Effective components (SPEC §5.4) by enumerating sign states, kinds and
    /// permutations (`BruteForceEffectiveComponents`) against the closed forms,
    /// for every sign pattern with `l ≤ maxNeurons`, `m, e ≤ 2`, both readings.
    /// (Components, SPEC §4, are `β₀` and are compared in `bettiNumbers`.)
    public static func effectiveComponents(maxNeurons: Int = 4) -> (cases: Int, mismatches: [Mismatch]) {
        var cases = 0
        var mismatches: [Mismatch] = []
        for m in 1...2 {
            for e in 1...2 {
                for l in 1...maxNeurons {
                    for code in 0..<Int(pow3(l)) {
                        var signs: [Int] = []
                        var rest = code
                        for _ in 0..<l { signs.append(rest % 3 - 1); rest /= 3 }
                        for reading in Reading.allCases {
                            let brute = BruteForceEffectiveComponents.count(m: m, e: e, signs: signs, reading: reading)
                            let closed = EffectiveComponents.count(m: m, e: e, positive: signs.filter { $0 > 0 }.count,
                                                                   negative: signs.filter { $0 < 0 }.count,
                                                                   zero: signs.filter { $0 == 0 }.count, reading: reading)
                            cases += 1
                            if closed.value != BigInt(brute) {
                                mismatches.append(Mismatch(what: "m=\(m) e=\(e) signs \(signs) \(reading): brute force \(brute), closed form \(closed.value)"))
                            }
                        }
                    }
                }
            }
        }
        return (cases, mismatches)
    }

    static func pow3(_ l: Int) -> Int { (0..<l).reduce(1) { r, _ in r * 3 } }
}
