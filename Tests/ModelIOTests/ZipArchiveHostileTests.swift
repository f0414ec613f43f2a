import Foundation
import Testing
@testable import ModelIO
import ReluNetwork
@testable import ReluNetwork
import TestSupport

/// Hand-made ZIP archives, built here field by field from the PKWARE APPNOTE
/// layout (not by the writer under test), with a bitwise CRC-32.
enum HandZip {
    struct Member {
        var name: String
        var method: UInt16 = 0
        var data: [UInt8]
        /// Inflated size (defaults to `data.count`, right for stored members).
        var size: Int? = nil
        /// CRC-32 of the inflated bytes (defaults to that of `data`).
        var crc: UInt32? = nil
    }

    static func u16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    static func u32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }
    static func u64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(value >> (8 * UInt64($0)) & 0xFF) } }

    /// CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320), one bit at a time.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// The archive: local headers and data, the central directory, then
    /// (with `zip64`) a ZIP64 end-of-directory record and locator, and the
    /// end-of-directory record. With `zip64` every central size and offset is
    /// 0xFFFFFFFF and the real values sit in a ZIP64 extra field (id 1).
    static func archive(_ members: [Member], zip64: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for member in members {
            let name = Array(member.name.utf8)
            let size = member.size ?? member.data.count
            let crc = Int(member.crc ?? crc32(member.data))
            let offset = out.count
            out += u32(0x0403_4B50) + u16(20) + u16(0) + u16(Int(member.method)) + u16(0) + u16(0x21)
            out += u32(crc) + u32(member.data.count) + u32(size) + u16(name.count) + u16(0) + name + member.data
            let extra = zip64 ? u16(1) + u16(24) + u64(UInt64(size)) + u64(UInt64(member.data.count)) + u64(UInt64(offset)) : []
            central += u32(0x0201_4B50) + u16(45) + u16(45) + u16(0) + u16(Int(member.method)) + u16(0) + u16(0x21) + u32(crc)
            central += zip64 ? u32(0xFFFF_FFFF) + u32(0xFFFF_FFFF) : u32(member.data.count) + u32(size)
            central += u16(name.count) + u16(extra.count) + u16(0) + u16(0) + u16(0) + u32(0)
            central += (zip64 ? u32(0xFFFF_FFFF) : u32(offset)) + name + extra
        }
        let directoryOffset = out.count
        out += central
        if zip64 {
            let record = out.count
            out += u32(0x0606_4B50) + u64(44) + u16(45) + u16(45) + u32(0) + u32(0)
            out += u64(UInt64(members.count)) + u64(UInt64(members.count)) + u64(UInt64(central.count)) + u64(UInt64(directoryOffset))
            out += u32(0x0706_4B50) + u32(0) + u64(UInt64(record)) + u32(1)
            out += u32(0x0605_4B50) + u16(0) + u16(0) + u16(0xFFFF) + u16(0xFFFF) + u32(0xFFFF_FFFF) + u32(0xFFFF_FFFF) + u16(0)
        } else {
            out += u32(0x0605_4B50) + u16(0) + u16(0) + u16(members.count) + u16(members.count)
            out += u32(central.count) + u32(directoryOffset) + u16(0)
        }
        return out
    }

    /// The 42 bytes that crashed the reader: a ZIP64 locator (20 bytes) whose
    /// record offset is 0, then an end-of-directory record (22 bytes) whose
    /// fields all say "see ZIP64". A 56-byte ZIP64 record cannot fit before the locator.
    static let zip64LocatorCrash: [UInt8] =
        u32(0x0706_4B50) + u32(0) + u64(0) + u32(1)
        + u32(0x0605_4B50) + u16(0) + u16(0) + u16(0xFFFF) + u16(0xFFFF) + u32(0xFFFF_FFFF) + u32(0xFFFF_FFFF) + u16(0)
}

@Suite struct ZipArchiveHostileTests {
    static let members = [HandZip.Member(name: "a.npy", data: Array("first member".utf8)),
                          HandZip.Member(name: "b.npy", data: [0, 1, 2, 255])]

