import ReluNetwork

/// The only globals a PyTorch weights file may name (`GLOBAL`, `STACK_GLOBAL`):
/// what `torch.save(model.state_dict())` writes, the stance of
/// `torch.load(weights_only=True)`. They are names, never looked up or run:
/// each stands for one fixed construction of the unpickler.
enum TorchGlobal: Equatable {
    /// `collections.OrderedDict`: called with no arguments, it is an empty dict.
    case orderedDict
    /// `torch._utils._rebuild_tensor` (v1, 4 arguments), `_rebuild_tensor_v2`
    /// (6 or 7), `_rebuild_tensor_v3` (7 or 8, with a dtype over an untyped storage).
    case rebuildTensor, rebuildTensorV2, rebuildTensorV3
    /// `torch._utils._rebuild_parameter` (3 arguments), `_rebuild_parameter_with_state` (4): the tensor itself.
    case rebuildParameter, rebuildParameterWithState
    /// `torch.FloatStorage` … (a storage's element type in a persistent id).
    case storageType(StoredElementType)
    /// `torch.storage.UntypedStorage` (bytes; the tensor's dtype decides).
    case untypedStorage
    /// `torch.float32` … (the dtype argument of `_rebuild_tensor_v3`).
    case dtype(StoredElementType)

    var qualifiedName: String {
        switch self {
        case .orderedDict: return "collections.OrderedDict"
        case .rebuildTensor: return "torch._utils._rebuild_tensor"
        case .rebuildTensorV2: return "torch._utils._rebuild_tensor_v2"
        case .rebuildTensorV3: return "torch._utils._rebuild_tensor_v3"
        case .rebuildParameter: return "torch._utils._rebuild_parameter"
        case .rebuildParameterWithState: return "torch._utils._rebuild_parameter_with_state"
        case .storageType(let type): return "torch." + (TorchGlobal.storageNames.first { $0.value == type }?.key ?? "?")
        case .untypedStorage: return "torch.storage.UntypedStorage"
        case .dtype(let type): return "torch." + (TorchGlobal.dtypeNames.first { $0.value == type }?.key ?? "?")
        }
    }

    static let storageNames: [String: StoredElementType] = [
        "FloatStorage": .float32, "DoubleStorage": .float64, "HalfStorage": .float16, "BFloat16Storage": .bfloat16,
        "LongStorage": .int64, "IntStorage": .int32, "ShortStorage": .int16, "CharStorage": .int8,
        "ByteStorage": .uint8, "BoolStorage": .bool,
    ]

    static let dtypeNames: [String: StoredElementType] = [
        "float32": .float32, "float64": .float64, "float16": .float16, "bfloat16": .bfloat16,
        "int64": .int64, "int32": .int32, "int16": .int16, "int8": .int8,
        "uint8": .uint8, "uint16": .uint16, "uint32": .uint32, "uint64": .uint64, "bool": .bool,
    ]

    /// Why `module.name` is refused: a one-line reason for the user (never nil).
    enum Refusal {
        /// A torch tensor type relutopo does not read (complex, quantised, float8).
        case unsupportedType(String)
        /// A whole pickled model (`torch.save(model)`).
        case wholeModule(String)
        /// Anything else: a name a weights file never needs.
        case notAllowed(String)
    }

    /// The allow-listed global `module.name`, or why it is refused.
    static func lookup(module: String, name: String) -> Result<TorchGlobal, RefusalError> {
        let qualified = module + "." + name
        switch (module, name) {
        case ("collections", "OrderedDict"): return .success(.orderedDict)
        case ("torch._utils", "_rebuild_tensor"): return .success(.rebuildTensor)
        case ("torch._utils", "_rebuild_tensor_v2"): return .success(.rebuildTensorV2)
        case ("torch._utils", "_rebuild_tensor_v3"): return .success(.rebuildTensorV3)
        case ("torch._utils", "_rebuild_parameter"): return .success(.rebuildParameter)
        case ("torch._utils", "_rebuild_parameter_with_state"): return .success(.rebuildParameterWithState)
        case ("torch.storage", "UntypedStorage"), ("torch", "UntypedStorage"): return .success(.untypedStorage)
        default: break
        }
        if module == "torch" {
            if let type = storageNames[name] { return .success(.storageType(type)) }
            if let type = dtypeNames[name] { return .success(.dtype(type)) }
            if name.hasSuffix("Storage") || ["complex64", "complex128", "cfloat", "cdouble", "quint8", "qint8", "qint32"].contains(name) || name.hasPrefix("float8") {
                return .failure(RefusalError(global: qualified, kind: .unsupportedType(qualified)))
            }
        }
        if module.hasPrefix("torch.nn.modules") || module == "__main__" || module.hasPrefix("__torch__") || module.hasPrefix("torch.nn.") && name.first?.isUppercase == true {
            return .failure(RefusalError(global: qualified, kind: .wholeModule(qualified)))
        }
        return .failure(RefusalError(global: qualified, kind: .notAllowed(qualified)))
    }

    struct RefusalError: Error {
        let global: String
        let kind: Refusal

        /// The reason, after "FILE: "; `part` names the pickle (`data.pkl`, or
        /// `the pickle` of a legacy file).
        func reason(in part: String) -> String {
            switch kind {
            case .unsupportedType(let name):
                return "\(part) uses \(name), a tensor type relutopo does not read (it reads float16, bfloat16, float32, float64, integer and bool tensors)"
            case .wholeModule(let name):
                return "\(part) holds a whole pickled model (it imports \(name)); relutopo reads state dicts only: save model.state_dict() instead (nothing in the file is executed)"
            case .notAllowed(let name):
                return "\(part) imports \(name), which a weights file never needs; refusing (nothing in the file is executed)"
            }
        }
    }
}
