import Testing
@testable import relutopo

/// The progress line of `flow`: when it may show, what it shows, and when it
/// writes, on an injected clock and sink (no waiting, no terminal needed).
@Suite struct ProgressLineTests {
    @Test func showsOnlyOnATerminalWithoutJSONOrCI() {
        #expect(ProgressLine.shows(json: false, stderrIsTerminal: true, environment: ["TERM": "xterm"]))
        #expect(!ProgressLine.shows(json: true, stderrIsTerminal: true, environment: [:]))
        #expect(!ProgressLine.shows(json: false, stderrIsTerminal: false, environment: [:]))
        // CI set at all, whatever its value (CI services set CI=true, some CI=1, some an empty string).
        for value in ["true", "1", "", "false"] {
            #expect(!ProgressLine.shows(json: false, stderrIsTerminal: true, environment: ["CI": value]))
        }
    }

    @Test func formatsTheStatus() {
        let status = ProgressLine.Status(t: 12.5, tMax: 500, loss: 0.0123, gradientNorm: 3.1e-5, evaluations: 1234, elapsed: 3.4)
        #expect(ProgressLine.format(status) == "  t = 12.5 / 500 (2%)  loss 0.0123  ‖∇L‖ 3.1e-05  1234 evaluations  3 s")
        // Gradient descent's last step may pass t_max: never more than 100 %. Counts beyond 32 bits print whole.
        let past = ProgressLine.Status(t: 510, tMax: 500, loss: 1, gradientNorm: 2, evaluations: 5_000_000_000, elapsed: 61.7)
        #expect(ProgressLine.format(past) == "  t = 510 / 500 (100%)  loss 1  ‖∇L‖ 2  5000000000 evaluations  62 s")
    }

    /// Nothing before 1 s, then at most one line per 0.5 s, each overwriting the last; erased at the end.
    @Test func writesAfterASecondAndErasesAtTheEnd() {
        var now = 0.0
        var written: [String] = []
        let line = ProgressLine(enabled: true, tMax: 10, elapsed: { now }, write: { written.append($0) })
        for time in [0.0, 0.5, 0.99] {
            now = time
            line.update(t: time, loss: 1, gradientNorm: 1, evaluations: 1)
        }
        #expect(written.isEmpty)
        now = 1.0
        line.update(t: 1, loss: 0.5, gradientNorm: 0.25, evaluations: 7)
        #expect(written == ["\r  t = 1 / 10 (10%)  loss 0.5  ‖∇L‖ 0.25  7 evaluations  1 s\u{1B}[K"])
        now = 1.4
        line.update(t: 1.4, loss: 0.4, gradientNorm: 0.2, evaluations: 9)
        #expect(written.count == 1)
        now = 1.5
        line.update(t: 1.5, loss: 0.3, gradientNorm: 0.2, evaluations: 11)
        #expect(written.count == 2 && written[1].hasPrefix("\r  t = 1.5 / 10 (15%)  loss 0.3"))
        line.finish()
        #expect(written.last == "\r\u{1B}[K" && written.count == 3)
    }

    @Test func silentWhenDisabledOrShort() {
        var written: [String] = []
        let disabled = ProgressLine(enabled: false, tMax: 10, elapsed: { 100 }, write: { written.append($0) })
        disabled.update(t: 1, loss: 1, gradientNorm: 1, evaluations: 1)
        disabled.finish()
        // A run shorter than a second: nothing shown, so nothing to erase either.
        let short = ProgressLine(enabled: true, tMax: 10, elapsed: { 0.3 }, write: { written.append($0) })
        short.update(t: 1, loss: 1, gradientNorm: 1, evaluations: 1)
        short.finish()
        #expect(written.isEmpty)
    }
}
