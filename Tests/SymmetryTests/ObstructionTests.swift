import Testing
import ExactNumbers
import InvariantTopology
import ReluNetwork
@testable import Symmetry
import TestSupport

@Suite struct PlacementTests {
    @Test func quadraticIrrationalSigns() {
        // 1 − √2 < 0, 3 − √8 > 0, 2 − √4 = 0, −1 + √(1/4)·2 = 0 (hand-derived).
        #expect(QuadraticIrrational(Rational(1), Rational(-1), radicand: Rational(2)).signum == -1)
        #expect(QuadraticIrrational(Rational(3), Rational(-1), radicand: Rational(8)).signum == 1)
        #expect(QuadraticIrrational(Rational(2), Rational(-1), radicand: Rational(4)).signum == 0)
        #expect(QuadraticIrrational(Rational(-1), Rational(2), radicand: Rational(1) / Rational(4)).signum == 0)
        let x = QuadraticIrrational(Rational(1), Rational(1), radicand: Rational(2))   // 1 + √2
        #expect(x * x == QuadraticIrrational(Rational(3), Rational(2), radicand: Rational(2)))
    }

    /// α² from SPEC §5.3 lands the neuron on Q(c) — checked exactly and, independently, in binary64.
    @Test func alphaSquaredPlacesOnTheQuadric() {
        var random = TestRandom(7)
        for _ in 0..<300 {
            let neuron = ExactNeuron(a: (0..<1 + random.next(3)).map { _ in random.rational() },
                                     v: (0..<1 + random.next(2)).map { _ in random.rational() })
            let c = random.rational()
            let range = Placement.range(of: neuron)
            guard let x = Placement.alphaSquared(for: neuron, onto: c) else {
                #expect(!range.contains(c)); continue
            }
            #expect(Placement.verify(x, for: neuron, onto: c))
            let a2 = neuron.a.reduce(0.0) { $0 + $1.doubleValue * $1.doubleValue }
            let b2 = neuron.v.reduce(0.0) { $0 + $1.doubleValue * $1.doubleValue }
            let alpha2 = x.doubleValue
            #expect(abs(alpha2 * a2 - b2 / alpha2 - c.doubleValue) <= 1e-9 * max(1, abs(c.doubleValue), alpha2 * a2))
            // A wrong α² fails the exact check.
            #expect(!Placement.verify(x * Rational(2), for: neuron, onto: c) || neuron.isZero)
        }
        // Ranges of SPEC §5.3.
        let null = ExactNeuron(a: [Rational(0)], v: [Rational(2)])
        #expect(Placement.alphaSquared(for: null, onto: Rational(1)) == nil)
        #expect(Placement.alphaSquared(for: null, onto: Rational(-1)) == QuadraticIrrational(Rational(4)))
    }
}

@Suite struct TeacherObstructionTests {
    static let teacherPositive = #"{"W1": [[1, 1]], "W2": [[1]]}"#          // relu(x1 + x2): n⁺ = 1

