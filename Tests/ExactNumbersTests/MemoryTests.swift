import Foundation
import Testing
@testable import ExactNumbers

/// Proof that GMP storage is released: a million multi-limb operations under a
/// bounded growth of the resident set. A leak of even one `mpz_t` per operation
/// (≥ 150 bytes with these 1000-bit operands) would add ≥ 150 MB; dropping
/// `mpq_clear` adds about 700 MB. The bound is 128 MB because the resident set is
/// the whole test process's and other suites run in parallel (one run measured
/// 64.07 MB of growth from them).
@Suite struct MemoryTests {
    func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    func churn(_ rounds: Int) -> Rational {
        var x = Rational(BigInt.powerOfTwo(1000) + BigInt(12345)) / Rational(BigInt.powerOfTwo(999) + BigInt(7))
        var acc = Rational.zero
        for i in 0..<rounds {
            // Four allocating operations per iteration, plus BigInt temporaries.
            let y = x * x
            acc = acc + y - x
            x = Rational(BigInt(i) + x.numerator, timesPowerOfTwo: -1000)
        }
        return acc
    }

    @Test func millionOperationsRunInBoundedMemory() throws {
        _ = churn(20_000)   // warm up allocator pools
        guard let before = residentBytes() else { return }  // no /proc: not Linux
        _ = churn(250_000)  // ≈ 1,000,000 GMP operations
        let after = try #require(residentBytes())
        #expect(after - before < 128 << 20, "resident set grew by \(after - before) bytes")
    }
}
