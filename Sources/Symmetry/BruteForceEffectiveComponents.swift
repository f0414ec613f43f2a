import InvariantTopology

/// Effective components (SPEC §5.4) by brute force, straight from the
/// definition: enumerate the components of `H(c)` (sign states of every slot),
/// every point type inside each component, every permutation and the
/// rescalings of SPEC §5.3, and take the classes of the generated relation.
/// Exponential: meant for `l ≤ 5` cross-checks of `EffectiveComponents`.
public enum BruteForceEffectiveComponents {
    /// One side of a neuron: 0, a sign (±1, when that side is a single scalar)
    /// or 2 for "non-zero" (a vector side, whose sign means nothing).
    typealias Side = Int
    struct Kind: Hashable { let a: Side; let v: Side }

    /// A slot's local state: the locked signs (0 where nothing is locked) and the apex flag.
    struct State: Hashable { let a: Int; let v: Int; let apex: Bool }

    public static func count(m: Int, e: Int, signs: [Int], reading: Reading) -> Int {
        let nonZeroA: [Side] = m == 1 ? [1, -1] : [2]
        let nonZeroV: [Side] = e == 1 ? [1, -1] : [2]
        let allA = [0] + nonZeroA, allV = [0] + nonZeroV

        /// The local state a neuron of `kind` takes in a slot with sign `c`, or nil if it cannot be placed there.
        func state(of kind: Kind, inSlotWithSign c: Int) -> State? {
            let aZero = kind.a == 0, vZero = kind.v == 0
            switch c {   // SPEC §5.3 ranges of α²‖a‖² − ‖v‖²/α²
            case 1 where aZero: return nil
            case -1 where vZero: return nil
            case 0 where aZero != vZero: return nil
            default: break
            }
            switch c {
            case 1: return State(a: m == 1 ? kind.a : 0, v: 0, apex: false)
            case -1: return State(a: 0, v: e == 1 ? kind.v : 0, apex: false)
            default:
                if reading == .topological { return State(a: 0, v: 0, apex: false) }
                if aZero { return State(a: 0, v: 0, apex: true) }
                return State(a: m == 1 ? kind.a : 0, v: e == 1 ? kind.v : 0, apex: false)
            }
        }

        // Kinds a slot can hold, grouped by the local state they produce there.
        var statesOfSlot: [[State: [Kind]]] = []
        for c in signs {
            var byState: [State: [Kind]] = [:]
            for a in allA { for v in allV {
                let kind = Kind(a: a, v: v)
                if let s = state(of: kind, inSlotWithSign: c) { byState[s, default: []].append(kind) }
            } }
            statesOfSlot.append(byState)
        }
        // Components: every combination of local states.
        var components: [[State]] = [[]]
        for slot in statesOfSlot {
            components = components.flatMap { prefix in slot.keys.map { prefix + [$0] } }
        }
        var index: [[State]: Int] = [:]
        for (i, component) in components.enumerated() { index[component] = i }
        var parent = Array(0..<components.count)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        let permutations = allPermutations(signs.count)
        for (i, component) in components.enumerated() {
            // Every point type of the component: one kind per slot.
            var kindChoices: [[Kind]] = [[]]
            for (slot, state) in component.enumerated() {
                let kinds = statesOfSlot[slot][state] ?? []
                kindChoices = kindChoices.flatMap { prefix in kinds.map { prefix + [$0] } }
            }
            for kinds in kindChoices {
                for permutation in permutations {
                    // The neuron in slot s moves to slot permutation[s].
                    var target = [State](repeating: State(a: 0, v: 0, apex: false), count: signs.count)
                    var valid = true
                    for slot in 0..<signs.count {
                        guard let s = state(of: kinds[slot], inSlotWithSign: signs[permutation[slot]]) else { valid = false; break }
                        target[permutation[slot]] = s
                    }
                    if valid, let j = index[target] { parent[find(i)] = find(j) }
                }
            }
        }
        return Set((0..<components.count).map(find)).count
    }

    static func allPermutations(_ n: Int) -> [[Int]] {
        if n == 0 { return [[]] }
        return allPermutations(n - 1).flatMap { p in (0...p.count).map { i in Array(p[..<i]) + [n - 1] + Array(p[i...]) } }
    }
}
