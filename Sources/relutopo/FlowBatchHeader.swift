import Foundation
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
    /// with digests of what was read from them (`networks`, in the same order),
    /// the data and the settings. Digests are of the loaded values, not of the
    /// files again: a file replaced after it was read, or data from a pipe,
    /// cannot give a part the identity of another batch.
    init(shard: Shard, inits: [FlowBatchInits.Entry], networks: [LayeredNetwork], command: FlowCommand, experiment: FlowExperiment) {
        var files: [JSONValue] = []
        for (entry, network) in zip(inits, networks) {
            files.append(.object([("name", .string(entry.name)), ("fnv1a64", .string(ContentDigest(network).hex))]))
        }
        let data: JSONValue
        switch experiment.data {
        case .table(let table, let standardise, let testFraction, let splitSeed):
            data = .object([("csv", .string(FlowBatchHeader.lastComponent(command.data ?? ""))), ("fnv1a64", .string(ContentDigest(table).hex)),
                            ("target", .string(command.target ?? "")), ("standardise", .bool(standardise)),
                            ("test_fraction", .double(testFraction)), ("split_seed", .number(String(splitSeed)))])
        case .teacher(let teacher, let samples, let seed):
            data = .object([("teacher", .string(FlowBatchHeader.lastComponent(command.teacher ?? ""))), ("fnv1a64", .string(ContentDigest(teacher).hex)),
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

    /// The last component of a path (trailing slashes ignored).
    static func lastComponent(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
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

/// FNV-1a (64 bits) over what a batch read (issue 17): a network's widths,
/// activation, training setup and exact values, or a table's column names and binary64
/// numbers. Tells parts of batches over different inputs apart (not a
/// cryptographic hash).
struct ContentDigest {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    var hex: String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }

    /// A string and a separator (so that "ab","c" and "a","bc" differ).
    mutating func add(_ text: String) { add(text.utf8); add([0]) }

    mutating func add(_ number: Double) { withUnsafeBytes(of: number.bitPattern.littleEndian) { add($0) } }

    init(_ network: LayeredNetwork) {
        add(network.widths.map(String.init).joined(separator: ","))
        add(String(describing: network.activation))
        add(String(describing: network.law))   // per-init setups (--node-scales KEY) are part of what was read
        for layer in network.layers {
            for tensor in [layer.weights] + (layer.bias.map { [$0] } ?? []) {
                add(tensor.name)
                for index in 0..<tensor.values.count { add(tensor.exactValue(at: index).description) }
            }
        }
    }

    init(_ table: CSVDataSet) {
        for name in table.featureNames { add(name) }
        add(table.targetName ?? "")
        for number in table.features { add(number) }
        for number in table.targets { add(number) }
    }
}
