import Dispatch
import Foundation

/// A read-only view of little-endian binary floats in row-major order, kept in
/// the bytes of the (memory-mapped) file they came from. Nothing is copied or
/// widened until a row is read, so a large `.npy` costs no more memory than
/// the pages actually touched. Every element is a finite number: the reader
/// scanned them once (SPEC §8).
public struct PackedFloatArray: Sendable {
    public enum Format: Sendable {
        /// `bfloat16` (safetensors `BF16`): the top 16 bits of a binary32.
        case float16, bfloat16, float32, float64

        var byteCount: Int {
            switch self {
            case .float16, .bfloat16: return 2
            case .float32: return 4
            case .float64: return 8
            }
        }
    }

    let storage: Data
    let byteOffset: Int
    public let format: Format
    public let count: Int
    /// The storage is a read-only file mapping (ModelIO's `RegularFile.map`), so pages can be dropped after use.
    let fileBacked: Bool

    /// `count` elements of `format` at `byteOffset` in `storage`; `fileBacked`:
    /// `storage` is (a slice of) a read-only file mapping whose pages may be dropped.
    package init(storage: Data, byteOffset: Int, format: Format, count: Int, fileBacked: Bool = false) {
        self.storage = storage
        self.byteOffset = byteOffset
        self.format = format
        self.count = count
        self.fileBacked = fileBacked
    }

    /// Drops the pages holding elements `range` from the resident set (`madvise
    /// MADV_DONTNEED` on a read-only private file mapping: the next access reads
    /// them again from the page cache or the file). Only whole pages inside the
    /// mapping are released; a page shared with the previous range is released
    /// too, since callers go through the array in order. A no-op for heap storage.
    public func releasePages(_ range: Range<Int>) {
        guard fileBacked, !range.isEmpty else { return }
        storage.withUnsafeBytes { raw in
            MappedPages.release(raw, bytes: (byteOffset + range.lowerBound * format.byteCount)..<(byteOffset + range.upperBound * format.byteCount))
        }
    }
}

extension PackedFloatArray {
    @inline(__always)
    static func load(_ raw: UnsafeRawBufferPointer, _ offset: Int, _ format: Format) -> Double {
        switch format {
        case .float64: return Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        case .float32: return Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
        case .float16: return Double(Float16(bitPattern: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))))
        case .bfloat16: return Double(Float(bitPattern: UInt32(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))) << 16))
        }
    }

    /// The element at a row-major index, widened exactly to binary64.
    public subscript(index: Int) -> Double {
        storage.withUnsafeBytes { raw in PackedFloatArray.load(raw, byteOffset + index * format.byteCount, format) }
    }

    /// Widens `range` exactly into `buffer` (which must hold `range.count` elements).
    public func copy(_ range: Range<Int>, into buffer: UnsafeMutableBufferPointer<Double>) {
        precondition(buffer.count >= range.count && range.lowerBound >= 0 && range.upperBound <= count, "range out of bounds")
        let size = format.byteCount
        storage.withUnsafeBytes { raw in
            switch format {
            case .float32:
                for (slot, index) in range.enumerated() {
                    buffer[slot] = Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: byteOffset + index * 4, as: UInt32.self))))
                }
            default:
                for (slot, index) in range.enumerated() {
                    buffer[slot] = PackedFloatArray.load(raw, byteOffset + index * size, format)
                }
            }
        }
    }

    /// Runs `body` with the raw little-endian bytes of elements `range`.
    public func withRawBytes<R>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range out of bounds")
        let size = format.byteCount
        return storage.withUnsafeBytes { raw in
            body(UnsafeRawBufferPointer(rebasing: raw[(byteOffset + size * range.lowerBound)..<(byteOffset + size * range.upperBound)]))
        }
    }

    /// Index of the first NaN or ±∞, if any. Large arrays are scanned on all
    /// cores (the scan is also what first touches the mapped pages).
    package func firstNonFinite() -> Int? {
        let workers = count >= 1 << 20 ? min(ChunkedRange.processors, 16) : 1
        return ChunkedRange(count: count, chunks: workers).map(firstNonFinite(in:)).lazy.compactMap { $0 }.first
    }

    /// First NaN or ±∞ in `range` (checked on the raw exponent bits, a block at
    /// a time so the common all-finite case runs branch-free).
    func firstNonFinite(in range: Range<Int>) -> Int? {
        storage.withUnsafeBytes { raw -> Int? in
            let size = format.byteCount
            func exponentAllOnes(_ i: Int) -> Bool {
                let offset = byteOffset + size * i
                switch format {
                case .float32:
                    return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) & 0x7F80_0000 == 0x7F80_0000
                case .float64:
                    return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) & 0x7FF0_0000_0000_0000 == 0x7FF0_0000_0000_0000
                case .float16:
                    return UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)) & 0x7C00 == 0x7C00
                case .bfloat16:
                    return UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)) & 0x7F80 == 0x7F80
                }
            }
            /// Largest masked exponent in a block: equals the mask iff the block has a non-finite.
            func blockHasNonFinite<T: FixedWidthInteger>(_ type: T.Type, _ mask: T, _ range: Range<Int>) -> Bool {
                var largest: T = 0
                for i in range {
                    largest = max(largest, T(littleEndian: raw.loadUnaligned(fromByteOffset: byteOffset + size * i, as: T.self)) & mask)
                }
                return largest == mask
            }
            var start = range.lowerBound
            var released = range.lowerBound
            while start < range.upperBound {
                let end = min(range.upperBound, start + 4096)
                let found: Bool
                switch format {
                case .float32: found = blockHasNonFinite(UInt32.self, 0x7F80_0000, start..<end)
                case .float64: found = blockHasNonFinite(UInt64.self, 0x7FF0_0000_0000_0000, start..<end)
                case .float16: found = blockHasNonFinite(UInt16.self, 0x7C00, start..<end)
                case .bfloat16: found = blockHasNonFinite(UInt16.self, 0x7F80, start..<end)
                }
                if found { return (start..<end).first(where: exponentAllOnes) }
                start = end
                if fileBacked && start - released >= 1 << 16 {
                    releasePages(released..<start)
                    released = start
                }
            }
            return nil
        }
    }
}
