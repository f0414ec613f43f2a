import Foundation
import ReluNetwork

/// A restricted unpickler for PyTorch weights files: an opcode-level
/// interpreter with a stack, a mark stack and a memo that builds only plain
/// values (None, bools, ints, floats, strings, tuples, lists, dicts), the
/// globals of `TorchGlobal`'s allow-list, storages (persistent ids) and
/// tensor views (`_rebuild_tensor_v2` and kin): the stance of
/// `torch.load(weights_only=True)`. Nothing in the file is looked up, imported
/// or executed; any other global is refused where it is named, and `REDUCE`,
/// `NEWOBJ` and `BUILD` act only on the allow-listed callables.
///
/// Every count is bounded (stack, marks, memo, objects, elements, string
/// lengths, tensor dimensions) and every read is bounds-checked: a malformed
/// pickle is refused with the byte offset of the opcode, never trapped on.
struct PickleMachine {
    static let maximumStack = 1 << 20
    static let maximumMarks = 1 << 16
    static let maximumMemo = 1 << 20
    static let maximumObjects = 1 << 22
    /// Elements held by all tuples, lists and dicts together.
    static let maximumElements = 1 << 24
    static let maximumStringBytes = 1 << 20
    static let maximumTensors = 1 << 20
    static let maximumDimensions = 32
    /// Largest view gathered beyond its storage's own size (stride 0 repeats
    /// elements: a 4-byte storage must not become a 16 GB tensor).
    static let maximumRepeatedElements = 1 << 24

    let file: String
    /// How messages name the pickle (`data.pkl`, `the pickle`).
    let part: String
    /// Whether a persistent id has the legacy format's sixth entry (view metadata).
    let legacy: Bool

    private(set) var objects: [PickleObject] = []
    private(set) var storages: [TorchStorage] = []
    private var storageIndex: [String: Int] = [:]
    private(set) var tensors: [TorchTensorView] = []
    private var elements = 0

    init(file: String, part: String, legacy: Bool) {
        self.file = file
        self.part = part
        self.legacy = legacy
    }

    func fail(_ reason: String, at offset: Int) -> ModelInputError {
        ModelInputError(file: file, reason: "\(part), byte \(offset): \(reason)")
    }

    /// The object at `index` (an index this machine made).
    func object(_ index: Int) -> PickleObject? {
        objects.indices.contains(index) ? objects[index] : nil
    }

    // MARK: - Running

