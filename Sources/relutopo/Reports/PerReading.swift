import InvariantTopology

/// One value for each reading of the cone `Q(0)` (SPEC §3), written as
/// `{"topological": …, "dynamical": …}` (SPEC §12).
struct PerReading<Value: Encodable>: Encodable {
    let topological: Value
    let dynamical: Value

    init(topological: Value, dynamical: Value) {
        self.topological = topological
        self.dynamical = dynamical
    }

    /// `value` in each reading.
    init(_ value: (Reading) -> Value) {
        topological = value(.topological)
        dynamical = value(.dynamical)
    }
}