    /// Outcome of parsing `bytes`: the entry names, or the error. Never a trap.
    static func parse(_ bytes: [UInt8]) -> Result<[String], ModelInputError> {
        do { return .success(try ZipArchive(data: Data(bytes), file: "t.npz").entries.map(\.name)) } catch { return .failure(error) }
    }

    /// The crash input of issue "Nothing lost, nothing wrong": refused, naming the ZIP64 record.
    @Test func zip64LocatorBeforeTheFileStartIsRefused() throws {
        #expect(HandZip.zip64LocatorCrash.count == 42)
        let fixture = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("bad_archives/zip64_locator_before_start.npz")))
        #expect([UInt8](fixture) == HandZip.zip64LocatorCrash)
        guard case .failure(let error) = Self.parse(HandZip.zip64LocatorCrash) else { Issue.record("accepted"); return }
        #expect(error.file == "t.npz" && error.reason.contains("ZIP64 end-of-directory record out of place"))
    }

    /// Both hand-made forms (plain, and ZIP64 record + locator + extra fields)
    /// read back as the members, byte for byte.
    @Test(arguments: [false, true]) func handMadeArchivesAreRead(zip64: Bool) throws {
        let archive = try ZipArchive(data: Data(HandZip.archive(Self.members, zip64: zip64)), file: "t.npz")
        #expect(archive.entries.map(\.name) == ["a.npy", "b.npy"])
        for (entry, member) in zip(archive.entries, Self.members) {
            #expect([UInt8](try archive.contents(of: entry)) == member.data)
        }
    }

    /// savez.npz re-zipped by Python's zipfile with ZIP64 extra fields (sizes
    /// and offsets 0xFFFFFFFF in the directory) holds the same arrays: the same
    /// model, the same exact invariants.
    @Test func pythonZip64ArchiveReadsLikeItsPlainTwin() throws {
        let zip64Path = Fixtures.path("archives/savez_zip64.npz")
        let archive = try ZipArchive(data: try RegularFile.map(zip64Path), file: zip64Path)
        #expect(archive.entries.map(\.name) == ["W1.npy", "b1.npy", "W2.npy", "b2.npy"])
        let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: zip64Path)))
        let directory = try #require((0..<(raw.count - 4)).first { raw[$0..<($0 + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) })
        #expect(raw[(directory + 20)..<(directory + 28)].allSatisfy { $0 == 0xFF })   // sizes in the ZIP64 extra field
        let zip64 = try ModelReader.read(path: zip64Path)
        let plain = try ModelReader.read(path: Fixtures.path("archives/savez.npz"))
        #expect(zip64.invariants().map(\.c) == plain.invariants().map(\.c) && !plain.invariants().isEmpty)
    }

    /// ZIP64 fields pointing anywhere (past the end, to 2^63, to 2^64 − 1, into
    /// the locator itself) are refused with a reason.
    @Test(arguments: [UInt64.max, 1 << 63, UInt64(Int.max), 1 << 32, 10_000])
    func zip64RecordOffsetsOutsideTheFileAreRefused(offset: UInt64) {
        var bytes = HandZip.archive(Self.members, zip64: true)
        let locator = bytes.count - 22 - 20
        bytes.replaceSubrange((locator + 8)..<(locator + 16), with: HandZip.u64(offset))
        guard case .failure(let error) = Self.parse(bytes) else { Issue.record("accepted offset \(offset)"); return }
        #expect(error.reason.contains("ZIP64"))
    }

    @Test(arguments: [32, 40, 48]) func zip64DirectoryFieldsOutOfRangeAreRefused(field: Int) {
        var bytes = HandZip.archive(Self.members, zip64: true)
        let record = bytes.count - 22 - 20 - 56
        for value in [UInt64.max, 1 << 63, UInt64(bytes.count + 1)] {
            bytes.replaceSubrange((record + field)..<(record + field + 8), with: HandZip.u64(value))
            if case .success = Self.parse(bytes) { Issue.record("field \(field) = \(value) accepted") }
        }
    }

    /// ZIP64 extra-field values of 2^63 and more, or pointing past the file, are refused.
    @Test func zip64ExtraValuesOutOfRangeAreRefused() {
        let clean = HandZip.archive([Self.members[0]], zip64: true)
        let extra = clean.count - 22 - 20 - 56 - 24   // the one central entry's extra field data
        for slot in 0..<3 {
            for value in [UInt64.max, 1 << 63, UInt64(Int.max), UInt64(clean.count)] {
                var bytes = clean
                bytes.replaceSubrange((extra + 8 * slot)..<(extra + 8 * slot + 8), with: HandZip.u64(value))
                if case .success = Self.parse(bytes) { Issue.record("slot \(slot) = \(value) accepted") }
            }
        }
    }

    /// Every truncation, and every 8-byte window overwritten with all-ones,
    /// all-zeros or 0x80 bytes, of both hand-made archives: accepted or
    /// refused, never a trap (the audit of every header field's arithmetic).
    @Test(arguments: [false, true]) func everyDamagedHeaderIsRefusedOrRead(zip64: Bool) {
        let clean = HandZip.archive(Self.members, zip64: zip64)
        for length in 0..<clean.count { _ = Self.parse(Array(clean[0..<length])) }
        for offset in 0..<clean.count {
            for fill: UInt8 in [0xFF, 0x00, 0x80] {
                var bytes = clean
                for i in offset..<min(offset + 8, bytes.count) { bytes[i] = fill }
                if case .success(let names) = Self.parse(bytes), let archive = try? ZipArchive(data: Data(bytes), file: "t.npz") {
                    for entry in archive.entries { _ = try? archive.contents(of: entry) }
                    #expect(names.count <= 2)
                }
            }
        }
    }

    /// A deflated entry claiming more than 1032 bytes per compressed byte is a
    /// lie deflate cannot tell: refused before any memory is allocated. The
    /// 5-byte stream is one final empty stored block (01 00 00 FF FF).
    @Test func deflateSizesBeyondTheDeflateRatioAreRefused() throws {
        let empty: [UInt8] = [0x01, 0x00, 0x00, 0xFF, 0xFF]
        let liar = HandZip.Member(name: "a.npy", method: 8, data: empty, size: 5 * 1032 + 1, crc: 0)
        guard case .failure(let error) = Self.parse(HandZip.archive([liar])) else { Issue.record("accepted"); return }
        #expect(error.reason.contains("more than deflate can produce"))
        // At the bound the directory is believed, and the inflated size is then checked.
        let atBound = HandZip.Member(name: "a.npy", method: 8, data: empty, size: 5 * 1032, crc: 0)
        let archive = try ZipArchive(data: Data(HandZip.archive([atBound])), file: "t.npz")
        let entry = try #require(archive.entries.first)
        #expect(throws: ModelInputError.self) { _ = try archive.contents(of: entry) }
    }

    /// Empty deflated members (Python's zipfile writes `03 00`, an empty fixed
    /// block) inflate to nothing, and are copied by `repair`'s rewrite.
    @Test(arguments: [[0x03, 0x00] as [UInt8], [0x01, 0x00, 0x00, 0xFF, 0xFF]])
    func emptyDeflatedMembersInflateToNothing(stream: [UInt8]) throws {
        let member = HandZip.Member(name: "notes.txt", method: 8, data: stream, size: 0, crc: 0)
        let archive = try ZipArchive(data: Data(HandZip.archive([member])), file: "t.npz")
        let entry = try #require(archive.entries.first)
        #expect(try archive.contents(of: entry).isEmpty)
    }

    /// A local header inside another entry's data is an overlap (a zip bomb's trick), refused.
    @Test func localHeadersInsideAnotherEntryAreRefused() {
        var bytes = HandZip.archive(Self.members)
        let directory = bytes.count - 22 - (46 + 5) * 2
        // Point the second central entry's local-header offset at the first entry's local header.
        bytes.replaceSubrange((directory + 51 + 42)..<(directory + 51 + 46), with: HandZip.u32(0))
        guard case .failure(let error) = Self.parse(bytes) else { Issue.record("accepted"); return }
        #expect(error.reason.contains("overlap"))
    }
}
