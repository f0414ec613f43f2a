#if canImport(Glibc)
import Glibc
#endif

/// Named points in the write path where a test can have the process killed
/// (`RELUTOPO_FAULT_KILL=NAME` in the environment: `SIGKILL` at that point),
/// to check that a kill at any moment loses nothing (issue 12,
/// Tests/Adversarial). Without the variable it does nothing.
enum FaultInjection {
    static func point(_ name: String) {
        guard let value = getenv("RELUTOPO_FAULT_KILL"), String(cString: value) == name else { return }
        kill(getpid(), SIGKILL)
    }
}
