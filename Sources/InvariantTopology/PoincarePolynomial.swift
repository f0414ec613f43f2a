import ExactNumbers
import ReluNetwork

/// A polynomial `Σ β_i t^i` with exact big-integer coefficients, stored
/// sparsely (degree-sorted non-zero terms): the Poincaré polynomial of a
/// quadric or of the whole invariant set (SPEC §3, §4.2). Sparse because
/// `(1 + t^{m−1})^n` has `n + 1` terms spread over degree `n(m−1)`.
public struct PoincarePolynomial: Sendable, Hashable, CustomStringConvertible {
    /// Non-zero terms, strictly increasing degree.
    public private(set) var terms: [(degree: Int, coefficient: BigInt)]

    public static func == (lhs: PoincarePolynomial, rhs: PoincarePolynomial) -> Bool {
        lhs.terms.count == rhs.terms.count
            && zip(lhs.terms, rhs.terms).allSatisfy { $0.degree == $1.degree && $0.coefficient == $1.coefficient }
    }

    public func hash(into hasher: inout Hasher) {
        for term in terms {
            hasher.combine(term.degree)
            hasher.combine(term.coefficient)
        }
    }

    /// From (degree, coefficient) pairs in any order; zero coefficients dropped, equal degrees added.
    public init(_ pairs: [(Int, BigInt)]) {
        var merged: [Int: BigInt] = [:]
        for (degree, coefficient) in pairs {
            precondition(degree >= 0, "negative degree")
            merged[degree, default: .zero] += coefficient
        }
        terms = merged.filter { !$0.value.isZero }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    init(sortedNonZeroTerms: [(degree: Int, coefficient: BigInt)]) { terms = sortedNonZeroTerms }

    /// The constant polynomial `value`.
    public static func constant(_ value: BigInt) -> PoincarePolynomial {
        PoincarePolynomial(value.isZero ? [] : [(0, value)])
    }

    public static let one = PoincarePolynomial.constant(BigInt(1))

    /// Poincaré polynomial of the sphere `S^n`: `2` for `n = 0`, else `1 + t^n` (SPEC §3).
    public static func sphere(_ n: Int) -> PoincarePolynomial {
        n == 0 ? .constant(BigInt(2)) : PoincarePolynomial([(0, BigInt(1)), (n, BigInt(1))])
    }

    /// Highest degree with a non-zero coefficient (-1 for the zero polynomial).
    public var degree: Int { terms.last?.degree ?? -1 }

    /// Coefficient of `t^i` (the Betti number `β_i`).
    public func coefficient(ofDegree i: Int) -> BigInt {
        var low = 0, high = terms.count
        while low < high {
            let mid = (low + high) / 2
            if terms[mid].degree < i { low = mid + 1 } else { high = mid }
        }
        return low < terms.count && terms[low].degree == i ? terms[low].coefficient : .zero
    }

    /// Value at `t = −1` (the Euler characteristic when this is a Poincaré polynomial).
    public var valueAtMinusOne: BigInt {
        var sum = BigInt()
        for term in terms { if term.degree % 2 == 0 { sum += term.coefficient } else { sum -= term.coefficient } }
        return sum
    }

    public static func * (lhs: PoincarePolynomial, rhs: PoincarePolynomial) -> PoincarePolynomial {
        if lhs.terms.isEmpty || rhs.terms.isEmpty { return PoincarePolynomial([]) }
        if lhs.terms.count == 1 && lhs.terms[0].degree == 0 { return rhs.scaled(by: lhs.terms[0].coefficient) }
        if rhs.terms.count == 1 && rhs.terms[0].degree == 0 { return lhs.scaled(by: rhs.terms[0].coefficient) }
        // Dense accumulation over the product's degree range, then compaction.
        let degree = lhs.degree + rhs.degree
        var dense = [BigInt?](repeating: nil, count: degree + 1)
        for a in lhs.terms {
            for b in rhs.terms {
                let product = a.coefficient * b.coefficient
                let index = a.degree + b.degree
                if var existing = dense[index] {
                    dense[index] = nil  // keep `existing` uniquely referenced: add in place
                    existing += product
                    dense[index] = existing
                } else {
                    dense[index] = product
                }
            }
        }
        var result: [(degree: Int, coefficient: BigInt)] = []
        for (i, value) in dense.enumerated() { if let value, !value.isZero { result.append((i, value)) } }
        return PoincarePolynomial(sortedNonZeroTerms: result)
    }

    /// Every coefficient times `factor`.
    public func scaled(by factor: BigInt) -> PoincarePolynomial {
        if factor.isZero { return PoincarePolynomial([]) }
        let terms = self.terms
        let chunks = terms.count >= 256 ? ChunkedRange.processors * 4 : 1
        let parts = ChunkedRange(count: terms.count, chunks: chunks).map { range in
            terms[range].map { ($0.degree, $0.coefficient * factor) }
        }
        return PoincarePolynomial(sortedNonZeroTerms: Array(parts.joined()))
    }

    /// `self^exponent`. Constants and binomials `a + b t^k` use the closed
    /// forms (`C(n, j) a^{n−j} b^j`), anything else repeated squaring.
    public func power(_ exponent: Int) -> PoincarePolynomial {
        precondition(exponent >= 0, "negative exponent")
        if exponent == 0 { return .one }
        if exponent == 1 { return self }
        if terms.isEmpty { return self }
        if terms.count == 1 {
            return PoincarePolynomial(sortedNonZeroTerms: [(terms[0].degree * exponent, BigInt.power(terms[0].coefficient, exponent))])
        }
        if terms.count == 2 {
            // Chunks of j on all cores, each from its own C(n, j0): thousands
            // of binomials of a thousand digits for wide layers.
            let (a, b, k0, k1) = (terms[0].coefficient, terms[1].coefficient, terms[0].degree, terms[1].degree)
            let unitCoefficients = a == BigInt(1) && b == BigInt(1)
            let chunks = exponent >= 512 ? ChunkedRange.processors * 4 : 1
            let parts = ChunkedRange(count: exponent + 1, chunks: chunks).map { range -> [(degree: Int, coefficient: BigInt)] in
                guard let first = range.first else { return [] }
                var binomial = BigInt.binomial(exponent, first)
                var part: [(degree: Int, coefficient: BigInt)] = []
                part.reserveCapacity(range.count)
                for j in range {
                    if j > first {
                        binomial = (binomial * BigInt(exponent - j + 1)).dividedExactly(by: BigInt(j))
                    }
                    let coefficient = unitCoefficients ? binomial : binomial * BigInt.power(a, exponent - j) * BigInt.power(b, j)
                    part.append((k0 * (exponent - j) + k1 * j, coefficient))
                }
                return part
            }
            return PoincarePolynomial(sortedNonZeroTerms: Array(parts.joined()))
        }
        var base = self
        var result = PoincarePolynomial.one
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result = result * base }
            remaining >>= 1
            if remaining > 0 { base = base * base }
        }
        return result
    }

    /// `1 + t^783`, `2`, `2 + t + t^2` …
    public var description: String {
        if terms.isEmpty { return "0" }
        return terms.map { term in
            let c = term.coefficient.description
            switch term.degree {
            case 0: return c
            case 1: return c == "1" ? "t" : "\(c)t"
            default: return c == "1" ? "t^\(term.degree)" : "\(c)t^\(term.degree)"
            }
        }.joined(separator: " + ")
    }
}
