import ExactNumbers
import InvariantTopology
import ReluNetwork

/// The answer of SPEC §6 (a verdict is data, not an exit status). Encoded by name.
public enum ObstructionVerdict: String, Sendable, Encodable {
    case reachable, obstructed, unknown
}

/// SPEC §6.1's counts for one output: the init's output-locked neurons by sign
/// (`p⁺`, `p⁻`), its free neurons (`u`: nothing locked, not at the apex), and the
/// teacher's neurons by output sign (`n⁺`, `n⁻`). Encoded as SPEC §12's
/// `{"p_plus", "p_minus", "free", "n_plus", "n_minus"}`.
public struct ObstructionCounts: Sendable, Equatable, Encodable {
    public let pPlus: Int, pMinus: Int, free: Int, nPlus: Int, nMinus: Int
}

/// One slot of the certificate: what sits there in the `G`-image of the padded
/// teacher, and the exact `α²` that puts it on the slot's quadric.
public struct SlotAssignment: Sendable {
    public enum Occupant: Sendable, Equatable {
        /// Teacher neuron with this index (after dropping zero neurons).
        case teacher(Int)
        /// A neuron computing 0: `(0, v)` for `c < 0`, `(a, 0)` for `c > 0`, `(0, 0)` for `c = 0`.
        case padding
    }

    public let slot: Int
    public let occupant: Occupant
    /// The neuron before rescaling.
    public let neuron: ExactNeuron
    public let alphaSquared: QuadraticIrrational
    /// Exact check: on the quadric `Q(c_slot)` and in the init's component (same locked signs, apex or not).
    public let verified: Bool
}

/// The result of `Obstruction.teacher`.
public struct TeacherObstruction: Sendable {
    public let verdict: ObstructionVerdict
    /// Present when `e = 1`.
    public let counts: ObstructionCounts?
    /// The slot assignment (reachable).
    public let assignment: [SlotAssignment]
    /// SPEC §6.1's inequality with its two sides (e = 1), and whether it holds.
    public let inequality: (left: Int, right: Int, holds: Bool)?
    /// Why the verdict is what it is, in words.
    public let explanation: String
    public let notes: [String]
}

