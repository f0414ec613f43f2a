import Foundation
import Testing
@testable import ModelIO

@Suite struct MappedMemoryTests {
    /// `RssFile` of this process (file-backed resident pages), in bytes.
    static func fileBackedResident() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("RssFile:") }) else { return -1 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1) * 1024
    }

    /// Reading a 96 MiB float32 `.npy` and computing every invariant leaves the
    /// mapped pages out of the resident set (released as rows are consumed):
    /// without `releasePages` the growth is the whole file.
    @Test func largeNpyIsReadInBoundedMemory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relutopo-mapped-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let l = 12_288, d = 2_048
        // A float32 .npy: the header of a 1-element file with the shape patched, then the payload.
        guard var image = ModelWriter.npyBytes(doubles: [0], shape: [l, d], type: .float32),
              let w2 = ModelWriter.npyBytes(doubles: [Double](repeating: 0.25, count: l), shape: [1, l], type: .float32) else {
            Issue.record("could not write the fixture"); return
        }
        image.removeLast(4)
        var payload = [UInt32](repeating: 0, count: l * d)
        payload.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<buffer.count { buffer[i] = Float(Double(i % 1_000) / 1_024 - 0.5).bitPattern.littleEndian }
        }
        payload.withUnsafeBytes { image.append(contentsOf: $0) }
        payload = []
        try Data(image).write(to: directory.appendingPathComponent("W1.npy"))
        try Data(w2).write(to: directory.appendingPathComponent("W2.npy"))
        let before = Self.fileBackedResident()
        let model = try ModelReader.read(path: directory.path)
        let invariants = model.invariants()
        let after = Self.fileBackedResident()
        #expect(invariants.count == l)
        #expect(before >= 0 && after >= 0)
        #expect(after - before < 40 << 20, "file-backed resident set grew by \((after - before) >> 20) MiB for a 96 MiB file")
    }
}
