import ExactNumbers
import InvariantTopology
import ReluNetwork
import Testing
@testable import Symmetry

/// What `analyze` reports, without the binary (SPEC §4–§5).
@Suite struct InvariantSetAnalysisTests {
    /// The paper's two-neuron student: both neurons pathological, 4 components, 3 effective.
    @Test func paperStudent() throws {
        let analysis = InvariantSetAnalysis(model: try model(#"{"W1": [[0.3, 0.4], [0.6, -0.8]], "W2": [[-1, -1.25]]}"#))
        #expect(!analysis.readingsDiffer)
        let totals = analysis.totals(.topological)
        #expect(totals.components == BigInt(4))
        #expect(totals.effective.value == BigInt(3))
        #expect(totals.label == "--")
        #expect(totals.euler == analysis.topology.eulerCharacteristic(.topological))
        #expect(totals.factoredPoincare == analysis.topology.factoredPoincare(.topological))
        #expect(totals.poincare == analysis.topology.poincarePolynomial(.topological))
        #expect(totals.bettiSize.fitsDefault)
        // Without c = 0 both readings are one computation.
        #expect(analysis.totals(.dynamical).components == totals.components)
        #expect(analysis.totals(.dynamical).label == totals.label)
    }

    /// A neuron with c = 0 makes the readings differ, and each has its own totals.
    @Test func zeroInvariantSeparatesTheReadings() throws {
        let analysis = InvariantSetAnalysis(model: try model(#"{"W1": [[3, 4], [1, 0]], "W2": [[5, -2]]}"#))
        #expect(analysis.readingsDiffer)
        for reading in Reading.allCases {
            let totals = analysis.totals(reading)
            #expect(totals.reading == reading)
            #expect(totals.components == analysis.topology.componentCount(reading))
            #expect(totals.effective == EffectiveComponents.count(analysis.topology, reading))
            #expect(totals.label == analysis.topology.label(reading))
        }
    }
}

/// `repair`'s measured change of f.
@Suite struct FunctionChangeTests {
    @Test func powerOfTwoRepairDoesNotChangeTheFunction() throws {
        let student = try model(#"{"W1": [[0.3, 0.4], [0.6, -0.8]], "b1": [0.1, -0.2], "W2": [[-1, -1.25]]}"#)
        let repaired = try model(#"{"W1": [[0.6, 0.8], [1.2, -1.6]], "b1": [0.2, -0.4], "W2": [[-0.5, -0.625]]}"#)
        let inputs: [[Double]] = (0..<50).map { (i: Int) -> [Double] in
            let x = Double(i)
            return [x / 7 - 3, 2 - x * x / 100]
        }
        #expect(Repair.largestChange(from: student, to: repaired, on: inputs) == 0)
    }

    @Test func anotherFunctionChangesByItsLargestDifference() throws {
        let a = try model(#"{"W1": [[1]], "W2": [[1]]}"#)
        let b = try model(#"{"W1": [[1]], "W2": [[2]]}"#)
        // relu(x) vs 2 relu(x): differences 0, 1, 3 on x = −1, 1, 3.
        #expect(Repair.largestChange(from: a, to: b, on: [[-1], [1], [3]]) == 3)
        #expect(Repair.largestChange(from: a, to: b, on: []) == 0)
    }
}

/// The classes of SPEC §6.1's matching keep the order and the compatibility
/// rule of the integer keys they replace: `[input sign or 2, output sign or 2]`
/// for teachers, `[locked input sign or 0, locked output sign or 0, apex, c = 0 off apex]`
/// for slots, compared lexicographically.
@Suite struct ObstructionClassTests {
    static let signs = [-1, 0, 1]

    static var teachers: [(TeacherNeuronClass, [Int])] {
        (signs.map(Optional.some) + [nil]).flatMap { input in
            (signs.map(Optional.some) + [nil]).map { output in
                (TeacherNeuronClass(inputSign: input, outputSign: output), [input ?? 2, output ?? 2])
            }
        }
    }

    static var slots: [(SlotClass, [Int])] {
        signs.flatMap { input in signs.flatMap { output in [false, true].flatMap { apex in [false, true].map { requires in
            (SlotClass(requiredInputSign: input, requiredOutputSign: output, atApex: apex, requiresTeacher: requires),
             [input, output, apex ? 1 : 0, requires ? 1 : 0])
        } } } }
    }

    @Test func orderIsTheLexicographicOrderOfTheKeys() {
        for (a, keyA) in Self.teachers {
            for (b, keyB) in Self.teachers { #expect((a < b) == keyA.lexicographicallyPrecedes(keyB), "\(keyA) \(keyB)") }
        }
        for (a, keyA) in Self.slots {
            for (b, keyB) in Self.slots { #expect((a < b) == keyA.lexicographicallyPrecedes(keyB), "\(keyA) \(keyB)") }
        }
    }

    @Test func admitsIsTheCompatibilityRule() {
        for (teacher, t) in Self.teachers {
            for (slot, s) in Self.slots {
                let compatible = s[2] == 0 && (s[0] == 0 || s[0] == t[0]) && (s[1] == 0 || s[1] == t[1])
                #expect(slot.admits(teacher) == compatible, "\(t) \(s)")
            }
        }
    }
}
