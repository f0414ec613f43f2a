import Testing
@testable import ModelIO
import ReluNetwork

/// Which two layers of an archive are W1 and W2 (issue 18: a three-layer file
/// must not offer `0.weight → 4.weight`).
@Suite struct LayerChoiceTests {
    func message(_ catalogue: [(name: String, shape: [Int])]) -> String {
        do {
            _ = try TensorSelection.choose(catalogue, keys: .standard, file: "m.safetensors")
            return ""
        } catch {
            return error.description
        }
    }

    /// nn.Sequential(Linear(2, 8), ReLU, Linear(8, 8), ReLU, Linear(8, 1)): 0 → 2 → 4.
    @Test func threeLayerSequentialOffersNeighboursOnly() {
        let text = message([("0.weight", [8, 2]), ("0.bias", [8]), ("2.weight", [8, 8]), ("2.bias", [8]),
                            ("4.weight", [1, 8]), ("4.bias", [1])])
        #expect(text.contains("3 chained linear layers"))
        #expect(text.contains("--keys 0.weight,0.bias,2.weight,2.bias") && text.contains("--keys 2.weight,2.bias,4.weight,4.bias"))
        #expect(!text.contains("0.weight,0.bias,4.weight"))
    }

    /// Eleven layers: `10.weight` comes after `2.weight` (natural order, not text order).
    @Test func naturalOrderOfLayerNames() {
        #expect(naturalOrder("2.weight", "10.weight") && !naturalOrder("10.weight", "2.weight"))
        #expect(naturalOrder("fc2", "fc10") && naturalOrder("a", "b") && !naturalOrder("b", "a"))
        let names = ["10.weight", "0.weight", "2.weight"]
        #expect(names.sorted(by: naturalOrder) == ["0.weight", "2.weight", "10.weight"])
        let text = message([("0.weight", [4, 3]), ("10.weight", [1, 4]), ("2.weight", [4, 4])])
        #expect(text.contains("0.weight [4, 3] → 2.weight [4, 4] → 10.weight [1, 4]"))
    }

    /// Two unrelated pairs that do not chain: both offered, as before.
    @Test func unrelatedPairsStayAmbiguous() {
        let text = message([("a.weight", [4, 3]), ("b.weight", [1, 4]), ("c.weight", [5, 2]), ("d.weight", [1, 5])])
        #expect(text.contains("pairs of layers fit"))
    }

    /// Two layers: chosen without asking.
    @Test func twoLayersAreChosen() throws {
        let selection = try TensorSelection.choose([("0.weight", [8, 2]), ("0.bias", [8]), ("2.weight", [1, 8]), ("2.bias", [1])],
                                                   keys: .standard, file: "m.safetensors")
        #expect(selection.inputWeights == "0.weight" && selection.outputWeights == "2.weight" && selection.outputBias == "2.bias")
    }
}
