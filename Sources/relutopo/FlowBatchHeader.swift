import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GradientFlow
import InitSweeps
import JSONDocument
import ModelIO
import ReluNetwork

/// The first line of a part written by `flow --batch DIR --shard i/N` (issue
/// 17): which shard it is and everything that makes two parts parts of one
/// batch: the count, names and content digests of *all* the batch's inits
/// (natural order), the data (file name, digest, how it is split), and every
/// setting of the runs. `flow merge` refuses parts whose headers differ in
/// anything but the shard index.
struct FlowBatchHeader {
    /// The key that marks a header line (first member).
    static let marker = "flow_batch_shard"

    var shard: Shard
    /// Every member but the shard: `inits`, `init_files`, `data`, `settings`.
    var identity: [(String, JSONValue)]

    var json: JSONValue {
        .object([(FlowBatchHeader.marker, .object([("index", .integer(shard.index)), ("count", .integer(shard.count))]))] + identity)
    }

    /// The init names in batch order (from `init_files`).
    var initNames: [String] {
        guard let files = identity.first(where: { $0.0 == "init_files" })?.1, case .array(let items) = files else { return [] }
        return items.compactMap { if case .string(let name)? = $0["name"] { return name } else { return nil } }
    }

    init(shard: Shard, identity: [(String, JSONValue)]) {
        self.shard = shard
        self.identity = identity
    }

    /// The header of a batch run: `inits` (all of them, not only the shard's)
    /// with digests of their bytes, the data and the settings.
    init(shard: Shard, inits: [FlowBatchInits.Entry], command: FlowCommand, experiment: FlowExperiment) throws(ModelInputError) {
        var files: [JSONValue] = []
        for entry in inits {
            files.append(.object([("name", .string(entry.name)), ("fnv1a64", .string(try FlowBatchHeader.digest(entry.path)))]))
        }
        let data: JSONValue
        switch experiment.data {
        case .table(_, let standardise, let testFraction, let splitSeed):
            let file = command.data ?? ""
            data = .object([("csv", .string(FlowBatchHeader.lastComponent(file))), ("fnv1a64", try FlowBatchHeader.fileDigest(file)),
                            ("target", .string(command.target ?? "")), ("standardise", .bool(standardise)),
                            ("test_fraction", .double(testFraction)), ("split_seed", .number(String(splitSeed)))])
        case .teacher(_, let samples, let seed):
            let file = command.teacher ?? ""
            data = .object([("teacher", .string(FlowBatchHeader.lastComponent(file))), ("fnv1a64", try FlowBatchHeader.fileDigest(file)),
                            ("samples", .integer(samples)), ("seed", .number(String(seed)))])
        }
        var settings = FlowBatchHeader.settings(of: experiment)
        settings.append(("keys", command.readOptions.keys.map { .string(String(describing: $0)) } ?? .null))
        settings.append(("activation", command.readOptions.activation.map { .string($0.defaultValueDescription) } ?? .null))
        settings.append(("no_timing", .bool(command.batch.noTiming)))
        // The training setup lives in the network (docs/THEORY.md §14): parts run under different setups must not merge.
        settings.append(("law", .string(String(describing: experiment.network.law))))
        self.init(shard: shard, identity: [("inits", .integer(inits.count)), ("init_files", .array(files)), ("data", data),
                                           ("settings", .object(settings))])
    }

    /// Every stored property of the experiment but the network and the data
    /// (so an option added to `FlowExperiment` or `FlowSettings` is recorded
    /// without being listed here), as text, snake_case keys.
    static func settings(of experiment: FlowExperiment) -> [(String, JSONValue)] {
        func members(_ value: Any) -> [(String, JSONValue)] {
            Mirror(reflecting: value).children.compactMap { child in
                guard let label = child.label, !["network", "data", "dataFile"].contains(label) else { return nil }
                if let settings = child.value as? FlowSettings { return (snakeCase(label), .object(members(settings))) }
                return (snakeCase(label), .string(String(describing: child.value)))
            }
        }
        return members(experiment)
    }

    static func snakeCase(_ name: String) -> String {
        var text = ""
        for character in name {
            if character.isUppercase { text += "_" + character.lowercased() } else { text.append(character) }
        }
        return text
    }

    /// The digest of a regular file; null for anything else (a pipe read once, an `.npy` directory).
    static func fileDigest(_ path: String) throws(ModelInputError) -> JSONValue {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return .null }
        return .string(try digest(path))
    }

    /// The last component of a path (trailing slashes ignored).
    static func lastComponent(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }

    /// FNV-1a (64 bits) of the file's bytes, as 16 hex digits: tells parts of
    /// batches over different files apart (not a cryptographic hash).
    static func digest(_ path: String) throws(ModelInputError) -> String {
        let data = try RegularFile.map(path)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { bytes in
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The header of a part, or why its first line is none.
    static func parse(_ value: JSONValue) -> FlowBatchHeader? {
        guard case .object(let members) = value, members.map(\.0) == [marker, "inits", "init_files", "data", "settings"],
              case .object(let shardMembers) = members[0].1, shardMembers.map(\.0) == ["index", "count"],
              case .number(let indexText) = shardMembers[0].1, case .number(let countText) = shardMembers[1].1,
              let shard = Shard(parsing: "\(indexText)/\(countText)"),
              case .number(let countOfInits) = members[1].1, let count = Int(countOfInits),
              case .array(let files) = members[2].1, files.count == count
        else { return nil }
        let header = FlowBatchHeader(shard: shard, identity: Array(members.dropFirst()))
        return header.initNames.count == count ? header : nil
    }
}
