import ExactNumbers
import ReluNetwork

extension Equivalence {
    /// Fast exact equivalence for models whose parameters are all binary
    /// floats (every `.npy` model), without a GMP number per weight.
    ///
    /// Key: each neuron's row `(a_i/|f|, v_i·|f|)` in binary64, f the first
    /// non-zero entry of `a` (of `v`, dividing, when `a = 0`). For `G`-equivalent
    /// neurons these are the same real numbers, and one correctly rounded
    /// operation maps equal reals to equal doubles, so partners always share a
    /// key. Candidates are then confirmed exactly: `a'_i·|f| = a_i·|f'|` and
    /// `v'_i·|f'| = v_i·|f|` compared as error-free products (TwoProduct via
    /// FMA; rationals near underflow). Returns nil when a model is not binary or
    /// a confirmation fails (the caller then uses the rational algorithm).
    static func compareBinary(_ a: ReluNetworkModel, _ b: ReluNetworkModel) -> EquivalenceResult? {
        guard let rowsA = binaryRows(a), let rowsB = binaryRows(b) else { return nil }
        let m = a.shape.inputSideDimension
        var buckets: [[Double]: [Int]] = [:]
        let keysB = rowsB.map { key($0, m: m) }
        for (j, entry) in keysB.enumerated() { buckets[entry.row, default: []].append(j) }
        var permutation: [Int] = [], alphas: [Rational] = []
        for (k, row) in rowsA.enumerated() {
            let (keyA, scaleA, aIsZero) = key(row, m: m)
            guard var candidates = buckets[keyA], !candidates.isEmpty else {
                return .notEquivalent(neuron: k, reason: "neuron \(k) of A has no partner in B: no neuron of B is a positive rescaling of it (or its partners are all taken)")
            }
            guard let position = candidates.lastIndex(where: { confirm(row, scaleA, rowsB[$0], keysB[$0].scale, m: m, aIsZero: aIsZero) }) else {
                return nil   // a key collision or an unconfirmable product: let the exact rational path decide
            }
            let j = candidates.remove(at: position)
            buckets[keyA] = candidates
            permutation.append(j)
            // a ≠ 0: a' = (|f'|/|f|)·a. a = 0: v' = v·|f'|/|f| = v/α, so α = |f|/|f'|.
            let ratio = (Rational(exactly: keysB[j].scale) ?? Rational(1)) / (Rational(exactly: scaleA) ?? Rational(1))
            alphas.append(aIsZero ? Rational(1) / ratio : ratio)
        }
        return .equivalent(EquivalenceCertificate(permutation: permutation, alphas: alphas))
    }

    /// Per neuron `(a…, v…)` in binary64, or nil if some tensor holds exact rationals.
    static func binaryRows(_ model: ReluNetworkModel) -> [[Double]]? {
        guard let w1 = model.inputWeights.binaryValues(), let w2 = model.outputWeights.binaryValues() else { return nil }
        let b1: [Double]?
        if let bias = model.hiddenBias {
            guard let values = bias.binaryValues() else { return nil }
            b1 = values
        } else {
            b1 = nil
        }
        let d = model.shape.inputs, l = model.shape.hidden, e = model.shape.outputs
        return (0..<l).map { k in
            var row = Array(w1[(k * d)..<(k * d + d)])
            if let b1 { row.append(b1[k]) }
            for i in 0..<e { row.append(w2[i * l + k]) }
            return row
        }
    }

    /// The binary64 orbit key of a row, the scale |f| used, and whether `a = 0`.
    static func key(_ row: [Double], m: Int) -> (row: [Double], scale: Double, aIsZero: Bool) {
        if let f = row[..<m].first(where: { $0 != 0 }) {
            let s = abs(f)
            return (row.enumerated().map { $0.offset < m ? $0.element / s : $0.element * s }, s, false)
        }
        if let g = row[m...].first(where: { $0 != 0 }) {
            let s = abs(g)
            return (row.map { $0 / s }, s, true)
        }
        return (row.map { _ in 0 }, 1, true)
    }

    /// Exact check that row' is a positive rescaling of row (see `compareBinary`).
    static func confirm(_ row: [Double], _ s: Double, _ other: [Double], _ t: Double, m: Int, aIsZero: Bool) -> Bool {
        for i in row.indices {
            let matches: Bool
            if aIsZero {
                // v'·|f| = v·|f'| (α = |f|/|f'|); a = a' = 0.
                matches = i < m ? (row[i] == 0 && other[i] == 0) : productsEqual(other[i], s, row[i], t)
            } else if i < m {
                matches = productsEqual(other[i], s, row[i], t)
            } else {
                matches = productsEqual(other[i], t, row[i], s)
            }
            if !matches { return false }
        }
        return true
    }

    /// `x·y = z·w` exactly: TwoProduct when both products are far from underflow, rationals otherwise.
    static func productsEqual(_ x: Double, _ y: Double, _ z: Double, _ w: Double) -> Bool {
        // Zero-ness from the factors (a product of non-zero doubles can underflow to 0).
        let leftZero = x == 0 || y == 0, rightZero = z == 0 || w == 0
        if leftZero || rightZero { return leftZero && rightZero }
        let p = x * y, q = z * w
        if p.isFinite && q.isFinite && abs(p) >= 0x1p-969 && abs(q) >= 0x1p-969 {
            // x·y = p + err exactly; equal reals have equal roundings and equal errors.
            return p == q && x.multipliedAddingProduct(y, -p) == z.multipliedAddingProduct(w, -q)
        }
        guard let rx = Rational(exactly: x), let ry = Rational(exactly: y), let rz = Rational(exactly: z), let rw = Rational(exactly: w) else { return false }
        return rx * ry == rz * rw
    }
}

extension Double {
    /// `fma(self, y, addend)` with one rounding.
    fileprivate func multipliedAddingProduct(_ y: Double, _ addend: Double) -> Double {
        addend.addingProduct(self, y)
    }
}
