import ReluNetwork

extension TensorSelection {
    /// `--keys` if given; else `W1 [b1] W2 [b2]` if present; else the one pair of
    /// linear layers that chains (`A: l×d`, `B: e×l`), with biases named like
    /// their weights (`x.weight` → `x.bias`) or, failing that, the unique
    /// vector of the right length. Ambiguity is an error listing the candidates.
    static func choose(_ catalogue: [(name: String, shape: [Int])], keys: TensorKeys, file: String) throws(ModelInputError) -> TensorSelection {
        let shapes = Dictionary(catalogue.map { ($0.name, $0.shape) }, uniquingKeysWith: { first, _ in first })
        let listing = catalogue.prefix(12).map { "\($0.name) \($0.shape)" }.joined(separator: ", ") + (catalogue.count > 12 ? ", …" : "")
        if !keys.explicit && keys.inputWeights == "W1" && shapes["W1"] != nil && shapes["W2"] != nil && shapes["W3"] != nil {
            throw ModelInputError(file: file, tensor: "W3", reason: "the file holds W3: a network with more than one hidden layer; this command reads one hidden layer (analyze, obstruct --data, equiv and repair read any depth; --keys picks two layers)")
        }
        if keys.explicit || (shapes[keys.inputWeights] != nil && shapes[keys.outputWeights] != nil) {
            for name in [keys.inputWeights, keys.outputWeights] where shapes[name] == nil {
                throw ModelInputError(file: file, tensor: name, reason: "no tensor named \"\(name)\" (the file has: \(listing))")
            }
            if keys.explicit {
                for name in [keys.hiddenBias, keys.outputBias].compactMap({ $0 }) where shapes[name] == nil {
                    throw ModelInputError(file: file, tensor: name, reason: "no tensor named \"\(name)\" (the file has: \(listing))")
                }
            }
            return TensorSelection(inputWeights: keys.inputWeights, hiddenBias: keys.hiddenBias.flatMap { shapes[$0] != nil ? $0 : nil },
                                   outputWeights: keys.outputWeights, outputBias: keys.outputBias.flatMap { shapes[$0] != nil ? $0 : nil },
                                   autoDetected: false)
        }
        let matrices = catalogue.filter { $0.shape.count == 2 && $0.shape.allSatisfy { $0 > 0 } }
        var pairs: [(first: String, second: String, hidden: Int, outputs: Int)] = []
        for a in matrices {
            for b in matrices where b.name != a.name && b.shape[1] == a.shape[0] {
                pairs.append((a.name, b.name, a.shape[0], b.shape[0]))
            }
        }
        guard !pairs.isEmpty else {
            throw ModelInputError(file: file, reason: "no pair of linear layers (W1: l×d, W2: e×l) found among: \(listing); name them with --keys W1,b1,W2,b2")
        }
        guard pairs.count == 1, let pair = pairs.first else {
            // Layers in their natural order (`0.weight`, `2.weight`, `10.weight`; `fc1`, `fc2`):
            // only neighbours are offered, never `0.weight → 4.weight`.
            let ordered = matrices.sorted { naturalOrder($0.name, $1.name) }
            let neighbours = zip(ordered, ordered.dropFirst()).filter { $1.shape[1] == $0.shape[0] }
            let chains = neighbours.count == ordered.count - 1 && ordered.count >= 3
            let offered = neighbours.isEmpty ? pairs.map { ($0.first, $0.second) } : neighbours.map { ($0.name, $1.name) }
            // Each option is pasteable: the layer's own bias (`x.weight` → `x.bias`) or `-`.
            func bias(_ weight: String) -> String {
                guard weight.hasSuffix("weight") else { return "-" }
                let candidate = String(weight.dropLast("weight".count)) + "bias"
                return shapes[candidate] != nil ? candidate : "-"
            }
            let options = offered.prefix(6).map { "--keys \($0.0),\(bias($0.0)),\($0.1),\(bias($0.1))" }.joined(separator: "; ")
            if chains {
                let chain = ordered.map { "\($0.name) \($0.shape)" }.joined(separator: " → ")
                throw ModelInputError(file: file, reason: "the file holds \(ordered.count) chained linear layers (\(chain)): a network with \(ordered.count - 1) hidden layers; relutopo reads one hidden layer (two linear layers) today, so choose two neighbouring layers: \(options)")
            }
            throw ModelInputError(file: file, reason: "\(offered.count) pairs of layers fit W1: l×d, W2: e×l (\(options)); choose one with --keys W1,b1,W2,b2")
        }
        func bias(for weight: String, length: Int, excluding: Set<String>) throws(ModelInputError) -> String? {
            if weight.hasSuffix("weight") {
                let candidate = String(weight.dropLast("weight".count)) + "bias"
                if let shape = shapes[candidate] {
                    // The layer's own bias: it must fit, never be passed over in silence.
                    guard shape == [length] else {
                        throw ModelInputError(file: file, tensor: candidate, reason: "bias of \(weight) has shape \(shape), expected [\(length)]")
                    }
                    return candidate
                }
            }
            let vectors = catalogue.filter { $0.shape == [length] && !excluding.contains($0.name) }
            return vectors.count == 1 && !weight.hasSuffix("weight") ? vectors[0].name : nil
        }
        let b1 = try bias(for: pair.first, length: pair.hidden, excluding: [])
        let b2 = try bias(for: pair.second, length: pair.outputs, excluding: Set([b1].compactMap { $0 }))
        return TensorSelection(inputWeights: pair.first, hiddenBias: b1, outputWeights: pair.second, outputBias: b2, autoDetected: true)
    }
}

/// Names compared with digit runs as numbers: `2.weight` < `10.weight`, `fc2` < `fc10`.
func naturalOrder(_ a: String, _ b: String) -> Bool {
    func pieces(_ text: String) -> [(number: Int?, text: String)] {
        var result: [(number: Int?, text: String)] = []
        var current = ""
        var digits = false
        for character in text {
            let isDigit = character.isASCII && character.isNumber
            if isDigit != digits, !current.isEmpty {
                result.append((digits ? Int(current) : nil, current))
                current = ""
            }
            digits = isDigit
            current.append(character)
        }
        if !current.isEmpty { result.append((digits ? Int(current) : nil, current)) }
        return result
    }
    for (x, y) in zip(pieces(a), pieces(b)) {
        if let m = x.number, let n = y.number, m != n { return m < n }
        if x.text != y.text { return x.text < y.text }
    }
    return a.count < b.count
}
