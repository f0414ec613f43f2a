/// A teacher neuron as the matching of SPEC §6.1 sees it: the signs a lock can
/// see — of its input scalar when `m = 1`, of its output when `e = 1` (nil
/// where no slot can lock that side). Teacher neurons of one class are
/// interchangeable.
struct TeacherNeuronClass: Hashable, Comparable {
    let inputSign: Int?
    let outputSign: Int?

    /// The order of the flow network's nodes (the assignment depends on it):
    /// signs ascending, an unseen side after every sign.
    static func < (lhs: TeacherNeuronClass, rhs: TeacherNeuronClass) -> Bool {
        (lhs.inputSign ?? 2, lhs.outputSign ?? 2) < (rhs.inputSign ?? 2, rhs.outputSign ?? 2)
    }
}

/// A slot (a neuron of the init) as the matching of SPEC §6.1 sees it: the
/// signs its locks require of an occupant in the dynamical reading (0: any),
/// whether it is at the apex, and whether it has `c = 0` off the apex (only a
/// teacher neuron can sit there). Slots of one class are interchangeable.
struct SlotClass: Hashable, Comparable {
    let requiredInputSign: Int
    let requiredOutputSign: Int
    let atApex: Bool
    let requiresTeacher: Bool

    /// A teacher neuron of class `teacher` can sit in this slot: not at the
    /// apex (another component in the dynamical reading), and with the sign
    /// every lock requires.
    func admits(_ teacher: TeacherNeuronClass) -> Bool {
        !atApex && (requiredInputSign == 0 || requiredInputSign == teacher.inputSign)
            && (requiredOutputSign == 0 || requiredOutputSign == teacher.outputSign)
    }

    /// The order of the flow network's nodes (the assignment depends on it):
    /// required signs ascending, then off-apex before apex, then slots any occupant can fill first.
    static func < (lhs: SlotClass, rhs: SlotClass) -> Bool {
        (lhs.requiredInputSign, lhs.requiredOutputSign, lhs.atApex ? 1 : 0, lhs.requiresTeacher ? 1 : 0)
            < (rhs.requiredInputSign, rhs.requiredOutputSign, rhs.atApex ? 1 : 0, rhs.requiresTeacher ? 1 : 0)
    }
}