    @Test func paperStudentIsObstructed() throws {
        let student = try model(#"{"W1": [[0.3, 0.4], [0.6, -0.8]], "W2": [[-1, -1.25]]}"#)
        let result = try Obstruction.teacher(initModel: student, teacher: try model(Self.teacherPositive))
        #expect(result.verdict == .obstructed)
        #expect(result.counts == ObstructionCounts(pPlus: 0, pMinus: 2, free: 0, nPlus: 1, nMinus: 0))
        #expect(result.inequality?.left == 1 && result.inequality?.right == 0 && result.inequality?.holds == false)
    }

    @Test func aFreeNeuronMakesItReachable() throws {
        // Neuron 0 is free (c = 1/4 + 4 − 1/4 … > 0), neuron 1 pathological and negative.
        let student = try model(#"{"W1": [[1, 2], [0.1, 0]], "W2": [[0.5, -1]]}"#)
        let result = try Obstruction.teacher(initModel: student, teacher: try model(Self.teacherPositive))
        #expect(result.verdict == .reachable)
        #expect(result.assignment.count == 2 && result.assignment.allSatisfy { $0.verified })
        #expect(result.assignment[0].occupant == .teacher(0))   // the only slot that accepts v > 0
        #expect(result.assignment[1].occupant == .padding)
        #expect(result.assignment[1].neuron.a.allSatisfy { $0.isZero })   // (0, v) with v < 0 for the c < 0 slot
        #expect(result.assignment[1].neuron.v.first?.signum == -1)
    }

    /// SPEC §6.1 pads with (0, v) only; such a neuron cannot reach a c > 0 slot (§5.3).
    /// A c > 0 slot left over is padded with (a, 0), which also computes 0.
    @Test func positiveSlotsArePaddedWithZeroOutput() throws {
        let student = try model(#"{"W1": [[1, 1], [1, 0]], "W2": [[0.1, 0.2]]}"#)   // both c > 0, free
        let result = try Obstruction.teacher(initModel: student, teacher: try model(Self.teacherPositive))
        #expect(result.verdict == .reachable)
        let padding = result.assignment.filter { $0.occupant == .padding }
        #expect(padding.count == 1 && padding.allSatisfy { $0.neuron.v.allSatisfy { $0.isZero } && $0.verified })
    }

    /// The flow verdict equals SPEC §6.1's inequality for e = 1, m ≥ 2, all c ≠ 0.
    @Test func flowAgreesWithTheSpecInequality() throws {
        var random = TestRandom(99)
        for _ in 0..<300 {
            let l = 1 + random.next(5), lTeacher = 1 + random.next(l)
            var rows: [String] = [], outputs: [String] = []
            for _ in 0..<l {
                let pathological = random.next(2) == 0
                rows.append(pathological ? "[0.5, 0]" : "[2, 1]")
                outputs.append(random.next(2) == 0 ? "1" : "-1")
            }
            let student = try model(#"{"W1": [\#(rows.joined(separator: ", "))], "W2": [[\#(outputs.joined(separator: ", "))]]}"#)
            let teacherRows = (0..<lTeacher).map { _ in "[1, \(random.next(3))]" }
            let teacherOutputs = (0..<lTeacher).map { _ in random.next(2) == 0 ? "2" : "-3" }
            let teacher = try model(#"{"W1": [\#(teacherRows.joined(separator: ", "))], "W2": [[\#(teacherOutputs.joined(separator: ", "))]]}"#)
            let result = try Obstruction.teacher(initModel: student, teacher: teacher)
            guard let inequality = result.inequality else { Issue.record("e = 1 must give the inequality"); continue }
            #expect((result.verdict == .reachable) == inequality.holds, "\(rows) \(outputs) vs \(teacherOutputs)")
            #expect(result.verdict != .unknown)
            if result.verdict == .reachable { #expect(result.assignment.allSatisfy { $0.verified }) }
        }
    }

    @Test func zeroInvariantSlotsInTheDynamicalReading() throws {
        // Slot 0: a = (3, 4), v = 5: c = 0 off the apex, output locked to +. Slot 1: free (c > 0).
        let student = try model(#"{"W1": [[3, 4], [2, 0]], "W2": [[5, 1]]}"#)
        let negativeTeacher = try model(#"{"W1": [[1, 0]], "W2": [[-1]]}"#)
        // The teacher fits slot 1, but nothing computing 0 can sit off the apex of Q(0): unknown.
        #expect(try Obstruction.teacher(initModel: student, teacher: negativeTeacher).verdict == .unknown)
        let positiveTeacher = try model(#"{"W1": [[1, 0]], "W2": [[1]]}"#)
        let reachable = try Obstruction.teacher(initModel: student, teacher: positiveTeacher)
        #expect(reachable.verdict == .reachable)
        #expect(reachable.assignment[0].occupant == .teacher(0))
    }

    @Test func widerTeachersAndZeroNeuronsAreSaidPlainly() throws {
        let student = try model(#"{"W1": [[1, 1]], "W2": [[1]]}"#)
        let wide = try model(#"{"W1": [[1, 0], [0, 1]], "W2": [[1, 1]]}"#)
        let result = try Obstruction.teacher(initModel: student, teacher: wide)
        #expect(result.verdict == .unknown && result.explanation.contains("wider"))
        let withZero = try model(#"{"W1": [[1, 0], [0, 0]], "W2": [[1, 1]]}"#)
        let dropped = try Obstruction.teacher(initModel: student, teacher: withZero)
        #expect(dropped.verdict == .reachable)
        #expect(dropped.notes.contains { $0.contains("dropped 1 teacher neuron") })
        let otherInputs = try model(#"{"W1": [[1, 1, 1]], "W2": [[1]]}"#)
        #expect(throws: ModelInputError.self) { try Obstruction.teacher(initModel: student, teacher: otherInputs) }
    }
}

@Suite struct DataObstructionTests {
    @Test func mseAndBceBounds() throws {
        let student = try model(#"{"W1": [[0.3, 0.4], [0.6, -0.8]], "W2": [[-1, -1.25]]}"#)   // f ≤ 0 forever
        let targets: [Rational] = [Rational(1), Rational(-2), Rational(3)]
        let mse = Obstruction.data(initModel: student, targets: targets, loss: .mse)
        // (1/(2·3))·(1² + 3²) = 10/6 = 5/3, by hand.
        #expect(mse.verdict == .obstructed && mse.boundRational == Rational(5) / Rational(3) && mse.sign == -1)
        let labels: [Rational] = [Rational(1), Rational(0), Rational(1), Rational(1)]
        let bce = Obstruction.data(initModel: student, targets: labels, loss: .bce)
        #expect(bce.verdict == .obstructed && bce.boundText == "3/4·log 2")
        let free = try model(#"{"W1": [[1, 2], [0.1, 0]], "W2": [[0.5, -1]]}"#)
        #expect(Obstruction.data(initModel: free, targets: targets, loss: .mse).verdict == .unknown)
        let bias = try model(#"{"W1": [[0.3, 0.4]], "W2": [[-1]], "b2": [0]}"#)
        #expect(Obstruction.data(initModel: bias, targets: targets, loss: .mse).verdict == .unknown)
    }
}
