import Testing
@testable import InitSweeps

@Suite struct ShardCellsTests {
    /// `cells(in:)`: every cell without a shard; with `i/N`, the cells `c` with `c mod N = i − 1`, in order.
    @Test func cellsOfAShard() throws {
        let spec = SweepSpec(schemes: [.kaimingNormal, .xavierUniform], inputs: [1, 2, 3], hidden: [1, 2], samples: [10], seed: 0)
        #expect(spec.cells(in: nil).map(\.index) == Array(0..<12))
        let second = try #require(Shard(parsing: "2/5")), whole = try #require(Shard(parsing: "1/1"))
        #expect(spec.cells(in: second).map(\.index) == [1, 6, 11])
        #expect(spec.cells(in: whole).map(\.index) == Array(0..<12))
    }
}