    /// Runs the pickle that starts at `start` in `bytes` up to its `STOP`;
    /// returns the value and the offset just past `STOP`. `base` is added to
    /// every offset in messages (the pickle's place in the file).
    mutating func run(_ bytes: UnsafeRawBufferPointer, from start: Int, base: Int = 0) throws(ModelInputError) -> (value: PickleValue, end: Int) {
        var reader = Reader(bytes: bytes, position: start)
        var stack: [PickleValue] = []
        var marks: [Int] = []
        var memo: [Int: PickleValue] = [:]
        var opcodeOffset = start

        let file = self.file, part = self.part
        // Built from copies, not `self`: the containers' mutating helpers take it as an argument.
        func fail(_ reason: String) -> ModelInputError { ModelInputError(file: file, reason: "\(part), byte \(base + opcodeOffset): \(reason)") }
        func read(_ count: Int) throws(ModelInputError) -> UnsafeRawBufferPointer {
            guard let slice = reader.take(count) else { throw fail("the pickle ends inside an opcode (truncated?)") }
            return slice
        }
        func integer<T: FixedWidthInteger>(_ type: T.Type) throws(ModelInputError) -> T {
            let slice = try read(MemoryLayout<T>.size)
            return T(littleEndian: slice.loadUnaligned(as: T.self))
        }
        func length(_ value: Int) throws(ModelInputError) -> Int {
            guard value >= 0, value <= reader.remaining else {
                throw fail("a length of \(value) runs past the end of the pickle (truncated?)")
            }
            return value
        }
        func text(_ count: Int) throws(ModelInputError) -> String {
            let size = try length(count)
            guard size <= PickleMachine.maximumStringBytes else { throw fail("a string of \(size) bytes (at most \(PickleMachine.maximumStringBytes))") }
            guard let string = String(validating: try read(size), as: UTF8.self) else { throw fail("a string that is not UTF-8") }
            return string
        }
        func push(_ value: PickleValue) throws(ModelInputError) {
            guard stack.count < PickleMachine.maximumStack else { throw fail("more than \(PickleMachine.maximumStack) values on the stack") }
            stack.append(value)
        }
        func pop() throws(ModelInputError) -> PickleValue {
            guard let value = stack.popLast(), stack.count >= (marks.last ?? 0) else { throw fail("the stack is empty (stack underflow)") }
            return value
        }
        func top() throws(ModelInputError) -> PickleValue {
            guard let value = stack.last, stack.count > (marks.last ?? 0) else { throw fail("the stack is empty (stack underflow)") }
            return value
        }
        /// The values since the last MARK, which is removed.
        func popMark() throws(ModelInputError) -> [PickleValue] {
            guard let mark = marks.popLast() else { throw fail("no MARK to close") }
            let items = Array(stack[mark...])
            stack.removeSubrange(mark...)
            return items
        }
        func memoize(_ index: Int) throws(ModelInputError) {
            guard memo[index] != nil || memo.count < PickleMachine.maximumMemo else { throw fail("more than \(PickleMachine.maximumMemo) memo entries") }
            memo[index] = try top()
        }
        func recall(_ index: Int) throws(ModelInputError) {
            guard let value = memo[index] else { throw fail("memo index \(index) was never stored") }
            try push(value)
        }

        while true {
            opcodeOffset = reader.position
            guard let opcode = reader.take(1)?.first else { throw fail("the pickle ends without STOP (truncated?)") }
            switch opcode {
            case 0x80:  // PROTO
                let version = try read(1)[0]
                guard version <= 5 else { throw fail("pickle protocol \(version) (at most 5)") }
            case 0x95:  // FRAME: a length hint, nothing to do
                _ = try read(8)
            case 0x2E:  // STOP
                let value = try pop()
                guard stack.isEmpty, marks.isEmpty else { throw fail("values left on the stack at STOP") }
                return (value, reader.position)
            case 0x28:  // MARK
                guard marks.count < PickleMachine.maximumMarks else { throw fail("more than \(PickleMachine.maximumMarks) nested MARKs") }
                marks.append(stack.count)
            case 0x30: _ = try pop()  // POP
            case 0x31: _ = try popMark()  // POP_MARK
            case 0x32: try push(try top())  // DUP
            case 0x4E: try push(.none)  // NONE
            case 0x88: try push(.bool(true))  // NEWTRUE
            case 0x89: try push(.bool(false))  // NEWFALSE
            case 0x4A: try push(.int(Int(try integer(Int32.self))))  // BININT
            case 0x4B: try push(.int(Int(try integer(UInt8.self))))  // BININT1
            case 0x4D: try push(.int(Int(try integer(UInt16.self))))  // BININT2
            case 0x8A, 0x8B:  // LONG1, LONG4: little-endian two's complement
                let size = opcode == 0x8A ? Int(try integer(UInt8.self)) : Int(try integer(Int32.self))
                let digits = try read(try length(size))
                guard digits.count <= 8 else { throw fail("an integer of \(digits.count) bytes (at most 8)") }
                var value: UInt64 = 0
                for (i, byte) in digits.enumerated() { value |= UInt64(byte) << (8 * UInt64(i)) }
                if let last = digits.last, last & 0x80 != 0, digits.count < 8 { value |= ~0 << (8 * UInt64(digits.count)) }
                try push(.int(Int(Int64(bitPattern: value))))
            case 0x47:  // BINFLOAT: big-endian binary64
                try push(.float(Double(bitPattern: UInt64(bigEndian: try read(8).loadUnaligned(as: UInt64.self)))))
            case 0x58: try push(.string(try text(Int(try integer(UInt32.self)))))  // BINUNICODE
            case 0x8C: try push(.string(try text(Int(try integer(UInt8.self)))))  // SHORT_BINUNICODE
            case 0x8D:  // BINUNICODE8
                let size = try integer(UInt64.self)
                try push(.string(try text(size > UInt64(Int.max) ? -1 : Int(size))))
            case 0x55: try push(.string(try text(Int(try integer(UInt8.self)))))  // SHORT_BINSTRING (Python 2 str)
            case 0x54: try push(.string(try text(Int(try integer(Int32.self)))))  // BINSTRING
            case 0x43: try push(.bytes(try read(try length(Int(try integer(UInt8.self)))).count))  // SHORT_BINBYTES
            case 0x42: try push(.bytes(try read(try length(Int(try integer(UInt32.self)))).count))  // BINBYTES
            case 0x8E:  // BINBYTES8
                let size = try integer(UInt64.self)
                try push(.bytes(try read(try length(size > UInt64(Int.max) ? -1 : Int(size))).count))
            case 0x29: try push(try make(.tuple([]), fail))  // EMPTY_TUPLE
            case 0x74: try push(try make(.tuple(try popMark()), fail))  // TUPLE
            case 0x85, 0x86, 0x87:  // TUPLE1, TUPLE2, TUPLE3
                var items: [PickleValue] = []
                for _ in 0..<Int(opcode - 0x84) { items.insert(try pop(), at: 0) }
                try push(try make(.tuple(items), fail))
            case 0x5D: try push(try make(.list([]), fail))  // EMPTY_LIST
            case 0x6C: try push(try make(.list(try popMark()), fail))  // LIST
            case 0x61:  // APPEND
                let item = try pop()
                try append([item], to: try top(), fail)
            case 0x65:  // APPENDS
                let items = try popMark()
                try append(items, to: try top(), fail)
            case 0x7D: try push(try make(.dict([]), fail))  // EMPTY_DICT
            case 0x64:  // DICT
                let items = try popMark()
                guard items.count % 2 == 0 else { throw fail("DICT with an odd number of values") }
                try push(try make(.dict(stride(from: 0, to: items.count, by: 2).map { (items[$0], items[$0 + 1]) }), fail))
            case 0x73:  // SETITEM
                let value = try pop(), key = try pop()
                try setItems([key, value], in: try top(), fail)
            case 0x75:  // SETITEMS
                let items = try popMark()
                guard items.count % 2 == 0 else { throw fail("SETITEMS with an odd number of values") }
                try setItems(items, in: try top(), fail)
            case 0x63:  // GLOBAL: "module\nname\n"
                let module = try line(&reader, fail), name = try line(&reader, fail)
                try push(.global(try global(module: module, name: name)))
            case 0x93:  // STACK_GLOBAL
                let name = try pop(), module = try pop()
                guard case .string(let moduleText) = module, case .string(let nameText) = name else {
                    throw fail("STACK_GLOBAL on \(module.kind) and \(name.kind), expected two strings")
                }
                try push(.global(try global(module: moduleText, name: nameText)))
            case 0x69:  // INST "module\nname\n": names a class to instantiate
                let module = try line(&reader, fail), name = try line(&reader, fail)
                _ = try global(module: module, name: name)
                throw fail("opcode INST (\(module).\(name)) is not written by torch.save")
            case 0x52:  // REDUCE
                let arguments = try pop(), callable = try pop()
                try push(try reduce(callable, arguments, fail))
            case 0x81:  // NEWOBJ
                let arguments = try pop(), type = try pop()
                guard type == .global(.orderedDict), case .object(let index) = arguments, case .tuple(let items)? = object(index), items.isEmpty else {
                    throw fail("NEWOBJ on \(type.kind): only collections.OrderedDict() is built")
                }
                try push(try make(.dict([]), fail))
            case 0x62:  // BUILD: sets state on the object below; kept only for OrderedDict (_metadata) and tensors, and ignored
                let state = try pop()
                let target = try top()
                let targetIsDict: Bool
                if case .object(let index) = target, case .dict? = object(index) { targetIsDict = true } else { targetIsDict = false }
                var targetIsTensor = false
                if case .tensor = target { targetIsTensor = true }
                var stateIsPlain = state == .none
                if case .object(let index) = state, case .dict? = object(index) { stateIsPlain = true }
                guard (targetIsDict || targetIsTensor) && stateIsPlain else {
                    throw fail("BUILD on \(target.kind) with \(state.kind): only an OrderedDict's or a tensor's attribute dict is accepted")
                }
            case 0x51:  // BINPERSID
                try push(try persistentLoad(try pop(), fail))
            case 0x71: try memoize(Int(try integer(UInt8.self)))  // BINPUT
            case 0x72: try memoize(Int(try integer(UInt32.self)))  // LONG_BINPUT
            case 0x94: try memoize(memo.count)  // MEMOIZE
            case 0x68: try recall(Int(try integer(UInt8.self)))  // BINGET
            case 0x6A: try recall(Int(try integer(UInt32.self)))  // LONG_BINGET
            default:
                throw fail("opcode 0x\(String(opcode, radix: 16, uppercase: true)) (\(PickleMachine.opcodeName(opcode))) is not written by torch.save of weights; refusing")
            }
        }
    }

