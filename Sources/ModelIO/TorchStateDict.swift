import Foundation
import ReluNetwork

/// The tensors of an unpickled PyTorch object, by name: a state dict's keys
/// (`0.weight`), and in a checkpoint of nested dicts (`{"model": state_dict,
/// "epoch": 3}`) the keys joined by dots (`model.0.weight`). Values that are
/// not tensors or dicts (numbers, strings, lists, the `_metadata`) are no
/// tensors of the model and are passed over.
enum TorchStateDict {
    /// Deepest nesting of dicts followed.
    static let maximumDepth = 16
    /// Dict entries visited, and bytes of names made, in all: a file whose dicts
    /// share sub-dicts (a DAG) must not multiply into an exponential walk.
    static let maximumSteps = 1 << 22
    static let maximumNameBytes = 1 << 26

    static func tensors(of value: PickleValue, in machine: PickleMachine, file: String, part: String) throws(ModelInputError) -> [(name: String, view: Int)] {
        switch value {
        case .tensor:
            throw ModelInputError(file: file, reason: "\(part) holds a single tensor, not a state dict; save a dict of tensors (model.state_dict())")
        case .object(let index) where machine.isDict(.object(index)):
            break
        case .object(let index):
            throw ModelInputError(file: file, reason: "\(part) holds \(machine.object(index)?.kind ?? value.kind), not a state dict; save model.state_dict()")
        default:
            throw ModelInputError(file: file, reason: "\(part) holds \(value.kind), not a state dict; save model.state_dict()")
        }
        var result: [(name: String, view: Int)] = []
        var positions: [String: Int] = [:]
        var visiting: Set<Int> = []
        var steps = 0, nameBytes = 0
        func walk(_ dict: Int, prefix: String, depth: Int) throws(ModelInputError) {
            guard depth <= maximumDepth else {
                throw ModelInputError(file: file, reason: "\(part) nests dicts more than \(maximumDepth) deep")
            }
            guard case .dict(let pairs)? = machine.object(dict), visiting.insert(dict).inserted else { return }
            defer { visiting.remove(dict) }
            // Python's dict: a repeated key keeps its first position and takes the last value.
            var names: [String] = []
            var values: [String: PickleValue] = [:]
            steps += pairs.count
            guard steps <= maximumSteps else { throw ModelInputError(file: file, reason: "\(part) holds more than \(maximumSteps) dict entries (counting shared dicts once per use)") }
            for (key, value) in pairs {
                let name: String
                switch key {
                case .string(let text): name = text
                case .int(let number): name = String(number)
                default: continue
                }
                if values.updateValue(value, forKey: name) == nil { names.append(name) }
            }
            for name in names {
                guard let value = values[name] else { continue }
                nameBytes += prefix.utf8.count + name.utf8.count
                guard nameBytes <= maximumNameBytes else { throw ModelInputError(file: file, reason: "\(part) makes tensor names of more than \(maximumNameBytes) bytes in all") }
                let full = prefix + name
                switch value {
                case .tensor(let view):
                    if let earlier = positions[full] {
                        throw ModelInputError(file: file, tensor: full, reason: "two tensors named \(full) (\(result[earlier].name) and a nested key)")
                    }
                    positions[full] = result.count
                    result.append((full, view))
                case .object(let index) where machine.isDict(value):
                    try walk(index, prefix: full + ".", depth: depth + 1)
                default:
                    continue
                }
            }
        }
        guard case .object(let root) = value else { return [] }
        try walk(root, prefix: "", depth: 0)
        guard !result.isEmpty else { throw ModelInputError(file: file, reason: "\(part) holds no tensors") }
        return result
    }
}
