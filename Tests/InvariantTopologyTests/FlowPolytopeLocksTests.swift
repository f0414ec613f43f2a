import Testing
import ExactNumbers
import ReluNetwork
import ModelIO
@testable import InvariantTopology
import TestSupport

/// SPEC §13.3: the linear-time locks against the theorem itself (every set of
/// hidden neurons enumerated), SPEC's chain example by hand, and L = 2 against
/// the two-layer closed forms of §3–§4.
@Suite struct FlowPolytopeLocksTests {
    func q(_ p: Int, _ r: Int = 1) -> Rational { Rational(p) / Rational(r) }

    /// d = n_1 = n_2 = e = 1, no bias, θ = (w_1, w_2, w_3): c_1 = w_1² − w_2² < 0 < c_1 + c_2
    /// locks w_2 (X = {1}) and w_1 (X = {1, 2}); w_3 is free (c_2 > 0 and no X has it alone
    /// with the right sign). 4 components where per-neuron rules see 2.
    @Test func specChainByHand() {
        // w = (1, 2, 1): c_1 = 1 − 4 = −3, c_2 = 4 − 1 = 3 → c_1 + c_2 = 0: not > 0, so w_1 is free.
        let tie = FlowPolytopeLocks(widths: [1, 1, 1, 1], bias: [false, false, false, false], invariants: [[q(-3)], [q(3)]])
        #expect(tie.locks.map { [$0.layer] + $0.index } == [[2, 0, 0]])
        // w = (2, 2.5, 1): c_1 = 4 − 6.25 = −9/4, c_2 = 6.25 − 1 = 21/4, c_1 + c_2 = 3 > 0.
        let chain = FlowPolytopeLocks(widths: [1, 1, 1, 1], bias: [false, false, false, false], invariants: [[q(-9, 4)], [q(21, 4)]])
        #expect(chain.locks.map { [$0.layer] + $0.index } == [[1, 0, 0], [2, 0, 0]])
        #expect(chain.locks[0].certificate == [.init(layer: 1, index: 0), .init(layer: 2, index: 0)] && chain.locks[0].side == .into)
        #expect(chain.locks[1].certificate == [.init(layer: 1, index: 0)] && chain.locks[1].side == .out)
        #expect(chain.locks.allSatisfy(chain.verify))
        #expect(chain.lockedByCutEnumeration() == Set([[1, 0, 0], [2, 0, 0]]))
    }

    /// Examples/deep/bottleneck.json: 3 → 4 → 1 → 1, c₁ = (−6/25, −6/25, −6/25, −11/50),
    /// c₂ = 3/4 > 0, yet 3/4 − 47/50 < 0 locks the bottleneck's output weight (X = all five).
    @Test func bottleneckLockByHand() {
        let locks = FlowPolytopeLocks(widths: [3, 4, 1, 1], bias: [false, true, false, false],
                                      invariants: [[q(-6, 25), q(-6, 25), q(-6, 25), q(-11, 50)], [q(3, 4)]])
        #expect(locks.locks.map { [$0.layer] + $0.index } == [[2, 0, 0], [2, 0, 1], [2, 0, 2], [2, 0, 3], [3, 0, 0]])
        #expect(locks.locks.last?.certificate.count == 5 && locks.locks.allSatisfy(locks.verify))
        #expect(Set(locks.locks.map { [$0.layer] + $0.index }) == locks.lockedByCutEnumeration())
    }

    /// Random small nets with width-1 layers, biases and c of every sign
    /// (including 0 and ties): the fast locks equal the cut enumeration, and
    /// every certificate re-checks.
    @Test func fastLocksEqualCutEnumeration() {
        var random = TestRandom(2024)
        var cases = 0, withLocks = 0
        for _ in 0..<700 {
            let depth = 2 + random.next(4)                       // L = 2 … 5
            var widths = [1 + random.next(2)]
            for _ in 1..<depth { widths.append(random.next(3) == 0 ? 2 + random.next(2) : 1) }
            widths.append(1 + random.next(2))
            guard widths.dropFirst().dropLast().reduce(0, +) <= 10 else { continue }
            let bias = [false] + (1...depth).map { _ in random.next(4) == 0 }
            let invariants = (1..<depth).map { h in (0..<widths[h]).map { _ in Rational(random.next(7) - 3) } }
            let locks = FlowPolytopeLocks(widths: widths, bias: bias, invariants: invariants)
            let fast = Set(locks.locks.map { [$0.layer] + $0.index })
            #expect(fast == locks.lockedByCutEnumeration(), "widths \(widths) bias \(bias) c \(invariants)")
            #expect(locks.locks.allSatisfy(locks.verify))
            cases += 1
            if !fast.isEmpty { withLocks += 1 }
        }
        #expect(cases > 500 && withLocks > 100)
    }

