/// One entry of `verify --json`'s `"checks"` (SPEC §12: `{"name", "ok", …}`).
/// `rows` (the Lie-algebra grid, two-layer or deep) is left out when the check has none.
extension CheckResult: Encodable {
    enum CodingKeys: String, CodingKey {
        case name
        case specSection = "spec"
        case ok, cases, summary, failures, seconds, rows
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(specSection, forKey: .specSection)
        try container.encode(ok, forKey: .ok)
        try container.encode(cases, forKey: .cases)
        try container.encode(summary, forKey: .summary)
        try container.encode(failures, forKey: .failures)
        try container.encode(seconds, forKey: .seconds)
        if !rows.isEmpty { try container.encode(rows, forKey: .rows) }
        if rows.isEmpty && !deepRows.isEmpty { try container.encode(deepRows, forKey: .rows) }
    }
}
