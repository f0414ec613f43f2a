import Testing
@testable import ProofChecks

@Suite struct IdentityCheckTests {
    @Test func identitiesHoldAndBoundariesAreReached() {
        let identity = IdentityChecks.conservationIdentity(cases: 120, seed: 9)
        #expect(identity.failures.isEmpty)
        #expect(identity.boundaryCases > 20)   // the boundary construction really fires
        let drift = IdentityChecks.gradientDescentDrift(cases: 80, seed: 10)
        #expect(drift.failures.isEmpty)
        let decay = IdentityChecks.weightDecayLaw(cases: 2, seed: 11)
        #expect(decay.failures.isEmpty)
        #expect(decay.largestError < 1e-6 && decay.largestError > 0)
    }

    /// The decay check can fail: with the wrong rate the error is far above the bound.
    @Test func decayCheckDetectsAWrongRate() {
        let wrong = IdentityChecks.weightDecayLaw(cases: 1, seed: 11, lambda: 0.1, horizon: 5, assumedRate: 0.15)
        #expect(!wrong.failures.isEmpty)
    }
}
