import InvariantTopology

/// One value for each reading of the cone `Q(0)` (SPEC §3), written as
/// `{"topological": …, "dynamical": …}` (SPEC §12).
struct PerReading<Value: Encodable>: Encodable {
    let topological: Value
    let dynamical: Value
}

extension PerReading {
    /// `value` in each reading.
    init(_ value: (Reading) -> Value) {
        self.init(topological: value(.topological), dynamical: value(.dynamical))
    }
}
