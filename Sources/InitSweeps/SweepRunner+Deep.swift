import ExactNumbers
import Foundation
import JSONDocument

/// Rows of deep cells (`L ≥ 3`, SPEC §13.9). A deep row is a function of its
/// cell, the seed and the integer tally alone, so `sweep merge` checks a deep
/// row by rebuilding it from its own counts (`SweepDocument.validateDeepRow`).
extension SweepRunner {
    /// The tally of a deep cell (nil when it has 0 samples).
    func deepTally(_ cell: SweepSpec.Cell, _ architecture: DeepArchitecture, progress: Progress?) -> DeepMonteCarloTally? {
        guard cell.samples > 0 else { return nil }
        let monteCarlo = DeepMonteCarloCell(scheme: cell.scheme, architecture: architecture, seed: spec.seed, law: spec.law(widths: architecture.widths))
        let counter = ProgressCounter()
        return monteCarlo.tally(count: cell.samples, threads: threads, progress: progress.map { report in
            { @Sendable done in report(cell, counter.add(done)) }
        })
    }

    /// One deep row: per hidden layer the marginal closed form and the Monte
    /// Carlo fraction of `c < 0`; the lock count `q` (`P(q ≥ 1)`, `E[2^q]`
    /// exactly and as a decimal, `E[q]`), and SPEC §13.5's event (`e = 1`:
    /// every output weight locked with one sign, no output bias) with a Wilson
    /// interval. Closed-form fields are `null` where none exists, Monte Carlo
    /// fields `null` when `samples = 0`. Under a training law (SPEC §14) the
    /// closed forms are the law's and the row ends with its `"law"` object.
    static func deepRow(cell: SweepSpec.Cell, architecture: DeepArchitecture, spec: SweepSpec, tally: DeepMonteCarloTally?) -> JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
        let seed = spec.seed
        let forms = DeepClosedForms(scheme: cell.scheme, architecture: architecture, law: spec.law(widths: architecture.widths))
        let n = architecture.widths
        let decided = tally?.samples ?? 0
        let monteCarlo = decided > 0 ? tally : nil
        let layers: [JSONValue] = architecture.hiddenLayers.map { h in
            let estimate = monteCarlo.map { Estimate.proportion($0.negative[h - 1], of: decided * n[h]) }
            return .object([
                ("layer", .integer(h)),
                ("width", .integer(n[h])),
                ("m", .integer(architecture.inputSideDimension(layer: h))),
                ("p_negative", number(forms.negative(layer: h))),
                ("expected_negative", number(forms.expectedNegative(layer: h))),
                ("negative_mc", tally.map { .integer($0.negative[h - 1]) } ?? .null),
                ("p_negative_mc", number(estimate?.value)),
                ("p_negative_se", number(estimate?.standardError)),
            ])
        }
        let locks = monteCarlo.map { LockStatistics($0) }
        let eventApplies = architecture.outputs == 1
        let event = eventApplies ? monteCarlo.map { Estimate.proportion($0.outputLockedOneSign, of: decided) } : nil
        let wilson = eventApplies ? monteCarlo.map { Estimate.wilson95($0.outputLockedOneSign, of: decided) } : nil
        let members: [(String, JSONValue?)] = [
            ("cell", .integer(cell.index)),
            ("scheme", .string(cell.scheme.description)),
            ("widths", .array(n.map(JSONValue.integer))),
            ("d", .integer(architecture.inputs)),
            ("e", .integer(architecture.outputs)),
            ("bias", .bool(architecture.bias)),
            ("samples", .integer(cell.samples)),
            ("layers", .array(layers)),
            ("p_locked", number(forms.lockedProbability)),
            ("p_locked_mc", number(locks?.locked.value)),
            ("p_locked_se", number(locks?.locked.standardError)),
            ("expected_components", number(forms.expectedComponents)),
            ("log10_expected_components", number(forms.log10ExpectedComponents)),
            ("expected_components_mc", number(locks?.meanPower.doubleValue)),
            ("expected_components_mc_exact", locks.map { .string($0.meanPower.description) } ?? .null),
            ("log10_expected_components_mc", number(locks.map { LockStatistics.log10($0.meanPower) })),
            ("expected_components_se", number(locks?.meanPowerStandardError)),
            ("mean_locked", number(forms.meanLocked)),
            ("mean_locked_mc", number(locks?.mean.value)),
            ("mean_locked_se", number(locks?.mean.standardError)),
            ("p_output_locked_one_sign", number(forms.outputLockedOneSign)),
            ("p_output_locked_one_sign_mc", number(event?.value)),
            ("p_output_locked_one_sign_se", number(event?.standardError)),
            ("p_output_locked_one_sign_wilson95", wilson.map { .array([.double($0.lower), .double($0.upper)]) } ?? .null),
            ("output_locked_one_sign_mc", eventApplies ? tally.map { .integer($0.outputLockedOneSign) } ?? .null : .null),
            ("locked_count_histogram_mc", tally.map { tally in
                .array(tally.lockHistogram.keys.sorted().map { .array([.integer($0), .integer(tally.lockHistogram[$0] ?? 0)]) })
            } ?? .null),
            ("closed_form", .string(deepClosedFormNote(cell.scheme, forms, weighted: !spec.hasPlainLaw))),
            ("zero_invariants_mc", tally.map { .integer($0.zeroNeurons) } ?? .null),
            // Only when some sample could not be decided (never with finite draws): those samples are left out.
            ("undecided_samples_mc", tally.flatMap { $0.undecidedSamples > 0 ? .integer($0.undecidedSamples) : nil }),
            ("seed", .number(String(seed))),
            ("law", spec.lawJSON(widths: architecture.widths)),
        ]
        return .object(members.compactMap { key, value in value.map { (key, $0) } })
    }

    /// Which closed forms a deep row has, or why none (`weighted`: under a training law).
    static func deepClosedFormNote(_ scheme: InitScheme, _ forms: DeepClosedForms, weighted: Bool = false) -> String {
        guard forms.laws.contains(where: { $0 != nil }) else {
            switch scheme {
            case .gaussian: return "none: a Gaussian bias with a variance other than 0 or s1² (Monte Carlo only)"
            default: return "none: uniform entries (Monte Carlo only)"
            }
        }
        let marginals = "docs/THEORY.md §13.9: P(c_{h,k} < 0) = I_x(m_h/2, n_{h+1}/2) per hidden layer"
            + (weighted ? ", x = w_{h+1}τ_{h+1}²/(w_hτ_h² + w_{h+1}τ_{h+1}²) under the law of §14" : "")
        switch forms.lockLaw {
        case .binomial(let count, _, _)?:
            return marginals + "; q ~ Bin(\(count), p_{L−1}): every hidden width ≥ 2, so the locks are the last layer's c < 0 output weights (docs/THEORY.md §13.3)"
        case .none?:
            return marginals + "; q = 0: every hidden width ≥ 2 and e ≥ 2 (docs/THEORY.md §13.3)"
        case nil:
            return marginals + "; q, E[2^q] and the output-lock event: Monte Carlo only (adjacent layers are dependent)"
        }
    }
}

