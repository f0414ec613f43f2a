import ReluNetwork

/// The parsed header of a `.npy` file (format versions 1.0, 2.0, 3.0).
public struct NpyHeader: Sendable, Equatable {
    public var elementType: StoredElementType
    public var bigEndian: Bool
    public var fortranOrder: Bool
    public var shape: [Int]
    /// Byte offset of the first element.
    public var dataOffset: Int
    /// Number of elements (product of the shape).
    public var elementCount: Int
}

extension StoredElementType {
    /// Parses the kind and size of a NumPy `descr` (`f4`, `i8`, `b1`, …).
    init?(kind: Character, size: Int) {
        switch (kind, size) {
        case ("f", 2): self = .float16
        case ("f", 4): self = .float32
        case ("f", 8): self = .float64
        case ("i", 1): self = .int8
        case ("i", 2): self = .int16
        case ("i", 4): self = .int32
        case ("i", 8): self = .int64
        case ("u", 1): self = .uint8
        case ("u", 2): self = .uint16
        case ("u", 4): self = .uint32
        case ("u", 8): self = .uint64
        case ("b", 1): self = .bool
        default: return nil
        }
    }
}
