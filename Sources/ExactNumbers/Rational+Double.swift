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
        if let fast = dyadicDoubleValue { return fast }
        return generalDoubleValue
    }

    /// `doubleValue` by long division (any rational); see `doubleValue`.
    var generalDoubleValue: Double {
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

import CGMP

extension Rational {
    /// Fast path of `doubleValue` for `n / 2^k` (every invariant of binary
    /// weights has this form) when the result is a normal number: the top 64
    /// bits of `|n|` with a sticky bit for the rest convert to binary64 with one
    /// correct rounding (the sticky bit lies below the rounding position), and
    /// the scaling by a power of two is exact. nil when the fast path does not apply.
    var dyadicDoubleValue: Double? {
        withPointer { q -> Double? in
            let den = cgmp_mpq_denref_const(q)
            let denominatorBits = Int(__gmpz_sizeinbase(den, 2))
            guard Int(__gmpz_scan1(den, 0)) == denominatorBits - 1 else { return nil }   // not a power of two
            let num = cgmp_mpq_numref_const(q)
            let limbCount = Int(cgmp_mpz_limb_count(num))
            guard limbCount > 0, let limbs = cgmp_mpz_limbs(num) else { return nil }
            let bits = Int(__gmpz_sizeinbase(num, 2))
            // Top 64 bits of |n| and whether anything below them is non-zero.
            var top: UInt64
            var sticky = false
            if bits <= 64 {
                top = UInt64(limbs[0])
            } else {
                let shift = bits - 64                          // bits below the top 64
                let word = shift / 64, offset = UInt64(shift % 64)
                let low = UInt64(limbs[word])
                let high = word + 1 < limbCount ? UInt64(limbs[word + 1]) : 0
                top = offset == 0 ? low : (low >> offset) | (high << (64 - offset))
                sticky = offset > 0 && low & ((UInt64(1) << offset) - 1) != 0
                var index = word - 1
                while !sticky && index >= 0 { sticky = limbs[index] != 0; index -= 1 }
                if sticky { top |= 1 }
            }
            let exponent = max(bits - 64, 0) - (denominatorBits - 1)
            // Normal range only: the leading bit's weight must stay within [-1022, 1023].
            let leading = bits - 1 - (denominatorBits - 1)
            guard leading > -1022 && leading < 1023 else { return nil }
            let magnitude = Double(sign: .plus, exponent: exponent, significand: Double(top))   // exact: normal result
            return Int(cgmp_mpz_sgn(num)) < 0 ? -magnitude : magnitude
        }
    }
}
