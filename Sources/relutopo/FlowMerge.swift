import ArgumentParser
import Foundation
import InitSweeps
import JSONDocument
import ModelIO
import ReluNetwork

/// `relutopo flow merge PART…` (issue 17): the parts of a sharded
/// `flow --batch` back into the lines one unsharded batch writes, in the same
/// order, each line byte for byte as its part holds it.
struct FlowMerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the parts of a sharded `flow --batch` into the JSON Lines one unsharded batch writes (same lines, same order).",
        usage: "relutopo flow merge <PART> ... [--out <PATH.jsonl>]",
        discussion: """
            Every part must come from one batch (the same inits with the same contents, the same data and settings: \
            the first line of a part records them), each shard 1/N … N/N exactly once, each with all its lines. \
            Otherwise nothing is written and the part is named (exit 3). \
            --out PATH.jsonl writes the lines to a file (replaced in one step when complete) instead of stdout.
            """)

    @Argument(help: ArgumentHelp("The parts written by `flow --batch DIR --shard i/N`, in any order.", valueName: "PART")) var parts: [String] = []
    /// `--out PATH.jsonl`: `flow` has the option (`flow --batch`), so ArgumentParser
    /// decodes it there and hands the same group to this subcommand.
    @OptionGroup(visibility: .hidden) var shared: FlowBatchOptions
    var out: String? { shared.out }

    /// Whether this process was started as `relutopo flow merge …`. ArgumentParser
    /// validates `flow` before it descends into `merge`; `flow` then skips the
    /// checks of its own flags, which a merge does not give.
    static var requested: Bool {
        let arguments = CommandLine.arguments
        return arguments.count >= 3 && arguments[1] == "flow" && arguments[2] == "merge"
    }

    /// The first flag after `flow merge` that is not `--out` (ArgumentParser
    /// hands `flow`'s options to the parent, which a merge does not run, so
    /// they would pass unnoticed); nothing after `--`.
    static func foreignFlag(in arguments: [String]) -> String? {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { return nil }
            if argument == "--out" { index += 2; continue }
            if argument.hasPrefix("-") && argument != "-" && !argument.hasPrefix("--out=") { return argument.split(separator: "=").first.map(String.init) }
            index += 1
        }
        return nil
    }

    func run() throws {
        guard !parts.isEmpty else { throw ValidationError("give the parts to merge") }
        if let flag = shared.givenBesidesOut ?? FlowMerge.foreignFlag(in: Array(CommandLine.arguments.dropFirst(3))) {
            throw ValidationError("\(flag) is an option of `flow`; `flow merge` takes PART… and --out (the parts record their settings)")
        }
        let inputs = RunInputs(parts)
        if let problem = inputs.check(outputs: [("--out", out)]) { throw ValidationError(problem) }
        var read: [FlowBatchPart] = []
        for part in parts {
            read.append(try FlowBatchPart(file: part, bytes: TextFileReader.read(part, what: "a flow batch part", textKind: "JSON Lines")))
        }
        let merged = try FlowBatchPart.merge(read)
        if let out {
            try StagedFile.write(merged, to: out, inputs: inputs)
        } else {
            Output.write(String(decoding: merged, as: UTF8.self))
        }
    }
}

/// One part of a sharded batch: its header and its lines (each with its newline).
struct FlowBatchPart {
    let file: String
    let header: FlowBatchHeader
    let lines: [ArraySlice<UInt8>]

