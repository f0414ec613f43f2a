import JSONDocument

/// `sweep merge`'s check of a deep row (SPEC §13.9): its integer counts are
/// read back (each within its range: negatives per layer, the histogram of
/// `q` summing to the samples, the output-lock event), the row is rebuilt from
/// them with `SweepRunner.deepRow`, and every other field must be exactly what
/// that gives — closed forms, estimates, the exact `E[2^q]` — in the same order.
extension SweepDocument {
    static func validateDeepRow(_ row: JSONValue, deep: DeepArchitecture, cell: SweepSpec.Cell, spec: SweepSpec,
                                fail: (String) -> MergeError) throws(MergeError) {
        guard case .object(let members) = row else { throw fail("not an object") }
        let tally = try deepTally(row, deep: deep, samples: cell.samples, fail: fail)
        guard case .object(let expected) = SweepRunner.deepRow(cell: cell, architecture: deep, spec: spec, tally: tally) else { return }
        let written = Set(expected.map(\.0))
        for (key, _) in members where !written.contains(key) { throw fail("unknown key \"\(key)\"") }
        for (key, value) in expected {
            guard let given = row[key] else { throw fail("key \"\(key)\" is missing") }
            guard given == value else {
                throw fail("\"\(key)\" is \(given.compactText), but the cell and the row's counts give \(value.compactText)")
            }
        }
        guard members.map(\.0) == expected.map(\.0) else { throw fail("keys are not in the order relutopo writes") }
    }

    /// The integer tally a deep row carries, each count checked against its range; nil for 0 samples.
    static func deepTally(_ row: JSONValue, deep: DeepArchitecture, samples: Int, fail: (String) -> MergeError) throws(MergeError) -> DeepMonteCarloTally? {
        guard samples > 0 else { return nil }
        func integer(_ value: JSONValue?, _ what: String, in range: ClosedRange<Int>) throws(MergeError) -> Int {
            guard case .number(let text)? = value, let number = Int(text) else { throw fail("\(what) is not an integer") }
            guard range.contains(number) else { throw fail("\(what) is \(number), outside \(range.lowerBound)…\(range.upperBound)") }
            return number
        }
        func bound(_ a: Int, _ b: Int) -> Int { SweepSpec.saturatingProduct(a, b) }
        var tally = DeepMonteCarloTally(hiddenLayers: deep.depth - 1)
        tally.undecidedSamples = row["undecided_samples_mc"] == nil ? 0
            : try integer(row["undecided_samples_mc"], "\"undecided_samples_mc\"", in: 1...samples)
        let decided = samples - tally.undecidedSamples
        tally.samples = decided
        guard case .array(let layers)? = row["layers"], layers.count == deep.depth - 1 else {
            throw fail("\"layers\" is not an array of \(deep.depth - 1) hidden layers")
        }
        for h in deep.hiddenLayers {
            tally.negative[h - 1] = try integer(layers[h - 1]["negative_mc"], "\"layers\"[\(h - 1)].\"negative_mc\"", in: 0...bound(decided, deep.widths[h]))
        }
        let neurons = deep.hiddenLayers.reduce(0) { $0 + deep.widths[$1] }
        tally.zeroNeurons = try integer(row["zero_invariants_mc"], "\"zero_invariants_mc\"", in: 0...bound(decided, neurons))
        guard case .array(let histogram)? = row["locked_count_histogram_mc"] else {
            throw fail("\"locked_count_histogram_mc\" is not an array")
        }
        let maximumLocks = deep.maximumLocks
        guard histogram.count <= Swift.min(decided, maximumLocks + 1) else {
            throw fail("\"locked_count_histogram_mc\" has \(histogram.count) entries, more than the samples or the \(maximumLocks + 1) possible values of q")
        }
        var previous = -1, total = 0
        for (position, entry) in histogram.enumerated() {
            guard case .array(let pair) = entry, pair.count == 2 else { throw fail("\"locked_count_histogram_mc\"[\(position)] is not a pair [q, samples]") }
            let q = try integer(pair[0], "\"locked_count_histogram_mc\"[\(position)] q", in: 0...maximumLocks)
            guard q > previous else { throw fail("\"locked_count_histogram_mc\" is not in increasing order of q") }
            let count = try integer(pair[1], "\"locked_count_histogram_mc\"[\(position)] count", in: 1...decided)
            total += count
            guard total <= decided else { throw fail("\"locked_count_histogram_mc\" counts more than the \(decided) samples") }
            tally.lockHistogram[q] = count
            previous = q
        }
        guard total == decided else { throw fail("\"locked_count_histogram_mc\" counts \(total) samples, not \(decided)") }
        if deep.outputs == 1 {
            // The event locks every output weight: q ≥ n_{L−1} in each of its samples.
            let atLeast = tally.lockHistogram.filter { $0.key >= deep.widths[deep.depth - 1] }.values.reduce(0, +)
            tally.outputLockedOneSign = try integer(row["output_locked_one_sign_mc"], "\"output_locked_one_sign_mc\"", in: 0...(deep.bias ? 0 : atLeast))
        }
        return tally
    }
}
