/// Edmonds–Karp maximum flow on a small dense graph (tens of nodes): the
/// class-level assignment problems of `Obstruction`.
struct SmallMaxFlow {
    private(set) var capacity: [[Int]]
    private(set) var flow: [[Int]]

    init(nodes: Int) {
        capacity = Array(repeating: Array(repeating: 0, count: nodes), count: nodes)
        flow = capacity
    }

    mutating func setCapacity(_ from: Int, _ to: Int, _ value: Int) { capacity[from][to] = value }

    /// Augments along shortest residual paths until none is left; returns the flow added.
    mutating func augment(source: Int, sink: Int) -> Int {
        let n = capacity.count
        var total = 0
        while true {
            var parent = [Int](repeating: -1, count: n)
            parent[source] = source
            var queue = [source], head = 0
            while head < queue.count && parent[sink] < 0 {
                let u = queue[head]; head += 1
                for v in 0..<n where parent[v] < 0 && capacity[u][v] - flow[u][v] > 0 {
                    parent[v] = u
                    queue.append(v)
                }
            }
            guard parent[sink] >= 0 else { return total }
            var bottleneck = Int.max, v = sink
            while v != source { bottleneck = min(bottleneck, capacity[parent[v]][v] - flow[parent[v]][v]); v = parent[v] }
            v = sink
            while v != source {
                flow[parent[v]][v] += bottleneck
                flow[v][parent[v]] -= bottleneck
                v = parent[v]
            }
            total += bottleneck
        }
    }
}
