import Foundation

/// Dropping pages of a read-only private file mapping from the resident set.
///
/// It belongs to the model's storage, not to file reading: a `PackedFloatArray`
/// left in a mapping releases its pages as the invariant pass consumes rows,
/// which is what bounds the resident set on a 2 GB `.npy`. ModelIO, which makes
/// the mappings (`RegularFile.map`), uses it too, for CRC passes over stored
/// ZIP entries.
package enum MappedPages {
    static let pageSize = max(1, Int(sysconf(Int32(_SC_PAGESIZE))))
    /// Mappings smaller than this keep their pages (64 MiB).
    package static let releaseThreshold = 1 << 26

    /// `madvise(MADV_DONTNEED)` on the pages of `raw[bytes]`: the first page is
    /// rounded down (but not below the mapping's first whole page), the last
    /// rounded down, so a page shared with the next range stays.
    package static func release(_ raw: UnsafeRawBufferPointer, bytes: Range<Int>) {
        guard let base = raw.baseAddress, !bytes.isEmpty, bytes.upperBound <= raw.count else { return }
        // Only large mappings: each call flushes TLBs on every core (an
        // inter-processor interrupt), which cost a third of `analyze` on a 13 MB
        // file, while a mapping below this size fits in memory anyway.
        guard raw.count >= releaseThreshold else { return }
        let page = pageSize
        let address = Int(bitPattern: base)
        let mappingStart = (address + page - 1) / page * page
        let start = max(mappingStart, (address + bytes.lowerBound) / page * page)
        let end = (address + bytes.upperBound) / page * page
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, MADV_DONTNEED)
    }
}