    /// Splits and checks the part: complete lines, a header first.
    init(file: String, bytes: [UInt8]) throws(ModelInputError) {
        self.file = file
        guard !bytes.isEmpty else { throw ModelInputError(file: file, reason: "empty: not a part of `flow --batch --shard i/N`") }
        guard bytes.last == 0x0A else {
            throw ModelInputError(file: file, reason: "the last line has no newline: the part is cut short (was its run killed?)")
        }
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            lines.append(bytes[start...offset])
            start = offset + 1
        }
        let first: JSONValue
        do { first = try JSONValue.parse(Array(lines[0].dropLast())) } catch {
            throw ModelInputError(file: file, reason: "line 1: not a shard header of `flow --batch --shard i/N` (\(error.description))")
        }
        guard let header = FlowBatchHeader.parse(first) else {
            throw ModelInputError(file: file, reason: "line 1: not a shard header of `flow --batch --shard i/N` (an unsharded batch or another file?)")
        }
        self.header = header
        self.lines = Array(lines.dropFirst())
    }

    /// The lines of every part in the order of the unsharded batch: position
    /// p of the batch is line p / N of shard (p mod N) + 1. Refuses, naming the
    /// part, parts of different batches, a shard twice or missing, and a part
    /// with a line too many, too few, or for another init.
    static func merge(_ parts: [FlowBatchPart]) throws(ModelInputError) -> [UInt8] {
        guard let first = parts.first else { return [] }
        let count = first.header.shard.count
        var byIndex: [Int: FlowBatchPart] = [:]
        for part in parts {
            if let difference = difference(part.header, first.header, other: first.file) {
                throw ModelInputError(file: part.file, reason: "\(difference): parts of different batches cannot be merged")
            }
            let shard = part.header.shard
            guard shard.count == count else {
                throw ModelInputError(file: part.file, reason: "shard \(shard), but \(first.file) is one of \(count) shards")
            }
            if let other = byIndex[shard.index] { throw ModelInputError(file: part.file, reason: "shard \(shard) is also in \(other.file)") }
            byIndex[shard.index] = part
        }
        let missing = (1...count).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            let shown = missing.prefix(20).map { "\($0)/\(count)" }.joined(separator: ", ")
            throw ModelInputError(file: first.file, reason: "shard(s) \(shown)\(missing.count > 20 ? ", …" : "") missing")
        }
        let names = first.header.initNames
        var output: [UInt8] = []
        for index in 1...count {
            guard let part = byIndex[index] else { continue }
            let positions = Array(stride(from: index - 1, to: names.count, by: count))
            guard part.lines.count == positions.count else {
                throw ModelInputError(file: part.file, reason: "holds \(part.lines.count) run line(s), but shard \(part.header.shard) of a batch of \(names.count) inits has \(positions.count)")
            }
            for (offset, (line, position)) in zip(part.lines, positions).enumerated() {
                let number = offset + 2   // the header is line 1
                guard case .object(let members)? = try? JSONValue.parse(Array(line.dropLast())),
                      let initMember = members.first, initMember.0 == "init", case .string(let name) = initMember.1 else {
                    throw ModelInputError(file: part.file, reason: "line \(number): not a run line of `flow --batch` (a JSON object whose first key is \"init\")")
                }
                guard name == names[position] else {
                    throw ModelInputError(file: part.file, reason: "line \(number): init \"\(name)\", but run \(position + 1) of the batch is \"\(names[position])\"")
                }
            }
        }
        for position in names.indices {
            guard let part = byIndex[position % count + 1] else { continue }
            output.append(contentsOf: part.lines[position / count])
        }
        return output
    }

    /// How `header` differs from `reference` (shard aside; `other` names the
    /// reference's file), or nil.
    static func difference(_ header: FlowBatchHeader, _ reference: FlowBatchHeader, other: String) -> String? {
        for ((key, value), (_, expected)) in zip(header.identity, reference.identity) where value != expected {
            switch key {
            case "inits", "init_files":
                let (mine, theirs) = (header.initNames, reference.initNames)
                if let index = zip(mine, theirs).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                    return "its inits differ from those of \(other): run \(index + 1) is \"\(mine[index])\" there \"\(theirs[index])\""
                }
                if mine.count != theirs.count { return "it is a batch of \(mine.count) inits, \(other) of \(theirs.count)" }
                return "its inits have other contents than those of \(other) (file digests differ)"
            case "data":
                return "its data \(value.compactLine) differ from those of \(other), \(expected.compactLine)"
            default:
                if let (name, mine, theirs) = firstDifference(value, expected, path: "") {
                    return "its setting \(name) is \(mine?.compactLine ?? "absent"), in \(other) \(theirs?.compactLine ?? "absent")"
                }
                return "its settings differ from those of \(other)"
            }
        }
        return nil
    }
}

/// The first key (dotted through nested objects) where two values differ, with both values.
private func firstDifference(_ value: JSONValue?, _ expected: JSONValue?, path: String) -> (String, JSONValue?, JSONValue?)? {
    guard value != expected else { return nil }
    guard case .object(let members)? = value, case .object(let others)? = expected else { return (path, value, expected) }
    for key in members.map(\.0) + others.map(\.0) {
        let inner = path.isEmpty ? key : path + "." + key
        if let found = firstDifference(members.first { $0.0 == key }?.1, others.first { $0.0 == key }?.1, path: inner) { return found }
    }
    return (path, value, expected)
}

extension JSONValue {
    /// The value on one line, cut at 120 characters (for messages).
    var compactLine: String {
        let text = String(decoding: singleLineBytes(), as: UTF8.self)
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}