/// Statistics of the lock count `q` from its histogram, in a fixed order (the
/// result does not depend on how the samples were split).
struct LockStatistics {
    /// `P(q ≥ 1)`.
    let locked: Estimate
    /// `E[q]`.
    let mean: Estimate
    /// `E[2^q]`, the exact mean of the samples' `2^q` (SPEC §13.3: `β₀ = 2^q`).
    let meanPower: Rational
    /// Its standard error, `√(Σ(2^q − mean)² / (N(N − 1)))`; nil past binary64 or for one sample.
    let meanPowerStandardError: Double?

    init(_ tally: DeepMonteCarloTally) {
        let count = tally.samples
        let keys = tally.lockHistogram.keys.sorted()
        locked = Estimate.proportion(count - (tally.lockHistogram[0] ?? 0), of: count)
        var sum = 0.0, sumSquares = 0.0
        for q in keys {
            let samples = Double(tally.lockHistogram[q] ?? 0)
            sum += samples * Double(q)
            sumSquares += samples * Double(q) * Double(q)
        }
        let powers = LockStatistics.sum(keys.map { ($0, tally.lockHistogram[$0] ?? 0) })
        let squares = LockStatistics.sum(keys.map { (2 * $0, tally.lockHistogram[$0] ?? 0) })
        let n = Double(count)
        let meanQ = sum / n
        let variance = count > 1 ? Swift.max(0, (sumSquares - n * meanQ * meanQ) / (n - 1)) : 0
        mean = Estimate(value: meanQ, standardError: (variance / n).squareRoot())
        let total = BigInt(count)
        meanPower = Rational(numerator: powers, denominator: total) ?? .zero
        if count > 1 {
            // Σ(x − x̄)² = Σx² − (Σx)²/N; SE² = that / (N (N − 1)), exactly, then rounded once.
            let spread = Rational(numerator: total * squares - powers * powers, denominator: total * total * BigInt(count - 1)) ?? .zero
            let value = spread.doubleValue
            meanPowerStandardError = value.isFinite ? value.squareRoot() : nil
        } else {
            meanPowerStandardError = 0
        }
    }

