import Foundation

/// One self-overwriting status line on stderr, at most twice a second, only
/// when stderr is a terminal (so pipes, files, CI and `--json` stay clean).
final class ProgressLine {
    let enabled: Bool
    let tMax: Double
    var lastPrint = ContinuousClock.now
    var printed = false

    init(enabled: Bool, tMax: Double) {
        self.enabled = enabled
        self.tMax = tMax
    }

    func update(t: Double, loss: Double, evaluations: Int) {
        guard enabled, ContinuousClock.now - lastPrint > .milliseconds(500) else { return }
        lastPrint = ContinuousClock.now
        printed = true
        let percent = Int((t / tMax * 100).rounded(.down))
        FileHandle.standardError.write(Data(String(format: "\r  t = %.4g / %.4g (%d%%)  loss = %.6g  %d evaluations   ", t, tMax, percent, loss, evaluations).utf8))
    }

    func finish() {
        if printed { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