    /// L = 2: the locks are §3's (output-locked: e = 1 and c < 0; input-locked:
    /// m = 1 and c > 0), so 2^q equals the topological component count and the
    /// signs spell the topological label.
    @Test func twoLayersAgreeWithTheClosedForms() throws {
        var random = TestRandom(77)
        for trial in 0..<300 {
            let d = 1 + random.next(2), l = 1 + random.next(4), e = 1 + random.next(2)
            let bias = random.next(2) == 0
            func matrix(_ rows: Int, _ columns: Int) -> String {
                "[" + (0..<rows).map { _ in "[" + (0..<columns).map { _ in trial % 2 == 0 ? "\(random.next(5) - 2)" : "\(random.normal())" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
            }
            let json = "{\"W1\": \(matrix(l, d)), " + (bias ? "\"b1\": \(matrix(1, l).dropFirst().dropLast()), " : "") + "\"W2\": \(matrix(e, l))}"
            let model = try ModelJSONReader.parse(Array(json.utf8), file: "t.json")
            let network = LayeredNetwork(model)
            let deep = try DeepTopology(network: network)
            let closed = NetworkTopology(model: model)
            #expect(deep.componentCount == closed.componentCount(.topological), "\(json)")
            #expect(deep.label == closed.label(.topological), "\(json)")
        }
    }

    /// SPEC §13.4: with `c = 0` neurons kept off their apex (strict), the fast
    /// rule equals the Gale–Hoffman enumeration over split nodes on random
    /// small nets, and every certificate re-checks.
    @Test func strictLocksEqualCutEnumeration() {
        var random = TestRandom(4113)
        var cases = 0, strictOnly = 0
        for _ in 0..<600 {
            let depth = 2 + random.next(3)                       // L = 2 … 4
            var widths = [1 + random.next(2)]
            for _ in 1..<depth { widths.append(random.next(3) == 0 ? 2 + random.next(2) : 1) }
            widths.append(1 + random.next(2))
            guard widths.dropFirst().dropLast().reduce(0, +) <= 7 else { continue }
            let bias = [false] + (1...depth).map { _ in random.next(4) == 0 }
            let invariants = (1..<depth).map { h in (0..<widths[h]).map { _ in Rational(random.next(5) - 2) } }
            let zero = invariants.enumerated().flatMap { h, layer in
                layer.indices.filter { layer[$0].isZero }.map { FlowPolytopeLocks.Neuron(layer: h + 1, index: $0) }
            }
            let strict = Set(zero.filter { _ in random.next(3) != 0 })
            let locks = FlowPolytopeLocks(widths: widths, bias: bias, invariants: invariants, strict: strict)
            let fast = Set(locks.locks.map { [$0.layer] + $0.index })
            #expect(fast == locks.lockedByCutEnumeration(), "widths \(widths) bias \(bias) c \(invariants) strict \(strict)")
            #expect(locks.locks.allSatisfy(locks.verify))
            let closed = Set(FlowPolytopeLocks(widths: widths, bias: bias, invariants: invariants).locks.map { [$0.layer] + $0.index })
            #expect(closed.isSubset(of: fast))
            if !fast.subtracting(closed).isEmpty { strictOnly += 1 }
            cases += 1
        }
        #expect(cases > 400 && strictOnly > 50)
    }

    /// The SPEC §13.3 chain with `c_1 = c_2 = 0`, w = (1, 1, 1): on P the flow
    /// `s_1 = s_2 = s_3 = t ≥ 0` can empty every edge (nothing locked); off the
    /// apex t > 0, so all three are locked (8 pieces). With neuron 1 at its apex
    /// (layer 1 emptied) w_2 = 0 forces neuron 2 to its apex too: that piece is
    /// empty, and the piece with both at the apex is a single point. Total 9
    /// (= 8 + 1), by the enumeration on the emptied layers.
    @Test func strictChainByHand() {
        let c = [[q(0)], [q(0)]]
        let none = [false, false, false, false]
        #expect(FlowPolytopeLocks(widths: [1, 1, 1, 1], bias: none, invariants: c).locks.isEmpty)
        let both: Set<FlowPolytopeLocks.Neuron> = [.init(layer: 1, index: 0), .init(layer: 2, index: 0)]
        let dynamical = FlowPolytopeLocks(widths: [1, 1, 1, 1], bias: none, invariants: c, strict: both)
        #expect(dynamical.locks.map { [$0.layer] + $0.index } == [[1, 0, 0], [2, 0, 0], [3, 0, 0]])
        #expect(dynamical.lockedByCutEnumeration() == Set([[1, 0, 0], [2, 0, 0], [3, 0, 0]]))
        let lower = FlowPolytopeLocks.Piece(widths: [1, 1, 1, 1], bias: none, invariants: c, apex: [.init(layer: 1, index: 0)],
                                            strict: [.init(layer: 2, index: 0)])
        #expect(lower?.isEmpty == true)
        #expect(FlowPolytopeLocks.dynamicalTotal(widths: [1, 1, 1, 1], bias: none, invariants: c) == BigInt(9))
    }

    /// L = 2 with integer weights (many `c = 0` neurons, some at the apex): the
    /// dynamical piece and the total over apex subsets equal §3–§4's closed
    /// forms (count and label).
    @Test func twoLayersAgreeWithTheDynamicalClosedForms() throws {
        var random = TestRandom(91)
        var zeroCases = 0
        for _ in 0..<300 {
            let d = 1 + random.next(2), l = 1 + random.next(4), e = 1 + random.next(2)
            let bias = random.next(2) == 0
            func matrix(_ rows: Int, _ columns: Int) -> String {
                "[" + (0..<rows).map { _ in "[" + (0..<columns).map { _ in "\(random.next(3) - 1)" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
            }
            let json = "{\"W1\": \(matrix(l, d)), " + (bias ? "\"b1\": \(matrix(1, l).dropFirst().dropLast()), " : "") + "\"W2\": \(matrix(e, l))}"
            let model = try ModelJSONReader.parse(Array(json.utf8), file: "t.json")
            let deep = try DeepTopology(network: LayeredNetwork(model))
            let closed = NetworkTopology(model: model)
            #expect(deep.dynamicalComponentCount == closed.componentCount(.dynamical), "\(json)")
            #expect(deep.dynamicalLabel == closed.label(.dynamical), "\(json)")
            #expect(deep.unverified == 0)
            if deep.zeroNeurons > 0 { zeroCases += 1 }
        }
        #expect(zeroCases > 100)
    }

    /// The grouped total (one piece per count vector, binomial weights) equals
    /// the sum over every subset of `c = 0` neurons put at the apex, piece by
    /// piece, on random small nets with many zeros (including emptied layers).
    @Test func groupedTotalEqualsEverySubset() {
        var random = TestRandom(5150)
        var checked = 0
        for _ in 0..<300 {
            let depth = 2 + random.next(3)
            var widths = [1 + random.next(2)]
            for _ in 1..<depth { widths.append(1 + random.next(3)) }
            widths.append(1 + random.next(2))
            let bias = [false] + (1...depth).map { _ in random.next(4) == 0 }
            let invariants = (1..<depth).map { h in (0..<widths[h]).map { _ in Rational(random.next(2) == 0 ? 0 : random.next(5) - 2) } }
            let zero = invariants.enumerated().flatMap { h, layer in
                layer.indices.filter { layer[$0].isZero }.map { FlowPolytopeLocks.Neuron(layer: h + 1, index: $0) }
            }
            guard zero.count <= 8, widths.dropFirst().dropLast().reduce(0, +) <= 8 else { continue }
            var bySubset: BigInt? = BigInt(0)
            for mask in 0..<(1 << zero.count) {
                let apex = Set(zero.indices.filter { mask & (1 << $0) != 0 }.map { zero[$0] })
                guard let piece = FlowPolytopeLocks.Piece(widths: widths, bias: bias, invariants: invariants, apex: apex,
                                                          strict: Set(zero).subtracting(apex)) else { bySubset = nil; break }
                if !piece.isEmpty { bySubset = bySubset.map { $0 + BigInt.powerOfTwo(piece.locks.count) } }
                #expect(piece.unverified == 0, "widths \(widths) bias \(bias) c \(invariants) apex \(apex) \(piece.reduced.cutEnumeration()!.locks.filter { !piece.reduced.verify($0) })")
            }
            #expect(FlowPolytopeLocks.dynamicalTotal(widths: widths, bias: bias, invariants: invariants) == bySubset,
                    "widths \(widths) bias \(bias) c \(invariants)")
            checked += 1
        }
        #expect(checked > 150)
    }
}
