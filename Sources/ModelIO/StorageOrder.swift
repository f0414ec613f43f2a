/// Maps the i-th element in file storage order to its row-major index.
struct StorageOrder {
    let shape: [Int]
    let fortran: Bool

    /// File order is row-major order (C order, or at most one dimension).
    var isIdentity: Bool { !fortran || shape.count < 2 }

    subscript(i: Int) -> Int {
        guard fortran, shape.count >= 2 else { return i }
        if shape.count == 2 {
            let rows = shape[0], columns = shape[1]
            return (i % rows) * columns + i / rows
        }
        // Column-major multi-index, then row-major flat index.
        var remainder = i
        var index = [Int](repeating: 0, count: shape.count)
        for axis in 0..<shape.count where shape[axis] > 0 {
            index[axis] = remainder % shape[axis]
            remainder /= shape[axis]
        }
        var flat = 0
        for axis in 0..<shape.count { flat = flat * shape[axis] + index[axis] }
        return flat
    }
}
