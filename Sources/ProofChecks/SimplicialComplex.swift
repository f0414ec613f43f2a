/// A finite ordered simplicial complex: simplices are increasing vertex lists,
/// closed under faces. Used to compute Betti numbers of `H(c)` from its
/// homotopy type (SPEC §3: each quadric is a sphere, a point or a union of
/// them) **without** the Künneth formula, as SPEC §11.3 asks: products are
/// triangulated explicitly (staircase triangulation) and homology is the rank
/// of boundary matrices.
public struct SimplicialComplex: Sendable {
    public let vertexCount: Int
    /// Simplices by dimension (`simplices[k]`: the k-simplices).
    public let simplices: [[[Int]]]

    public init(vertexCount: Int, maximalFaces: [[Int]]) {
        var byDimension: [Set<[Int]>] = []
        for face in maximalFaces {
            let sorted = face.sorted()
            // every non-empty subset
            for mask in 1..<(1 << sorted.count) {
                let subset = sorted.indices.filter { mask & (1 << $0) != 0 }.map { sorted[$0] }
                while byDimension.count < subset.count { byDimension.append([]) }
                byDimension[subset.count - 1].insert(subset)
            }
        }
        self.vertexCount = vertexCount
        self.simplices = byDimension.map { $0.sorted { $0.lexicographicallyPrecedes($1) } }
    }

    init(vertexCount: Int, simplices: [[[Int]]]) {
        self.vertexCount = vertexCount
        self.simplices = simplices
    }

    /// `S^k` as the boundary of the `(k+1)`-simplex (`S^0`: two points).
    public static func sphere(_ k: Int) -> SimplicialComplex {
        let vertices = Array(0...(k + 1))
        return SimplicialComplex(vertexCount: k + 2, maximalFaces: vertices.map { v in vertices.filter { $0 != v } })
    }

    public static let point = SimplicialComplex(vertexCount: 1, maximalFaces: [[0]])

    /// Disjoint union (vertices of `other` shifted past ours).
    public func disjointUnion(_ other: SimplicialComplex) -> SimplicialComplex {
        let count = max(simplices.count, other.simplices.count)
        let merged = (0..<count).map { k in
            (k < simplices.count ? simplices[k] : []) + (k < other.simplices.count ? other.simplices[k].map { $0.map { $0 + vertexCount } } : [])
        }
        return SimplicialComplex(vertexCount: vertexCount + other.vertexCount, simplices: merged)
    }

    /// The product, triangulated by staircases: vertex `(i, j)` is `i·n_L + j`,
    /// and a simplex is a chain `(i₀,j₀) < (i₁,j₁) < …` (both coordinates
    /// non-decreasing) whose projections are simplices of the factors.
    public func product(_ other: SimplicialComplex) -> SimplicialComplex {
        var byDimension: [[[Int]]] = []
        for left in simplices.joined() {
            for right in other.simplices.joined() {
                // Chains from (0,0) to (p,q) in steps (1,0), (0,1), (1,1), covering both faces.
                var path: [(Int, Int)] = [(0, 0)]
                func extend() {
                    let (i, j) = path[path.count - 1]
                    if i == left.count - 1 && j == right.count - 1 {
                        let simplex = path.map { left[$0.0] * other.vertexCount + right[$0.1] }
                        while byDimension.count < simplex.count { byDimension.append([]) }
                        byDimension[simplex.count - 1].append(simplex)
                        return
                    }
                    for (di, dj) in [(1, 0), (0, 1), (1, 1)] where i + di < left.count && j + dj < right.count {
                        path.append((i + di, j + dj))
                        extend()
                        path.removeLast()
                    }
                }
                extend()
            }
        }
        return SimplicialComplex(vertexCount: vertexCount * other.vertexCount,
                                 simplices: byDimension.map { $0.sorted { $0.lexicographicallyPrecedes($1) } })
    }

    /// Betti numbers over `F_p` (`p = 2⁶¹ − 1`): `β_k = #k-simplices − rank ∂_k − rank ∂_{k+1}`.
    public var bettiNumbers: [Int] {
        var ranks = [Int](repeating: 0, count: simplices.count + 1)
        for k in 1..<max(simplices.count, 1) {
            var index: [[Int]: Int] = [:]
            for (position, face) in simplices[k - 1].enumerated() { index[face] = position }
            var basis = EchelonBasis(length: simplices[k - 1].count)
            for simplex in simplices[k] {
                var row = [UInt64](repeating: 0, count: simplices[k - 1].count)
                for drop in simplex.indices {
                    var face = simplex
                    face.remove(at: drop)
                    if let position = index[face] { row[position] = drop % 2 == 0 ? 1 : PrimeField.negate(1) }
                }
                basis.insert(row)
            }
            ranks[k] = basis.rank
        }
        return simplices.indices.map { k in simplices[k].count - ranks[k] - ranks[k + 1] }
    }
}
