import Testing
import ExactNumbers
import InvariantTopology
import ModelIO
import ReluNetwork
@testable import Symmetry

/// SPEC §13.5 with a teacher: the floor of §6.2 on the teacher's sampled data.
@Suite struct SampledTeacherTests {
    func network(_ json: String) throws -> LayeredNetwork {
        try ModelJSONReader.parseLayered(Array(json.utf8), file: "t.json")
    }

    /// The exact outputs equal the binary64 ones where binary64 is exact
    /// (dyadic weights and inputs of few bits), and the inputs are multiples of 1/1024.
    @Test func exactOutputsMatchBinary64OnDyadicData() throws {
        let teacher = try network(#"{"W1": [[1, -0.5], [0.25, 1]], "b1": [0.5, -1], "W2": [[1, 2]], "b2": [-0.125]}"#)
        let sample = SampledTeacher(teacher: teacher, samples: 64, seed: 3)
        #expect(sample.inputs.allSatisfy { $0.allSatisfy { ($0 * Rational(1024)).isInteger } })
        let doubles = teacher.evaluate(sample.inputs.map { $0.map(\.doubleValue) })
        #expect(zip(sample.targets, doubles).allSatisfy { $0.doubleValue == $1[0] })
        #expect(Set(sample.targets.map(\.signum)).count >= 2)
    }

    /// 2 → 2 → 2 → 1 student with every output weight locked negative (layer-2
    /// c = 1/16 − 1 < 0) against relu(x₁ + x₂): obstructed, and the bound is
    /// (1/2n)·Σ y² over the positive targets, recomputed here; against
    /// −relu(x₁ + x₂) there is nothing on the wrong side: unknown.
    @Test func lockedStudentAgainstTeachers() throws {
        let student = try DeepTopology(network: network(#"{"W1": [[0.5, 0], [0, 0.5]], "W2": [[0.25, 0], [0, 0.25]], "W3": [[-1, -1]]}"#))
        let sample = SampledTeacher(teacher: try network(#"{"W1": [[1, 1]], "W2": [[1]]}"#), samples: 100, seed: 9)
        let result = Obstruction.teacher(deep: student, sample: sample)
        let expected = sample.targets.filter { $0.signum > 0 }.reduce(Rational.zero) { $0 + $1 * $1 } / Rational(200)
        #expect(result.verdict == .obstructed && result.sign == -1)
        #expect(result.boundRational == expected && expected.signum > 0)
        let mirrored = SampledTeacher(teacher: try network(#"{"W1": [[1, 1]], "W2": [[-1]]}"#), samples: 100, seed: 9)
        #expect(Obstruction.teacher(deep: student, sample: mirrored).verdict == .unknown)
        // One output weight free (its neuron has c > 0): no floor, whatever the teacher.
        let free = try DeepTopology(network: network(#"{"W1": [[0.5, 0], [0, 0.5]], "W2": [[2, 0], [0, 0.25]], "W3": [[-1, -1]]}"#))
        #expect(Obstruction.teacher(deep: free, sample: sample).verdict == .unknown)
    }
}