    /// A newline-terminated line of a `GLOBAL` or `INST` (at most 256 bytes, UTF-8).
    private func line(_ reader: inout Reader, _ fail: (String) -> ModelInputError) throws(ModelInputError) -> String {
        var bytes: [UInt8] = []
        while true {
            guard let byte = reader.take(1)?.first else { throw fail("the pickle ends inside a GLOBAL (truncated?)") }
            if byte == 0x0A { break }
            guard bytes.count < 256 else { throw fail("a GLOBAL name longer than 256 bytes") }
            bytes.append(byte)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw fail("a GLOBAL name that is not UTF-8") }
        return text
    }

    private func global(module: String, name: String) throws(ModelInputError) -> TorchGlobal {
        switch TorchGlobal.lookup(module: module, name: name) {
        case .success(let global): return global
        case .failure(let refusal): throw ModelInputError(file: file, reason: refusal.reason(in: part))
        }
    }

    // MARK: - Containers

    private mutating func make(_ object: PickleObject, _ fail: (String) -> ModelInputError) throws(ModelInputError) -> PickleValue {
        guard objects.count < PickleMachine.maximumObjects else { throw fail("more than \(PickleMachine.maximumObjects) tuples, lists and dicts") }
        try count(object.elementCount, fail)
        objects.append(object)
        return .object(objects.count - 1)
    }

