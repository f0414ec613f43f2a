import ReluNetwork

extension PoincarePolynomial {
    /// The non-zero Betti numbers as decimal text, in degree order (SPEC §12's
    /// `betti_nonzero`). Converted on all cores: `(1 + t^783)^2753 · 2^1343`
    /// has 2 754 coefficients of about a thousand digits, and decimal
    /// conversion is most of the cost of writing them.
    public var decimalTerms: [(degree: Int, text: String)] {
        let terms = self.terms
        let chunks = terms.count >= 256 ? ChunkedRange.processors * 4 : 1
        let texts = ChunkedRange(count: terms.count, chunks: chunks).map { range in
            range.map { terms[$0].coefficient.description }
        }
        return zip(terms, texts.joined()).map { ($0.degree, $1) }
    }
}
