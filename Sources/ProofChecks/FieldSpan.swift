/// The span of polynomial vector fields over `F_p`, grown one field at a time
/// (an echelon basis of their coefficient vectors, sparse).
///
/// Why keep the span of the *polynomials* and not just their values at θ: a
/// field that is a linear combination of kept fields has brackets that are the
/// same combination of theirs, so it can be dropped without changing the
/// algebra; a field that merely *vanishes* or repeats at θ cannot (its
/// brackets depend on its derivatives). Rows are reduced in insertion order as
/// in `EchelonBasis`: row `r` is zero at the pivots of rows `< r`, so a
/// candidate is reduced by the rows whose pivots it meets, smallest row first
/// (a heap), touching only the rows that matter.
struct FieldSpan {
    struct Term: Hashable {
        var coordinate: Int
        var monomial: Monomial
    }

    /// Column of each term seen so far.
    private var columns: [Term: Int] = [:]
    private var rows: [[(column: Int, value: UInt64)]] = []
    private var pivots: [Int] = []
    private var rowOfPivot: [Int: Int] = [:]
    /// Stored non-zero entries (for the memory bound).
    private(set) var storedTerms = 0

    var rank: Int { rows.count }

    /// Adds `field` if it is independent of the span; returns whether it was.
    mutating func insert(_ field: PolynomialField) -> Bool {
        var vector: [Int: UInt64] = [:]
        for (coordinate, polynomial) in field.components {
            for (monomial, value) in polynomial where value != 0 {
                let term = Term(coordinate: coordinate, monomial: monomial)
                let column: Int
                if let existing = columns[term] { column = existing } else {
                    column = columns.count
                    columns[term] = column
                }
                vector[column] = value
            }
        }
        var heap = MinimumHeap()
        for column in vector.keys { if let row = rowOfPivot[column] { heap.push(row) } }
        var last = -1
        while let r = heap.pop() {
            if r == last { continue }
            last = r
            guard let factor = vector[pivots[r]], factor != 0 else { continue }
            for (column, value) in rows[r] {
                let updated = PrimeField.subtract(vector[column] ?? 0, PrimeField.multiply(factor, value))
                if updated == 0 { vector[column] = nil } else {
                    if vector[column] == nil, let later = rowOfPivot[column], later > r { heap.push(later) }
                    vector[column] = updated
                }
            }
        }
        guard let pivot = vector.keys.min(), let lead = vector[pivot] else { return false }
        let scale = PrimeField.inverse(lead)
        let row = vector.map { (column: $0.key, value: PrimeField.multiply($0.value, scale)) }
        rowOfPivot[pivot] = rows.count
        rows.append(row)
        pivots.append(pivot)
        storedTerms += row.count
        return true
    }
}

/// A binary min-heap of row indices.
struct MinimumHeap {
    private var items: [Int] = []

    mutating func push(_ value: Int) {
        items.append(value)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Int? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < items.count && items[left] < items[smallest] { smallest = left }
                if right < items.count && items[right] < items[smallest] { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }
}
