/// A value of the restricted unpickler (`PickleMachine`). Only plain values,
/// the allow-listed globals, storages and tensor views exist: nothing a file
/// says can name, build or call anything else.
///
/// Compound values (tuples, lists, dicts) live in `PickleMachine.objects` and
/// are referred to by index, so no value nests inside another: a file of a
/// million nested tuples is a million small array entries, never a chain of
/// a million boxes whose release would recurse past the stack.
enum PickleValue: Equatable {
    case none
    case bool(Bool)
    /// Integers that fit in 64 bits (longer `LONG1`/`LONG4` are refused).
    case int(Int)
    case float(Double)
    case string(String)
    /// Bytes are never needed by a weights file: only their length is kept.
    case bytes(Int)
    /// A tuple, list or dict in `PickleMachine.objects`.
    case object(Int)
    case global(TorchGlobal)
    /// A storage in `PickleMachine.storages` (from a persistent id).
    case storage(Int)
    /// A tensor view in `PickleMachine.tensors`.
    case tensor(Int)

    /// The value's kind, for messages.
    var kind: String {
        switch self {
        case .none: return "None"
        case .bool: return "a bool"
        case .int: return "an int"
        case .float: return "a float"
        case .string: return "a string"
        case .bytes: return "bytes"
        case .object: return "a container"
        case .global(let global): return global.qualifiedName
        case .storage: return "a storage"
        case .tensor: return "a tensor"
        }
    }
}

/// A compound value of the unpickler.
enum PickleObject {
    case tuple([PickleValue])
    case list([PickleValue])
    /// A `dict` or `collections.OrderedDict`: pairs in insertion order (a
    /// repeated key is resolved when the dict is read, as Python would: first
    /// position, last value).
    case dict([(key: PickleValue, value: PickleValue)])

    var kind: String {
        switch self {
        case .tuple: return "a tuple"
        case .list: return "a list"
        case .dict: return "a dict"
        }
    }
}
