import Foundation
import Testing
import ReluNetwork
import TestSupport

func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("relutopo-\(UUID().uuidString)-\(name)").path
}

func writeJSON(_ text: String) throws -> String {
    let path = temporaryPath("model.json")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

let paperStudent = #"{"W1": [[0.3, 0.4], [0.6, -0.8]], "W2": [[-1, -1.25]]}"#
let positiveTeacher = #"{"W1": [[1, 1]], "W2": [[1]]}"#

@Suite struct EquivCommandTests {
    @Test func certificateAndExitStatus() throws {
        let a = try writeJSON(paperStudent)
        let b = try writeJSON(#"{"W1": [[1.2, -1.6], [0.6, 0.8]], "W2": [[-0.625, -0.5]]}"#)   // both ×2, swapped
        let document = try CLI.json(["equiv", a, b, "--json"])
        #expect(document["equivalent"] == .bool(true))
        #expect(document["certificate"]?["permutation"] == .array([.number("1"), .number("0")]))
        #expect(document["certificate"]?["alpha"] == .array([.string("2"), .string("2")]))
        let c = try writeJSON(#"{"W1": [[1.2, -1.6], [0.6, 0.8]], "W2": [[-0.625, 0.5]]}"#)
        #expect(try CLI.run(["equiv", a, c, "--exit-status"]).status == 1)
        #expect(try CLI.run(["equiv", a, b, "--exit-status"]).status == 0)
        #expect(try CLI.run(["equiv", a, c]).status == 0)   // a verdict is data, not an exit status
        let approximate = try CLI.json(["equiv", a, c, "--json", "--tolerance", "0.1"])
        #expect(approximate["equivalent"] == .bool(false))
    }
}

@Suite struct ObstructCommandTests {
    @Test func paperExampleIsObstructed() throws {
        let student = try writeJSON(paperStudent), teacher = try writeJSON(positiveTeacher)
        let document = try CLI.json(["obstruct", "--init", student, "--teacher", teacher, "--json"])
        #expect(document["verdict"] == .string("obstructed"))
        #expect(document["counts"]?["p_minus"] == .number("2"))
        #expect(document["counts"]?["n_plus"] == .number("1"))
        #expect(document["certificate"]?["inequality"]?["holds"] == .bool(false))
        #expect(try CLI.run(["obstruct", "--init", student, "--teacher", teacher, "--exit-status"]).status == 1)
    }

    @Test func repairedStudentReachesTheTeacher() throws {
        let student = try writeJSON(paperStudent), teacher = try writeJSON(positiveTeacher)
        let repaired = temporaryPath("repaired.json")
        #expect(try CLI.run(["repair", student, "-o", repaired]).status == 0)
        let document = try CLI.json(["obstruct", "--init", repaired, "--teacher", teacher, "--json"])
        #expect(document["verdict"] == .string("reachable"))
        #expect(document["certificate"]?["verified"] == .bool(true))
        // The teacher sits in one slot with α² = (p + √q)/r: check α²·‖a*‖² − ‖v*‖²/α² = c_slot in binary64,
        // independently of the exact check (teacher: ‖a*‖² = 2, ‖v*‖² = 1).
        guard case .array(let slots)? = document["certificate"]?["assignment"] else { Issue.record("no assignment"); return }
        let teacherSlots = slots.filter { $0["occupant"] == .string("teacher 0") }
        #expect(teacherSlots.count == 1)
        if let slot = teacherSlots.first, case .object(let pqr)? = slot["alpha_squared_pqr"],
           case .string(let p)? = pqr.first(where: { $0.0 == "p" })?.1, case .string(let q)? = pqr.first(where: { $0.0 == "q" })?.1,
           case .string(let r)? = pqr.first(where: { $0.0 == "r" })?.1 {
            func value(_ text: String) -> Double {
                let parts = text.split(separator: "/").compactMap { Double($0) }
                return parts.count == 2 ? parts[0] / parts[1] : (parts.first ?? .nan)
            }
            let alpha2 = (value(p) + value(q).squareRoot()) / value(r)
            let c = alpha2 * 2 - 1 / alpha2
            // p is c_slot itself (SPEC §5.3: α² = (c + √(c² + 4AB))/(2A)).
            #expect(abs(c - value(p)) < 1e-12 * max(1, abs(c)))
        } else {
            Issue.record("alpha_squared_pqr missing")
        }
        #expect(try CLI.run(["obstruct", "--init", repaired, "--teacher", teacher, "--exit-status"]).status == 0)
    }

    @Test func dataBound() throws {
        let student = try writeJSON(paperStudent)
        let csv = temporaryPath("data.csv")
        try "x1,x2,y\n1,0,1\n0,1,-2\n1,1,3\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let document = try CLI.json(["obstruct", "--init", student, "--data", csv, "--target", "y", "--json"])
        #expect(document["verdict"] == .string("obstructed"))
        #expect(document["certificate"]?["lower_bound"] == .string("5/3"))   // (1/6)(1 + 9), by hand
        #expect(try CLI.run(["obstruct", "--init", student, "--data", csv, "--target", "z"]).status == 3)
        #expect(try CLI.run(["obstruct", "--init", student]).status == 2)
    }
}

@Suite struct RepairCommandTests {
    /// repair → analyze: 2^2000 components become one (m = 2, every c_k > 0 afterwards).
    @Test func wideNetworkBecomesConnected() throws {
        let output = temporaryPath("wide")
        let result = try CLI.json(["repair", Fixtures.path("models/wide2000"), "-o", output, "--json"])
        #expect(result["verified"] == .bool(true))
        #expect(result["rescaled_neurons"] == .number("2000"))
        #expect(result["max_abs_change_f"] == .number("0.0"))
        let analysis = try CLI.json(["analyze", output, "--json", "--betti", "none"])
        #expect(analysis["components"]?["topological"] == .string("1"))
        #expect(analysis["pathological_neurons"] == .number("0"))
        // Same function: equivalent to the input modulo G, exactly.
        #expect(try CLI.json(["equiv", Fixtures.path("models/wide2000"), output, "--json"])["equivalent"] == .bool(true))
    }

    @Test func keepsFloat16AndFloat32WhenExact() throws {
        let output = temporaryPath("f16")
        #expect(try CLI.run(["repair", Fixtures.path("models/fortran_f16"), "-o", output]).status == 0)
        let header = try Data(contentsOf: URL(fileURLWithPath: output + "/W1.npy")).prefix(64)
        #expect(String(decoding: header, as: UTF8.self).contains("'<f2'"))
        let document = try CLI.json(["analyze", output, "--json"])
        guard case .array(let neurons)? = document["neurons"] else { Issue.record("no neurons"); return }
        #expect(neurons.allSatisfy { $0["sign"] == .number("1") })
    }

    @Test func neverOverwritesWithoutBeingAsked() throws {
        let student = try writeJSON(paperStudent)
        let before = try String(contentsOfFile: student, encoding: .utf8)
        #expect(try CLI.run(["repair", student, "-o", student]).status == 2)
        #expect(try String(contentsOfFile: student, encoding: .utf8) == before)
        let other = try writeJSON(paperStudent)
        #expect(try CLI.run(["repair", student, "-o", other]).status == 2)
        #expect(try CLI.run(["repair", student, "-o", other, "--force"]).status == 0)
        #expect(try CLI.run(["repair", student, "-o", student, "--in-place"]).status == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.contains(".relutopo-tmp-") || $0.contains(".relutopo-old-") }
        #expect(leftovers.isEmpty)
    }
}

@Suite struct SwapTests {
    /// Swapping the two neurons of a (+, −) point gives the same function at a (−, +) point:
    /// the two components are one effective component (SPEC §5.4).
    @Test func swappingMapsPlusMinusToMinusPlus() throws {
        let plusMinus = try writeJSON(#"{"W1": [[0.3, 0.4], [0.6, -0.8]], "W2": [[1, -1.25]]}"#)
        let swapped = try writeJSON(#"{"W1": [[0.6, -0.8], [0.3, 0.4]], "W2": [[-1.25, 1]]}"#)
        #expect(try CLI.json(["analyze", plusMinus, "--json"])["label"]?["topological"] == .string("+-"))
        #expect(try CLI.json(["analyze", swapped, "--json"])["label"]?["topological"] == .string("-+"))
        let equivalence = try CLI.json(["equiv", plusMinus, swapped, "--json"])
        #expect(equivalence["equivalent"] == .bool(true))
        #expect(equivalence["certificate"]?["permutation"] == .array([.number("1"), .number("0")]))
        #expect(try CLI.json(["analyze", plusMinus, "--json"])["effective_components"]?["topological"] == .string("3"))
    }
}