    /// `Σ count · 2^exponent` over distinct exponents, built in one word array:
    /// linear in the exponents' range, where adding big powers one by one is quadratic.
    static func sum(_ terms: [(exponent: Int, count: Int)]) -> BigInt {
        guard let top = terms.map(\.exponent).max() else { return .zero }
        var words = [UInt64](repeating: 0, count: top / 64 + 3)
        for (exponent, count) in terms where count > 0 {
            let index = exponent / 64, shift = UInt64(exponent % 64)
            let value = UInt64(count)
            var carry: UInt64 = 0
            var position = index
            for addend in [value << shift, shift == 0 ? 0 : value >> (64 - shift)] {
                let (partial, overflow1) = words[position].addingReportingOverflow(addend)
                let (total, overflow2) = partial.addingReportingOverflow(carry)
                words[position] = total
                carry = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
                position += 1
            }
            while carry != 0 {
                let (total, overflow) = words[position].addingReportingOverflow(carry)
                words[position] = total
                carry = overflow ? 1 : 0
                position += 1
            }
        }
        return words.withUnsafeBufferPointer { BigInt(littleEndianWords: $0) }
    }

    /// `log₁₀ x` for `x > 0`, finite far beyond binary64's range.
    static func log10(_ x: Rational) -> Double {
        guard x.signum > 0 else { return -.infinity }
        let shift = x.numerator.bitWidth - x.denominator.bitWidth
        return Foundation.log10(x.timesPowerOfTwo(-shift).doubleValue) + Double(shift) * Foundation.log10(2.0)
    }
}

extension Estimate {
    /// The Wilson score interval at 95 % (`z = 1.959963984540054`) for `k` successes in `n` trials:
    /// informative where the binomial standard error is 0 (`k = 0` or `k = n`).
    public static func wilson95(_ k: Int, of n: Int) -> (lower: Double, upper: Double) {
        let z = 1.959963984540054, trials = Double(n), p = Double(k) / Double(n)
        let z2 = z * z
        let centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
        let half = z / (1 + z2 / trials) * (p * (1 - p) / trials + z2 / (4 * trials * trials)).squareRoot()
        // k = 0 and k = n have a bound at 0 and 1 exactly (the formula leaves a rounding error there).
        return (k == 0 ? 0 : Swift.max(0, centre - half), k == n ? 1 : Swift.min(1, centre + half))
    }
}