/// Topological obstruction to reaching a teacher or fitting data (SPEC §6).
public enum Obstruction {
    /// Can some `G`-image of the padded teacher lie in the init's component
    /// (SPEC §6.1, dynamical reading: the pieces flow lines cannot leave)?
    ///
    /// Padding: SPEC §6.1 pads with null neurons `(0, v)`, whose rescaled
    /// invariant is always negative (SPEC §5.3); slots with `c > 0` are padded
    /// with `(a, 0)` instead and apex slots with the zero neuron, which also
    /// compute 0. Then SPEC §6.1's inequality is exactly the condition for
    /// `e = 1`, `m ≥ 2`, all `c ≠ 0`; in general the assignment is a bipartite
    /// matching (teacher neurons to slots whose locked signs they share),
    /// solved on classes of equal neurons and slots by maximum flow.
    public static func teacher(initModel: ReluNetworkModel, teacher: ReluNetworkModel) throws(ModelInputError) -> TeacherObstruction {
        let shape = initModel.shape, teacherShape = teacher.shape
        guard teacherShape.inputs == shape.inputs, teacherShape.outputs == shape.outputs else {
            throw ModelInputError(file: teacher.source, reason: "teacher has d = \(teacherShape.inputs), e = \(teacherShape.outputs); the init has d = \(shape.inputs), e = \(shape.outputs)")
        }
        var notes: [String] = []
        let topology = NetworkTopology(model: initModel)
        let slotCount = shape.hidden
        let m = shape.inputSideDimension, e = shape.outputs
        func unknown(_ why: String) -> TeacherObstruction {
            TeacherObstruction(verdict: .unknown, counts: nil, assignment: [], inequality: nil, explanation: why, notes: notes)
        }
        if teacherShape.hasHiddenBias && !shape.hasHiddenBias {
            return unknown("the teacher has a hidden bias and the init has none: the teacher is not a point of the init's parameter space")
        }
        // SPEC §6.3: β is in no law, so an init with an output bias matches any β*.
        // An init without one can only match β* = 0.
        if !shape.hasOutputBias, let bias = teacher.outputBias,
           let index = (0..<bias.values.count).first(where: { !bias.exactValue(at: $0).isZero }) {
            return unknown("the teacher has an output bias (b2[\(index)] = \(bias.exactValue(at: index))) and the init has none, so no point of the init's parameter space computes the teacher; give the init an output bias (nn.Linear's default) to ask the question")
        }
        var teacherNeurons = teacher.exactNeurons()
        if !teacherShape.hasHiddenBias && shape.hasHiddenBias {
            teacherNeurons = teacherNeurons.map { ExactNeuron(a: $0.a + [Rational.zero], v: $0.v) }
            notes.append("the teacher has no hidden bias: its neurons are read with b = 0")
        }
        let kept = teacherNeurons.filter { !$0.a.allSatisfy(\.isZero) && !$0.v.allSatisfy(\.isZero) }
        if kept.count < teacherNeurons.count {
            notes.append("dropped \(teacherNeurons.count - kept.count) teacher neuron(s) with a zero input or output side: they compute 0")
        }
        teacherNeurons = kept

        // Slot facts in the dynamical reading.
        let reading = Reading.dynamical
        let locked = topology.neurons.map { $0.locked(reading) }
        let apex = topology.neurons.map { $0.sign == 0 && $0.invariant.isAtApex }
        let requiresTeacher = topology.neurons.map { $0.sign == 0 && !$0.invariant.isAtApex }
        // The locked scalars' signs (only read where a lock exists: m = 1 or e = 1).
        func inputSign(_ j: Int) -> Int { topology.neurons[j].invariant.inputScalarSign ?? 0 }
        func outputSign(_ j: Int) -> Int { topology.neurons[j].invariant.outputScalarSign ?? 0 }

        var counts: ObstructionCounts? = nil
        var inequality: (left: Int, right: Int, holds: Bool)? = nil
        if e == 1 {
            let pPlus = (0..<slotCount).filter { locked[$0].contains(.output) && outputSign($0) > 0 }.count
            let pMinus = (0..<slotCount).filter { locked[$0].contains(.output) && outputSign($0) < 0 }.count
            let free = (0..<slotCount).filter { locked[$0].isEmpty && !apex[$0] }.count
            let nPlus = teacherNeurons.filter { ($0.v.first?.signum ?? 0) > 0 }.count
            let nMinus = teacherNeurons.count - nPlus
            counts = ObstructionCounts(pPlus: pPlus, pMinus: pMinus, free: free, nPlus: nPlus, nMinus: nMinus)
            let left = max(0, nPlus - pPlus) + max(0, nMinus - pMinus)
            inequality = (left, free, left <= free)
        }
        if teacherNeurons.count > slotCount {
            notes.append("the teacher has \(teacherNeurons.count) neurons and the init \(slotCount)")
            return TeacherObstruction(verdict: .unknown, counts: counts, assignment: [], inequality: inequality,
                explanation: "the teacher is wider than the student: its function might still be written with fewer neurons, so no topological verdict is given", notes: notes)
        }

        // Classes: teachers by the signs that locks can see; slots by their locks and apex status.
        func teacherClass(_ t: ExactNeuron) -> TeacherNeuronClass {
            TeacherNeuronClass(inputSign: m == 1 ? (t.a.first?.signum ?? 0) : nil, outputSign: e == 1 ? (t.v.first?.signum ?? 0) : nil)
        }
        func slotClass(_ j: Int) -> SlotClass {
            SlotClass(requiredInputSign: locked[j].contains(.input) ? inputSign(j) : 0,
                      requiredOutputSign: locked[j].contains(.output) ? outputSign(j) : 0,
                      atApex: apex[j], requiresTeacher: requiresTeacher[j])
        }
        var teacherClasses: [TeacherNeuronClass: [Int]] = [:], slotClasses: [SlotClass: [Int]] = [:]
        for (k, t) in teacherNeurons.enumerated() { teacherClasses[teacherClass(t), default: []].append(k) }
        for j in 0..<slotCount { slotClasses[slotClass(j), default: []].append(j) }
        let tKeys = teacherClasses.keys.sorted()
        let sKeys = slotClasses.keys.sorted()
        let source = 0, sink = 1 + tKeys.count + sKeys.count
        func network(allSlots: Bool) -> SmallMaxFlow {
            var graph = SmallMaxFlow(nodes: sink + 1)
            for (i, key) in tKeys.enumerated() {
                graph.setCapacity(source, 1 + i, teacherClasses[key]?.count ?? 0)
                for (s, slotKey) in sKeys.enumerated() where slotKey.admits(key) {
                    graph.setCapacity(1 + i, 1 + tKeys.count + s, slotCount)
                }
            }
            for (s, key) in sKeys.enumerated() where allSlots || key.requiresTeacher {
                graph.setCapacity(1 + tKeys.count + s, sink, slotClasses[key]?.count ?? 0)
            }
            return graph
        }
        var plain = network(allSlots: true)
        let placeable = plain.augment(source: source, sink: sink)
        if placeable < teacherNeurons.count {
            var explanation = "at most \(placeable) of the teacher's \(teacherNeurons.count) neurons fit slots of the init's component with the same locked signs"
            if let inequality, !inequality.holds {
                explanation = "max(0, n⁺ − p⁺) + max(0, n⁻ − p⁻) = \(inequality.left) > u = \(inequality.right): " + explanation
            }
            return TeacherObstruction(verdict: .obstructed, counts: counts, assignment: [], inequality: inequality,
                                      explanation: explanation + "; the teacher's global minimum is unreachable by gradient flow, up to G", notes: notes)
        }
        // Fill the c = 0 slots off the apex first (only teacher neurons can sit there), then the rest.
        var graph = network(allSlots: false)
        let required = requiresTeacher.filter { $0 }.count
        let coveredRequired = graph.augment(source: source, sink: sink)
        if coveredRequired < required {
            return TeacherObstruction(verdict: .unknown, counts: counts, assignment: [], inequality: inequality,
                explanation: "\(required - coveredRequired) slot(s) with c = 0 off the apex cannot be filled by teacher neurons, and in the dynamical reading no null neuron can sit there (the apex is another component): relutopo does not guess (docs/THEORY.md §6.1)", notes: notes)
        }
        for (s, key) in sKeys.enumerated() { graph.setCapacity(1 + tKeys.count + s, sink, slotClasses[key]?.count ?? 0) }
        _ = graph.augment(source: source, sink: sink)

        // Expand the class-level flow into a concrete assignment.
        var occupant = [SlotAssignment.Occupant](repeating: .padding, count: slotCount)
        var freeSlots = slotClasses
        for (i, tKey) in tKeys.enumerated() {
            var members = teacherClasses[tKey] ?? []
            for (s, sKey) in sKeys.enumerated() {
                var amount = graph.flow[1 + i][1 + tKeys.count + s]
                while amount > 0, let k = members.popLast(), var open = freeSlots[sKey], let j = open.popLast() {
                    freeSlots[sKey] = open
                    occupant[j] = .teacher(k)
                    amount -= 1
                }
            }
        }
        var assignment: [SlotAssignment] = []
        for j in 0..<slotCount {
            let c = topology.neurons[j].invariant.c
            let neuron: ExactNeuron
            switch occupant[j] {
            case .teacher(let k): neuron = teacherNeurons[k]
            case .padding: neuron = padding(forSlotWith: c, inputSign: inputSign(j), outputSign: outputSign(j), m: m, e: e)
            }
            // SPEC §14: the init's law weighs the two sides (node scales per slot).
            let law = initModel.law
            let scale = law.outputScales.map { $0[j] * $0[j] } ?? Rational(1)
            let weights = (input: law.inputWeight, output: law.outputWeight / scale)
            guard let alphaSquared = Placement.alphaSquared(for: neuron, onto: c, weights: weights) else {
                return unknown("internal error: no rescaling puts the occupant of slot \(j) on its quadric")
            }
            let verified = Placement.verify(alphaSquared, for: neuron, onto: c, weights: weights)
                && sameComponentPiece(neuron, inputSign: inputSign(j), outputSign: outputSign(j), locked: locked[j], apex: apex[j])
            assignment.append(SlotAssignment(slot: j, occupant: occupant[j], neuron: neuron, alphaSquared: alphaSquared, verified: verified))
        }
        guard assignment.allSatisfy(\.verified) else {
            return unknown("internal error: the slot assignment failed its exact check")
        }
        return TeacherObstruction(verdict: .reachable, counts: counts, assignment: assignment, inequality: inequality,
            explanation: "every teacher neuron has a slot with the same locked signs; the remaining slots take null neurons; each α² is checked exactly", notes: notes)
    }