    private mutating func count(_ added: Int, _ fail: (String) -> ModelInputError) throws(ModelInputError) {
        elements += added
        guard elements <= PickleMachine.maximumElements else { throw fail("more than \(PickleMachine.maximumElements) elements in all containers") }
    }

    private mutating func append(_ items: [PickleValue], to target: PickleValue, _ fail: (String) -> ModelInputError) throws(ModelInputError) {
        guard case .object(let index) = target, case .list(var list)? = object(index) else { throw fail("APPEND to \(target.kind), expected a list") }
        try count(items.count, fail)
        objects[index] = .tuple([])  // release the list so it is appended to in place
        list.append(contentsOf: items)
        objects[index] = .list(list)
    }

    private mutating func setItems(_ items: [PickleValue], in target: PickleValue, _ fail: (String) -> ModelInputError) throws(ModelInputError) {
        guard case .object(let index) = target, case .dict(var pairs)? = object(index) else { throw fail("SETITEM on \(target.kind), expected a dict") }
        try count(items.count / 2, fail)
        objects[index] = .tuple([])
        for i in stride(from: 0, to: items.count - 1, by: 2) { pairs.append((items[i], items[i + 1])) }
        objects[index] = .dict(pairs)
    }

    /// The items of a tuple value, or nil.
    func tupleItems(_ value: PickleValue) -> [PickleValue]? {
        guard case .object(let index) = value, case .tuple(let items)? = object(index) else { return nil }
        return items
    }

    func isDict(_ value: PickleValue) -> Bool {
        guard case .object(let index) = value, case .dict? = object(index) else { return false }
        return true
    }

    // MARK: - Calls of the allow-list

    private mutating func reduce(_ callable: PickleValue, _ arguments: PickleValue, _ fail: (String) -> ModelInputError) throws(ModelInputError) -> PickleValue {
        guard case .global(let global) = callable else { throw fail("REDUCE on \(callable.kind), which is not a callable of the allow-list") }
        guard let args = tupleItems(arguments) else { throw fail("REDUCE on \(global.qualifiedName) with \(arguments.kind) for arguments, expected a tuple") }
        switch global {
        case .orderedDict:
            guard args.isEmpty else { throw fail("collections.OrderedDict called with \(args.count) arguments, expected none") }
            return try make(.dict([]), fail)
        case .rebuildTensor, .rebuildTensorV2, .rebuildTensorV3:
            return try rebuildTensor(global, args, fail)
        case .rebuildParameter, .rebuildParameterWithState:
            let expected = global == .rebuildParameter ? 3 : 4
            guard args.count == expected, case .tensor = args[0], case .bool = args[1], isDict(args[2]) else {
                throw fail("\(global.qualifiedName) needs (tensor, requires_grad, backward_hooks\(expected == 4 ? ", state" : "")), got \(args.count) arguments")
            }
            if expected == 4 { guard args[3] == .none || isDict(args[3]) || tupleItems(args[3]) != nil else { throw fail("\(global.qualifiedName): state is \(args[3].kind)") } }
            return args[0]
        case .storageType, .untypedStorage, .dtype:
            throw fail("REDUCE on \(global.qualifiedName), which is a type marker, not a callable")
        }
    }

