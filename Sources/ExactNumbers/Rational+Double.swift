extension Rational {
    /// The binary64 number nearest to `self`, ties to even (IEEE 754
    /// roundTiesToEven), with gradual underflow and ±∞ on overflow.
    ///
    /// GMP's `mpq_get_d` truncates, so the rounding is done here in integer
    /// arithmetic: take ≥ 55 significant bits of the quotient plus a sticky bit,
    /// then round to the precision available at the result's exponent.
    public var doubleValue: Double {
        let sign = signum
        if sign == 0 { return 0 }
        let a = numerator.magnitude
        let b = denominator
        let e = a.bitWidth - b.bitWidth          // 2^(e-1) < a/b < 2^(e+1)
        let s = 55 - e                           // scale so that the quotient has 55 or 56 bits
        let scaledNumerator = s >= 0 ? a.shifted(by: s) : a
        let scaledDenominator = s >= 0 ? b : b.shifted(by: -s)
        let (quotient, remainder) = scaledNumerator.quotientAndRemainder(dividingBy: scaledDenominator)
        let sticky = !remainder.isZero
        // quotient < 2^56 fits in UInt64.
        guard let q = quotient.intValue.map({ UInt64($0) }) else { return sign < 0 ? -.infinity : .infinity }
        let bits = 64 - q.leadingZeroBitCount    // 55 or 56
        let leadingExponent = bits - 1 - s       // value ∈ [2^E, 2^(E+1))
        if leadingExponent > 1023 { return sign < 0 ? -.infinity : .infinity }
        let keep = min(53, leadingExponent + 1075)   // significant bits representable at this exponent
        if keep < 0 { return sign < 0 ? -0.0 : 0.0 }  // below half the smallest subnormal
        let drop = bits - keep                   // ≥ 2
        var mantissa = q >> UInt64(drop)
        let droppedBits = q & ((UInt64(1) << UInt64(drop)) - 1)
        let half = UInt64(1) << UInt64(drop - 1)
        if droppedBits > half || (droppedBits == half && (sticky || mantissa & 1 == 1)) {
            mantissa += 1
        }
        // mantissa ≤ 2^53 is exact in binary64; the power-of-two scaling is exact
        // because the mantissa was rounded to the precision of the target binade
        // (it may still overflow to ∞ after a carry at the top).
        let magnitude = Double(sign: .plus, exponent: drop - s, significand: Double(mantissa))
        return sign < 0 ? -magnitude : magnitude
    }
}