    /// A neuron computing 0 that a slot with invariant `c` can host (same locked signs).
    static func padding(forSlotWith c: Rational, inputSign: Int, outputSign: Int, m: Int, e: Int) -> ExactNeuron {
        let zero = Rational.zero   // one shared value: padding neurons are mostly zeros
        func unit(_ n: Int, _ sign: Int) -> [Rational] {
            var vector = [Rational](repeating: zero, count: n)
            vector[0] = Rational(sign < 0 ? -1 : 1)
            return vector
        }
        switch c.signum {
        case 1: return ExactNeuron(a: unit(m, inputSign), v: Array(repeating: zero, count: e))
        case -1: return ExactNeuron(a: Array(repeating: zero, count: m), v: unit(e, outputSign))
        default: return ExactNeuron(a: Array(repeating: zero, count: m), v: Array(repeating: zero, count: e))
        }
    }

    /// The rescaled neuron lies in the same piece of `Q(c)` as the init's point:
    /// equal locked signs, and at the apex exactly when the init is.
    static func sameComponentPiece(_ neuron: ExactNeuron, inputSign: Int, outputSign: Int, locked: LockedScalars, apex: Bool) -> Bool {
        guard apex == neuron.isZero else { return false }   // c ≠ 0 slots never hold the zero neuron
        if locked.contains(.input) && neuron.a.first?.signum != inputSign { return false }
        if locked.contains(.output) && neuron.v.first?.signum != outputSign { return false }
        return true
    }
}
