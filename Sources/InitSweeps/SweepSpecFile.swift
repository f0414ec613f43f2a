import Foundation
import JSONDocument

/// The sweep parameters as text, from command-line flags or a spec file, with
/// the same names (`scheme`, `inputs`, `hidden`, `outputs`, `widths`, `bias`,
/// `teacher`, `samples`, `seed`, and the law's `lr-scales`, `multipliers`,
/// `parameterization`, `activation`), turned into a `SweepSpec` by one parser.
/// `widths` holds its architectures as `d,n_1,…,e` separated by `;`.
public struct SweepParameters: Sendable, Equatable {
    public var values: [String: String] = [:]
    public static let keys = ["scheme", "inputs", "hidden", "outputs", "widths", "bias", "teacher", "samples", "seed"] + lawKeys

    public init(values: [String: String] = [:]) { self.values = values }

    /// The spec; `file` names the source in errors (nil: flags).
    public func spec(file: String? = nil) throws(SweepSpecError) -> SweepSpec {
        func required(_ key: String) throws(SweepSpecError) -> String {
            guard let value = values[key] else { throw SweepSpecError(file: file, key: key, reason: "missing") }
            return value
        }
        var schemes: [InitScheme] = []
        for name in SweepParameters.splitTopLevel(try required("scheme")) {
            guard let scheme = InitScheme(parsing: name) else {
                throw SweepSpecError(file: file, key: "scheme", reason: "unknown scheme '\(name)' (kaiming_normal, kaiming_uniform, xavier_normal, xavier_uniform, pytorch_default, gaussian(s1,s2[,sb]))")
            }
            schemes.append(scheme)
        }
        if let widthsText = values["widths"] {
            if let other = ["inputs", "hidden", "outputs"].first(where: { values[$0] != nil }) {
                throw SweepSpecError(file: file, key: "widths", reason: WidthsList.combinedReason(other, file: file))
            }
            let widths = try WidthsList.parse(widthsText, file: file)
            let sampleRanges = try IntegerList.ranges(values["samples"] ?? "10000", key: "samples", file: file)
            let bias = try parsedBias(file: file)
            let teachers = try parsedTeachers(file: file)
            try SweepSpec.checkGridSize(schemes: schemes.count, bias: bias.count, samples: sampleRanges.count, widths: widths.count,
                                        teachers: teachers.count, file: file)
            let spec = SweepSpec(schemes: schemes, widths: widths, bias: bias, teachers: teachers,
                                 samples: sampleRanges.values, seed: try parsedSeed(file: file), law: try parsedLaw(file: file))
            try spec.validate(file: file)
            return spec
        }
        // Measured first, expanded only once the whole grid is known to fit (SweepSpec.checkGridSize).
        let inputRanges = try IntegerList.ranges(try required("inputs"), key: "inputs", file: file)
        let hiddenRanges = try IntegerList.ranges(try required("hidden"), key: "hidden", file: file)
        let outputRanges = try IntegerList.ranges(values["outputs"] ?? "1", key: "outputs", file: file)
        let sampleRanges = try IntegerList.ranges(values["samples"] ?? "10000", key: "samples", file: file)
        let bias = try parsedBias(file: file)
        let teachers = try parsedTeachers(file: file)
        try SweepSpec.checkGridSize(schemes: schemes.count, bias: bias.count, outputs: outputRanges.count, samples: sampleRanges.count,
                                    inputs: inputRanges.count, hidden: hiddenRanges.count, teachers: teachers.count, file: file)
        let inputs = inputRanges.values, hidden = hiddenRanges.values, outputs = outputRanges.values, samples = sampleRanges.values
        let seed = try parsedSeed(file: file)
        let spec = SweepSpec(schemes: schemes, inputs: inputs, hidden: hidden, outputs: outputs, bias: bias,
                             teachers: teachers, samples: samples, seed: seed, law: try parsedLaw(file: file))
        try spec.validate(file: file)
        return spec
    }

    func parsedBias(file: String?) throws(SweepSpecError) -> [Bool] {
        var bias: [Bool] = []
        for item in SweepParameters.splitTopLevel(values["bias"] ?? "false") {
            switch item.lowercased() {
            case "true", "yes", "on": bias.append(true)
            case "false", "no", "off": bias.append(false)
            case "both": bias.append(contentsOf: [false, true])
            default: throw SweepSpecError(file: file, key: "bias", reason: "'\(item)' is not true, false or both")
            }
        }
        return bias
    }

