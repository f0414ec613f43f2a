import Foundation

/// One self-overwriting status line on stderr for a long flow run: it appears
/// once a second has passed, updates at most twice a second, and is erased at
/// the end. Only where `stderrIsInteractive` (a terminal, `CI` not set) and
/// never with `--json`, so pipes, files, CI logs and JSON stay clean.
/// The clock and the sink are injected so the rules can be tested without waiting.
final class ProgressLine {
    /// What one update shows.
    struct Status: Equatable {
        var t: Double, tMax: Double
        var loss: Double, gradientNorm: Double
        var evaluations: Int
        /// Wall seconds since the run started.
        var elapsed: Double
    }

    /// Seconds before the first line: short runs print nothing.
    static let delay = 1.0
    /// Seconds between two lines.
    static let interval = 0.5

    let enabled: Bool
    let tMax: Double
    /// Wall seconds since the start of the run.
    let elapsed: () -> Double
    let write: (String) -> Void
    private var lastPrint: Double?
    private(set) var printed = false

    /// stderr is a terminal and the environment is no CI (`CI` set, as CI services do).
    static var stderrIsInteractive: Bool {
        shows(json: false, stderrIsTerminal: isatty(STDERR_FILENO) != 0, environment: ProcessInfo.processInfo.environment)
    }

    /// The one rule of when a progress line may be shown.
    static func shows(json: Bool, stderrIsTerminal: Bool, environment: [String: String]) -> Bool {
        !json && stderrIsTerminal && environment["CI"] == nil
    }

    init(enabled: Bool, tMax: Double, elapsed: (() -> Double)? = nil, write: ((String) -> Void)? = nil) {
        self.enabled = enabled
        self.tMax = tMax
        if let elapsed {
            self.elapsed = elapsed
        } else {
            let start = ContinuousClock.now
            self.elapsed = {
                let components = (ContinuousClock.now - start).components
                return Double(components.seconds) + Double(components.attoseconds) * 1e-18
            }
        }
        self.write = write ?? { FileHandle.standardError.write(Data($0.utf8)) }
    }

    func update(t: Double, loss: Double, gradientNorm: Double, evaluations: Int) {
        guard enabled else { return }
        let now = elapsed()
        guard now >= ProgressLine.delay, lastPrint.map({ now - $0 >= ProgressLine.interval }) ?? true else { return }
        lastPrint = now
        printed = true
        let status = Status(t: t, tMax: tMax, loss: loss, gradientNorm: gradientNorm, evaluations: evaluations, elapsed: now)
        write("\r" + ProgressLine.format(status) + "\u{1B}[K")
    }

    /// Erases the line, if one was shown.
    func finish() {
        if printed { write("\r\u{1B}[K") }
    }

    /// `t = 12.5 / 500 (2%)  loss 0.0123  ‖∇L‖ 3.1e-05  1234 evaluations  3 s`
    static func format(_ status: Status) -> String {
        let fraction = status.tMax > 0 ? status.t / status.tMax : 0
        let percent = fraction.isFinite ? Int((min(max(fraction, 0), 1) * 100).rounded(.down)) : 0
        return String(format: "  t = %.4g / %.4g (%d%%)  loss %.6g  ‖∇L‖ %.3g  %ld evaluations  %.0f s",
                      status.t, status.tMax, percent, status.loss, status.gradientNorm, status.evaluations, status.elapsed)
    }
}
