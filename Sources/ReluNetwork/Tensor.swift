import ExactNumbers

/// One named parameter tensor (`W1`, `b1`, `W2`, `b2`) with its shape.
public struct Tensor: Sendable {
    /// `W1`, `b1`, `W2` or `b2` (SPEC §12).
    public let name: String
    /// Sizes per dimension, PyTorch layout (`W1`: `l × d`).
    public let shape: [Int]
    public let values: TensorValues
    /// The file the tensor came from (for error messages).
    public let file: String
    /// The element type in the file it was read from, so writers can keep it.
    public let storedType: StoredElementType?

    public init(name: String, shape: [Int], values: TensorValues, file: String, storedType: StoredElementType? = nil) {
        self.name = name
        self.shape = shape
        self.values = values
        self.file = file
        self.storedType = storedType
    }

    /// The exact value at a row-major flat index.
    public func exactValue(at flatIndex: Int) -> Rational {
        switch values {
        case .binary64(let values): return Rational(exactly: values[flatIndex]) ?? .zero  // finite by construction
        case .exact(let values): return values[flatIndex]
        case .packed(let values): return Rational(exactly: values[flatIndex]) ?? .zero  // finite: scanned on load
        }
    }

    /// The value at a row-major flat index as binary64 (exact for binary
    /// storage, nearest for rationals).
    public func doubleValue(at flatIndex: Int) -> Double {
        switch values {
        case .binary64(let values): return values[flatIndex]
        case .exact(let values): return values[flatIndex].doubleValue
        case .packed(let values): return values[flatIndex]
        }
    }

    /// All values as binary64 in row-major order, if they are binary numbers
    /// (nil for exact rationals, which may not be).
    public func binaryValues() -> [Double]? {
        switch values {
        case .binary64(let values): return values
        case .exact: return nil
        case .packed(let values):
            return [Double](unsafeUninitializedCapacity: values.count) { buffer, initialized in
                values.copy(0..<values.count, into: buffer)
                initialized = values.count
            }
        }
    }

    /// Sign of the value at a row-major flat index.
    public func sign(at flatIndex: Int) -> Int {
        switch values {
        case .binary64(let values): return values[flatIndex] > 0 ? 1 : (values[flatIndex] < 0 ? -1 : 0)
        case .exact(let values): return values[flatIndex].signum
        case .packed(let values):
            let value = values[flatIndex]
            return value > 0 ? 1 : (value < 0 ? -1 : 0)
        }
    }

    /// The multi-index of a flat row-major index, for messages.
    public static func multiIndex(of flatIndex: Int, shape: [Int]) -> [Int] {
        var remainder = flatIndex
        var index = [Int](repeating: 0, count: shape.count)
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] > 0 {
            index[axis] = remainder % shape[axis]
            remainder /= shape[axis]
        }
        return index
    }
}
