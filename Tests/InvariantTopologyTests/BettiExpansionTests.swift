import Testing
import ExactNumbers
import ReluNetwork
@testable import InvariantTopology

/// Betti numbers of `H(c)` against a direct, dense expansion of the Künneth
/// product, written here from the SPEC §3 table without the library's grouped
/// powers and binomial closed forms.
@Suite struct BettiExpansionTests {
    /// Dense Poincaré polynomial of one quadric, straight from the SPEC §3 table.
    func quadricPolynomial(sign: Int, m: Int, e: Int, dynamical: Bool) -> [Int] {
        func sphere(_ n: Int) -> [Int] {
            if n == 0 { return [2] }
            var p = [Int](repeating: 0, count: n + 1)
            p[0] = 1
            p[n] = 1
            return p
        }
        if sign > 0 { return sphere(m - 1) }
        if sign < 0 { return sphere(e - 1) }
        if !dynamical { return [1] }
        var product = multiply(sphere(m - 1), sphere(e - 1))
        product[0] += 1
        return product
    }

    func multiply(_ a: [Int], _ b: [Int]) -> [Int] {
        var result = [Int](repeating: 0, count: a.count + b.count - 1)
        for (i, x) in a.enumerated() { for (j, y) in b.enumerated() { result[i + j] += x * y } }
        return result
    }

    @Test func randomSmallNetworks() {
        var state: UInt64 = 99
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<400 {
            let m = 1 + next(4), e = 1 + next(3), l = 1 + next(7)
            let signs = (0..<l).map { _ in next(3) - 1 }
            let invariants = signs.map { sign in
                NeuronInvariant(c: Rational(sign), inputSideIsZero: false, outputSideIsZero: false,
                                inputScalarSign: m == 1 ? 1 : nil, outputScalarSign: e == 1 ? -1 : nil)
            }
            let shape = NetworkShape(inputs: m, hidden: l, outputs: e, hasHiddenBias: false, hasOutputBias: false)
            let topology = NetworkTopology(shape: shape, invariants: invariants)
            for reading in Reading.allCases {
                var dense = [1]
                for sign in signs { dense = multiply(dense, quadricPolynomial(sign: sign, m: m, e: e, dynamical: reading == .dynamical)) }
                while dense.count > 1 && dense.last == 0 { dense.removeLast() }
                let polynomial = topology.poincarePolynomial(reading)
                let library = (0..<dense.count).map { polynomial.coefficient(ofDegree: $0) }
                #expect(library == dense.map { BigInt($0) }, "m \(m) e \(e) signs \(signs) \(reading)")
                #expect(polynomial.degree == dense.count - 1 || dense == [0])
                #expect(topology.componentCount(reading) == BigInt(dense[0]))
                let euler = dense.enumerated().reduce(0) { $0 + ($1.offset % 2 == 0 ? $1.element : -$1.element) }
                #expect(topology.eulerCharacteristic(reading) == BigInt(euler))
            }
        }
    }

    @Test func binomialPowersMatchRepeatedMultiplication() {
        let base = PoincarePolynomial([(0, BigInt(2)), (3, BigInt(-1))])
        var product = PoincarePolynomial.one
        for n in 0...12 {
            #expect(base.power(n) == product, "n = \(n)")
            product = product * base
        }
        let fourTerms = PoincarePolynomial([(0, BigInt(2)), (1, BigInt(1)), (2, BigInt(1)), (3, BigInt(1))])
        #expect(fourTerms.power(5) == fourTerms * fourTerms * fourTerms * fourTerms * fourTerms)
        #expect(PoincarePolynomial.sphere(783).power(4096).coefficient(ofDegree: 783 * 2048) == BigInt.binomial(4096, 2048))
    }
}
