import ProofChecks

/// `verify --json` (SPEC §11, SPEC §12: `{"ok": bool, "checks": [{"name", "ok", …}]}`):
/// every check run, whether all held, the time taken and the version that checked.
struct VerifyReport: Encodable {
    let ok: Bool
    let checks: [CheckResult]
    let seconds: Double
    let relutopo: String
}

extension VerifyReport {
    /// The report of `checks`, run in `seconds` by relutopo `version`.
    init(_ checks: [CheckResult], seconds: Double, version: String) {
        ok = checks.allSatisfy(\.ok)
        self.checks = checks
        self.seconds = seconds
        relutopo = version
    }
}