    /// `_rebuild_tensor(storage, offset, size, stride)`, `_rebuild_tensor_v2(…,
    /// requires_grad, backward_hooks[, metadata])`, `_rebuild_tensor_v3(…,
    /// requires_grad, backward_hooks, dtype[, metadata])`.
    private mutating func rebuildTensor(_ global: TorchGlobal, _ args: [PickleValue], _ fail: (String) -> ModelInputError) throws(ModelInputError) -> PickleValue {
        let name = global.qualifiedName
        let counts: ClosedRange<Int> = global == .rebuildTensor ? 4...4 : (global == .rebuildTensorV2 ? 6...7 : 7...8)
        guard counts.contains(args.count) else { throw fail("\(name) called with \(args.count) arguments, expected \(counts.lowerBound == counts.upperBound ? "\(counts.lowerBound)" : "\(counts.lowerBound) or \(counts.upperBound)")") }
        guard case .storage(let storageIndex) = args[0], storages.indices.contains(storageIndex) else { throw fail("\(name): the storage is \(args[0].kind)") }
        let storage = storages[storageIndex]
        guard case .int(let offset) = args[1], offset >= 0 else { throw fail("\(name): the storage offset is \(args[1].kind) (expected an int ≥ 0)") }
        func sizes(_ value: PickleValue, _ what: String) throws(ModelInputError) -> [Int] {
            guard let items = tupleItems(value) else { throw fail("\(name): the \(what) is \(value.kind), expected a tuple of ints") }
            guard items.count <= PickleMachine.maximumDimensions else { throw fail("\(name): \(items.count) dimensions (at most \(PickleMachine.maximumDimensions))") }
            var result: [Int] = []
            for item in items {
                guard case .int(let n) = item else { throw fail("\(name): the \(what) holds \(item.kind), expected ints") }
                guard n >= 0 else { throw fail("\(name): negative \(what) \(n) (only non-negative sizes and strides are read)") }
                result.append(n)
            }
            return result
        }
        let shape = try sizes(args[2], "size")
        var strides = try sizes(args[3], "stride")
        guard strides.count == shape.count else { throw fail("\(name): size \(shape) and stride \(strides) differ in length") }
        if global != .rebuildTensor {
            guard case .bool = args[4] else { throw fail("\(name): requires_grad is \(args[4].kind), expected a bool") }
            guard isDict(args[5]) || args[5] == .none else { throw fail("\(name): backward_hooks is \(args[5].kind), expected a dict") }
        }
        let metadataIndex = global == .rebuildTensorV2 ? 6 : 7
        if args.count > metadataIndex, !(args[metadataIndex] == .none || isDict(args[metadataIndex])) {
            throw fail("\(name): metadata is \(args[metadataIndex].kind), expected a dict")
        }
        let elementType: StoredElementType
        switch (global, storage.elementType) {
        case (.rebuildTensorV3, let stored):
            guard case .global(.dtype(let dtype)) = args[6] else { throw fail("\(name): the dtype is \(args[6].kind)") }
            guard stored == nil || stored == dtype else { throw fail("\(name): a \(dtype) tensor over a storage of another type") }
            elementType = dtype
        case (_, let stored?): elementType = stored
        case (_, nil): throw fail("\(name): an untyped storage without a dtype")
        }
        let available = storage.elementType == nil ? storage.byteCount / elementType.byteCount : storage.count
        // Dimensions of size 1 never move through the storage: their stride is not used.
        for axis in shape.indices where shape[axis] == 1 { strides[axis] = 0 }
        var count = 1, last = offset
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else { throw fail("\(name): size \(shape) is too large") }
            count = product
        }
        // Even an empty view starts inside (or at the end of) its storage.
        guard offset <= available else {
            throw fail("\(name): storage offset \(offset) lies past the end of storage \(storage.key), which holds \(available) elements")
        }
        if count > 0 {
            for (size, step) in zip(shape, strides) {
                let (reach, overflow) = (size - 1).multipliedReportingOverflow(by: step)
                let (sum, overflowSum) = last.addingReportingOverflow(reach)
                guard !overflow, !overflowSum else { throw fail("\(name): size \(shape) with stride \(strides) overflows") }
                last = sum
            }
            guard last < available else {
                throw fail("\(name): a view of size \(shape), stride \(strides), offset \(offset) reaches element \(last) of storage \(storage.key), which holds \(available)")
            }
        }
        guard count <= available || count <= PickleMachine.maximumRepeatedElements else {
            throw fail("\(name): a view of \(count) elements repeats the \(available) elements of storage \(storage.key) (at most \(PickleMachine.maximumRepeatedElements) are gathered)")
        }
        guard tensors.count < PickleMachine.maximumTensors else { throw fail("more than \(PickleMachine.maximumTensors) tensors") }
        tensors.append(TorchTensorView(storage: storageIndex, elementType: elementType, offset: offset, shape: shape, strides: strides, count: count))
        return .tensor(tensors.count - 1)
    }

    /// `('storage', type, key, location, numel)` (legacy: and `view_metadata`, which must be None).
    private mutating func persistentLoad(_ id: PickleValue, _ fail: (String) -> ModelInputError) throws(ModelInputError) -> PickleValue {
        guard let items = tupleItems(id), let first = items.first else { throw fail("a persistent id that is \(id.kind), expected a tuple") }
        guard first == .string("storage") else {
            if case .string(let kind) = first { throw fail("a persistent id of kind '\(kind.prefix(64))', expected 'storage'") }
            throw fail("a persistent id beginning with \(first.kind), expected 'storage'")
        }
        guard items.count == (legacy ? 6 : 5) else { throw fail("a storage id of \(items.count) entries, expected \(legacy ? 6 : 5)") }
        let elementType: StoredElementType?
        switch items[1] {
        case .global(.storageType(let type)): elementType = type
        case .global(.untypedStorage): elementType = nil
        default: throw fail("a storage whose type is \(items[1].kind)")
        }
        guard case .string(let key) = items[2] else { throw fail("a storage whose key is \(items[2].kind)") }
        guard case .string = items[3] else { throw fail("storage \(key): its location is \(items[3].kind)") }
        guard case .int(let count) = items[4], count >= 0 else { throw fail("storage \(key): its size is \(items[4].kind) (expected an int ≥ 0)") }
        if legacy, items[5] != .none {
            throw fail("storage \(key) is a view of another storage (written by torch < 1.0); load it with torch and save it again")
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementType?.byteCount ?? 1)
        guard !overflow else { throw fail("storage \(key): \(count) elements is too large") }
        if let known = storageIndex[key] {
            let storage = storages[known]
            guard storage.elementType == elementType, storage.count == count else {
                throw fail("storage \(key) is named twice with different types or sizes")
            }
            return .storage(known)
        }
        storages.append(TorchStorage(key: key, elementType: elementType, count: count, byteCount: bytes))
        storageIndex[key] = storages.count - 1
        return .storage(storages.count - 1)
    }

    static func opcodeName(_ opcode: UInt8) -> String {
        let names: [UInt8: String] = [
            0x49: "INT", 0x4C: "LONG", 0x53: "STRING", 0x56: "UNICODE", 0x46: "FLOAT", 0x67: "GET", 0x70: "PUT",
            0x50: "PERSID", 0x6F: "OBJ", 0x82: "EXT1", 0x83: "EXT2", 0x84: "EXT4", 0x8F: "EMPTY_SET",
            0x90: "ADDITEMS", 0x91: "FROZENSET", 0x92: "NEWOBJ_EX", 0x96: "BYTEARRAY8", 0x97: "NEXT_BUFFER",
            0x98: "READONLY_BUFFER",
        ]
        return names[opcode] ?? "unknown"
    }

    /// A cursor over the pickle's bytes.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var position: Int

        var remaining: Int { bytes.count - position }

        mutating func take(_ count: Int) -> UnsafeRawBufferPointer? {
            guard count >= 0, position >= 0, position <= bytes.count, count <= bytes.count - position else { return nil }
            defer { position += count }
            return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
        }
    }
}

extension PickleObject {
    var elementCount: Int {
        switch self {
        case .tuple(let items), .list(let items): return items.count
        case .dict(let pairs): return pairs.count
        }
    }
}
