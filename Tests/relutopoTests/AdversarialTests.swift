import Foundation
import Testing
import TestSupport

/// Issue 12: every hostile input kept as a case. Each `Tests/Adversarial/cases/*.sh`
/// sets up its input, runs the built `relutopo`, and checks the exit status,
/// the message and that no file it was not asked to write changed; it exits 0
/// when the outcome is the expected one. `Tests/Adversarial/README.md` lists them.
@Suite struct AdversarialTests {
    static let directory = Fixtures.adversarial

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("cases").path)) ?? []
        return names.filter { $0.hasSuffix(".sh") }.sorted()
    }

    @Test func everyCaseIsFound() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases) func hostileInput(_ name: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Self.directory.appendingPathComponent("cases").appendingPathComponent(name).path]
        var environment = ProcessInfo.processInfo.environment
        environment["RELUTOPO"] = CLI.executable.path
        environment["FIXTURES"] = Fixtures.path("")
        environment["ADVERSARIAL"] = Self.directory.path
        process.environment = environment
        process.currentDirectoryURL = Self.directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(name): \(text)")
    }
}
