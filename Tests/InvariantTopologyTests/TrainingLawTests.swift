import Testing
import ExactNumbers
import ModelIO
import ReluNetwork
@testable import InvariantTopology
import TestSupport

/// SPEC §14.1–§14.3: a law only reweights the squares, so a network under a
/// law has exactly the invariants, locks and labels of the network whose
/// coordinates are rescaled to the trained ones (chosen rational here).
@Suite struct TrainingLawTests {
    func q(_ p: Int, _ r: Int = 1) -> Rational { Rational(p) / Rational(r) }

    /// `{"layers": …}` JSON with every entry of layer h multiplied by `scale[h]`
    /// and column k of the last layer by `columnScale[k]`.
    func json(_ layers: [(w: [[Int]], b: [Int]?)], scale: [Rational], columnScale: [Rational]? = nil) -> String {
        let last = layers.count - 1
        return "{\"layers\": [" + layers.enumerated().map { h, layer in
            let rows = layer.w.map { row in "[" + row.enumerated().map { k, x in
                (Rational(x) * scale[h] * (h == last ? columnScale?[k] ?? Rational(1) : Rational(1))).description
            }.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
            let bias = layer.b.map { ", \"b\": [" + $0.map { "\"\((Rational($0) * scale[h]).description)\"" }.joined(separator: ", ") + "]" } ?? ""
            return "{\"W\": [" + rows.joined(separator: ", ") + "]" + bias + "}"
        }.joined(separator: ", ") + "]}"
    }

    func network(_ text: String, law: TrainingLaw = .gradientFlow) throws -> LayeredNetwork {
        var network = try ModelJSONReader.parseLayered(Array(text.utf8), file: "t.json")
        network.law = law.resolved(widths: network.widths)
        return network
    }

    @Test func flagsEqualRescaledCoordinates() throws {
        var random = TestRandom(1414)
        var checked = 0, locked = 0
        for trial in 0..<120 {
            let depth = 2 + random.next(3)
            var widths = [1 + random.next(3)]
            for _ in 1..<depth { widths.append(random.next(4) == 0 ? 1 : 1 + random.next(3)) }
            widths.append(1)
            let layers: [(w: [[Int]], b: [Int]?)] = (1...depth).map { h in
                ((0..<widths[h]).map { _ in (0..<widths[h - 1]).map { _ in random.next(7) - 3 } },
                 random.next(3) == 0 && h < depth ? (0..<widths[h]).map { _ in random.next(5) - 2 } : nil)
            }
            // Trained coordinates: stored · s_h with η_h ρ_h² = 1/s_h² (s_h rational), λ_k = 1/t_k, p = 4 → 2^{h−1}.
            let s = (0..<depth).map { _ in q(1 + random.next(4), 1 + random.next(3)) }
            let split = (0..<depth).map { _ in q(1 + random.next(3), 1 + random.next(2)) }   // η_h = split/s², ρ² = 1/split
            let t = (0..<widths[depth - 1]).map { _ in q(1 + random.next(3), 1 + random.next(3)) }
            let usePower = trial % 3 == 0
            let powerScale = (0..<depth).map { usePower ? Rational(1 << $0) : Rational(1) }
            let law = TrainingLaw(learningRates: zip(split, s).map { $0 / ($1 * $1) }, multipliers: split.map { Rational(1) / $0 },
                                  nodeScales: t.map { Rational(1) / $0 }, power: usePower ? q(4) : q(1))
            let underLaw = try DeepTopology(network: network(json(layers, scale: Array(repeating: q(1), count: depth)), law: law))
            let rescaled = try DeepTopology(network: network(json(layers, scale: zip(s, powerScale).map { $0 * $1 }, columnScale: t)))
            #expect(underLaw.invariants.map { $0.map(\.c) } == rescaled.invariants.map { $0.map(\.c) }, "trial \(trial)")
            #expect(underLaw.locked.map { [$0.lock.layer] + $0.lock.index } == rescaled.locked.map { [$0.lock.layer] + $0.lock.index })
            #expect(underLaw.label == rescaled.label && underLaw.dynamicalLabel == rescaled.dynamicalLabel)
            #expect(underLaw.dynamicalComponentCount == rescaled.dynamicalComponentCount)
            if depth == 2 {
                let closedLaw = NetworkTopology(model: try underLaw.network.twoLayerModel())
                let closedScaled = NetworkTopology(model: try rescaled.network.twoLayerModel())
                #expect(closedLaw.label(.dynamical) == closedScaled.label(.dynamical))
                #expect(closedLaw.componentCount(.dynamical) == closedScaled.componentCount(.dynamical))
            }
            checked += 1
            if !underLaw.locked.isEmpty { locked += 1 }
        }
        #expect(checked == 120 && locked > 20)
    }

    /// NTK: ρ_h² = 1/n_{h−1}, so ‖a‖²·n_{h−1} − ‖o‖²·n_h; a wrong count or a
    /// non-positive value is named.
    @Test func ntkAndProblems() {
        let law = TrainingLaw(parameterization: .ntk).resolved(widths: [4, 3, 2, 1])
        #expect(law.multipliers == [q(1, 4), q(1, 3), q(1, 2)])
        #expect(law.layerWeight(2) == q(3))
        #expect(TrainingLaw(learningRates: [q(1), q(2)]).problem(widths: [4, 3, 2, 1])?.contains("--lr-scales gives 2") == true)
        #expect(TrainingLaw(multipliers: [q(1), q(0), q(1)]).problem(widths: [4, 3, 2, 1])?.contains("value 2 is 0") == true)
        #expect(TrainingLaw(nodeScales: [q(1)]).problem(widths: [4, 3, 2, 1])?.contains("last hidden layer has 2") == true)
        #expect(TrainingLaw(power: q(0)).problem(widths: [4, 3, 1]) != nil)
    }

    /// §14.4: the decay rate is η_h·λ_h when every layer has the same, 0
    /// without decay, nil (no law) otherwise — with unequal λ compensated by
    /// η a law still holds.
    @Test func decayRates() {
        #expect(TrainingLaw().decayRate == .zero)
        #expect(TrainingLaw(weightDecays: [q(1, 10), q(1, 10)]).decayRate == q(1, 10))
        #expect(TrainingLaw(weightDecays: [q(1, 10), q(1, 5)]).decayRate == nil)
        #expect(TrainingLaw(weightDecays: [q(1, 10), q(1, 5)]).hasLaw == false)
        #expect(TrainingLaw(learningRates: [q(2), q(1)], weightDecays: [q(1, 10), q(1, 5)]).decayRate == q(1, 5))
        #expect(TrainingLaw(weightDecays: [q(1), q(-1)]).problem(widths: [2, 2, 1])?.contains("must be ≥ 0") == true)
    }
}