    func parsedTeachers(file: String?) throws(SweepSpecError) -> [TeacherSigns] {
        var teachers: [TeacherSigns] = []
        if let text = values["teacher"], !text.isEmpty {
            for item in SweepParameters.splitTopLevel(text) {
                guard let teacher = TeacherSigns(parsing: item) else {
                    throw SweepSpecError(file: file, key: "teacher", reason: "'\(item)' is not n⁺/n⁻ (e.g. 1/1)")
                }
                teachers.append(teacher)
            }
        }
        return teachers
    }

    func parsedSeed(file: String?) throws(SweepSpecError) -> UInt64 {
        let seedText = values["seed"] ?? "0"
        guard let seed = UInt64(seedText) else { throw SweepSpecError(file: file, key: "seed", reason: "'\(seedText)' is not an integer in 0…2⁶⁴−1") }
        return seed
    }

    /// Splits at commas outside parentheses (`gaussian(1,2,0),kaiming_normal`).
    public static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = [], current = "", depth = 0
        for character in text {
            switch character {
            case "(": depth += 1; current.append(character)
            case ")": depth -= 1; current.append(character)
            case "," where depth == 0: parts.append(current); current = ""
            default: current.append(character)
            }
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A spec file is a few lines; larger files are refused before parsing.
    public static let maximumFileBytes = 1 << 20

    /// Parses a spec file's bytes: JSON if the name ends in `.json` or the text
    /// starts with `{`, else the YAML subset. The fuzzers' entry point.
    public static func parse(_ bytes: [UInt8], file path: String) throws(SweepSpecError) -> SweepParameters {
        // A UTF-8 byte-order mark (Windows editors write one) is not part of the text.
        let bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        let text = String(decoding: bytes, as: UTF8.self)
        if path.lowercased().hasSuffix(".json") || text.drop(while: { $0.isWhitespace }).first == "{" {
            return try parseJSON(bytes, file: path)
        }
        return try parseYAML(text, file: path)
    }

    static func parseJSON(_ bytes: [UInt8], file: String) throws(SweepSpecError) -> SweepParameters {
        let document: JSONValue
        do { document = try JSONValue.parse(bytes) } catch { throw SweepSpecError(file: file, key: "-", reason: error.description) }
        guard case .object(let members) = document else { throw SweepSpecError(file: file, key: "-", reason: "the document is not a JSON object") }
        var parameters = SweepParameters()
        for (key, value) in members {
            try parameters.set(key, text(of: value, key: key, file: file), file: file)
        }
        return parameters
    }

    /// A spec value as `SweepParameters` holds it: scalars joined by commas; for
    /// `widths`, architectures `d,n_1,…,e` joined by `;`.
    static func text(of value: JSONValue, key: String, file: String) throws(SweepSpecError) -> String {
        key == "widths" ? try widthsText(of: value, file: file) : try scalarsOf(value, key: key, file: file).joined(separator: ",")
    }

    /// `"widths"`: a list of architectures, each a list `[d, n_1, …, e]` or a
    /// string `"d,n_1,…,e"`; a flat list of numbers, or one string, is one architecture.
    static func widthsText(of value: JSONValue, file: String) throws(SweepSpecError) -> String {
        let shape = "must be a list of architectures [[d, n_1, …, e], …]"
        switch value {
        case .string(let text): return text
        case .array(let items):
            if !items.isEmpty, items.allSatisfy({ if case .number = $0 { return true } else { return false } }) {
                return try scalarsOf(value, key: "widths", file: file).joined(separator: ",")
            }
            var entries: [String] = []
            for item in items {
                switch item {
                case .string(let text): entries.append(text)
                case .array(let numbers):
                    var fields: [String] = []
                    for number in numbers {
                        guard case .number(let text) = number else { throw SweepSpecError(file: file, key: "widths", reason: "\(shape); an architecture holds integers only") }
                        fields.append(text)
                    }
                    entries.append(fields.joined(separator: ","))
                default: throw SweepSpecError(file: file, key: "widths", reason: shape)
                }
            }
            guard !entries.isEmpty else { throw SweepSpecError(file: file, key: "widths", reason: "no values") }
            return entries.joined(separator: ";")
        default: throw SweepSpecError(file: file, key: "widths", reason: shape)
        }
    }

    /// YAML `widths` items (`[d, n_1, …, e]` or `d, n_1, …, e` each) as `SweepParameters` text.
    static func widthsText(ofYAMLItems items: [String]) -> String {
        items.map { item in
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("[") && trimmed.hasSuffix("]") ? String(trimmed.dropFirst().dropLast()) : trimmed
        }.joined(separator: ";")
    }

    /// Splits at commas outside square brackets (`[1, 2, 1], [3, 4, 1]`).
    static func splitOutsideBrackets(_ text: String) -> [String] {
        var parts: [String] = [], current = "", depth = 0
        for character in text {
            switch character {
            case "[": depth += 1; current.append(character)
            case "]": depth -= 1; current.append(character)
            case "," where depth == 0: parts.append(current); current = ""
            default: current.append(character)
            }
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func scalarsOf(_ value: JSONValue, key: String, file: String) throws(SweepSpecError) -> [String] {
        switch value {
        case .string(let text): return [text]
        case .number(let text): return [text]
        case .bool(let flag): return [flag ? "true" : "false"]
        case .array(let items):
            var out: [String] = []
            for item in items {
                if item.isArray { throw SweepSpecError(file: file, key: key, reason: "lists must hold scalars") }
                out += try scalarsOf(item, key: key, file: file)
            }
            return out
        default: throw SweepSpecError(file: file, key: key, reason: "must be a string, number, boolean or list of them")
        }
    }

    /// The YAML subset a spec needs: `key: value`, `key: [a, b]`, and block
    /// lists (`key:` then `  - a` lines); `#` comments; quoted scalars. Anything
    /// else (nesting, anchors, multi-line strings) is rejected with its line.
    static func parseYAML(_ text: String, file: String) throws(SweepSpecError) -> SweepParameters {
        var parameters = SweepParameters()
        var openList: (key: String, items: [String])?
        func closeList() throws(SweepSpecError) {
            if let list = openList {
                try parameters.set(list.key, list.key == "widths" ? widthsText(ofYAMLItems: list.items) : list.items.joined(separator: ","), file: file)
            }
            openList = nil
        }
        for (number, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).enumerated() {
            let line = stripComment(String(rawLine)).replacingOccurrences(of: "\r", with: "")
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed == "---" { continue }
            let where_ = "line \(number + 1)"
            if trimmed.hasPrefix("- ") || trimmed == "-" {
                guard openList != nil, line.first == " " || line.first == "-" else {
                    throw SweepSpecError(file: file, key: where_, reason: "a list item outside a key")
                }
                openList?.items.append(unquote(String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces)))
                continue
            }
            guard line.first != " " && line.first != "\t" else {
                throw SweepSpecError(file: file, key: where_, reason: "nested mappings are not part of a spec (flat key: value only)")
            }
            try closeList()
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw SweepSpecError(file: file, key: where_, reason: "expected 'key: value'")
            }
            let key = String(trimmed[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            if value.isEmpty {
                openList = (key, [])
            } else if value.hasPrefix("[") {
                guard value.hasSuffix("]") else { throw SweepSpecError(file: file, key: key, reason: "unterminated [list] on \(where_)") }
                let inner = String(value.dropFirst().dropLast())
                if key == "widths" {
                    // [[d, …, e], [d, …, e]] lists architectures; [d, …, e] is one.
                    let items = splitOutsideBrackets(inner)
                    try parameters.set(key, items.contains { $0.hasPrefix("[") } ? widthsText(ofYAMLItems: items) : inner, file: file)
                    continue
                }
                let items = splitTopLevel(inner).map(unquote)
                try parameters.set(key, items.joined(separator: ","), file: file)
            } else if value.hasPrefix("{") || value.hasPrefix("&") || value.hasPrefix("*") || value.hasPrefix("|") || value.hasPrefix(">") {
                throw SweepSpecError(file: file, key: key, reason: "only scalars and lists are part of a spec (\(where_))")
            } else {
                try parameters.set(key, unquote(value), file: file)
            }
        }
        try closeList()
        return parameters
    }

    mutating func set(_ key: String, _ value: String, file: String) throws(SweepSpecError) {
        if key == "node-scales" { throw SweepSpecError(file: file, key: key, reason: SweepParameters.nodeScalesReason) }
        guard SweepParameters.keys.contains(key) else {
            throw SweepSpecError(file: file, key: key, reason: "unknown key (known: \(SweepParameters.keys.joined(separator: ", ")))")
        }
        guard values[key] == nil else { throw SweepSpecError(file: file, key: key, reason: "given twice") }
        values[key] = value
    }

    static func stripComment(_ line: String) -> String {
        var inSingle = false, inDouble = false, previous: Character = " "
        for (offset, character) in line.enumerated() {
            if character == "'" && !inDouble { inSingle.toggle() }
            if character == "\"" && !inSingle { inDouble.toggle() }
            if character == "#" && !inSingle && !inDouble && previous.isWhitespace {
                return String(line.prefix(offset))
            }
            previous = character
        }
        return line
    }

    static func unquote(_ text: String) -> String {
        if text.count >= 2, let first = text.first, first == text.last, first == "\"" || first == "'" {
            return String(text.dropFirst().dropLast())
        }
        return text
    }
}

extension JSONValue {
    var isArray: Bool { if case .array = self { return true } else { return false } }
}
