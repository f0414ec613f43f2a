/// A monomial of degree at most 16 in up to 65 534 variables: the sorted
/// multiset of its variables (index + 1 per lane, 0 in the unused lanes).
/// Inline and hashable (no allocation per monomial).
public struct Monomial: Hashable, Sendable {
    public static let maximumDegree = 16
    var lanes = SIMD16<UInt16>()

    public init() {}

    /// The product of `variables` (0-based indices, any order, repeats allowed; at most 16).
    public init(_ variables: [Int]) {
        for (lane, variable) in variables.sorted().enumerated() { lanes[lane] = UInt16(variable + 1) }
    }

    public var degree: Int {
        var count = 0
        while count < 16 && lanes[count] != 0 { count += 1 }
        return count
    }

    /// The variables with their exponents, in increasing order.
    public var powers: [(variable: Int, exponent: Int)] {
        var result: [(variable: Int, exponent: Int)] = []
        for lane in 0..<16 {
            let tag = lanes[lane]
            if tag == 0 { break }
            let variable = Int(tag) - 1
            if let last = result.last, last.variable == variable {
                result[result.count - 1].exponent += 1
            } else {
                result.append((variable, 1))
            }
        }
        return result
    }

    /// `self · other`, nil when the degree would pass 16.
    public func times(_ other: Monomial) -> Monomial? {
        let first = degree, second = other.degree
        guard first + second <= Monomial.maximumDegree else { return nil }
        var result = Monomial()
        var i = 0, j = 0
        for lane in 0..<(first + second) {
            if j >= second || (i < first && lanes[i] <= other.lanes[j]) {
                result.lanes[lane] = lanes[i]
                i += 1
            } else {
                result.lanes[lane] = other.lanes[j]
                j += 1
            }
        }
        return result
    }

    /// `self / θ_variable` (one occurrence removed); the variable must occur.
    public func removing(_ variable: Int) -> Monomial {
        var result = Monomial()
        let tag = UInt16(variable + 1)
        var out = 0, removed = false
        for lane in 0..<16 {
            let value = lanes[lane]
            if value == 0 { break }
            if !removed && value == tag {
                removed = true
                continue
            }
            result.lanes[out] = value
            out += 1
        }
        return result
    }

    /// `Π θ_v` at a point given in `F_p`.
    public func value(at point: [UInt64]) -> UInt64 {
        var product: UInt64 = 1
        for lane in 0..<16 {
            let tag = lanes[lane]
            if tag == 0 { break }
            product = PrimeField.multiply(product, point[Int(tag) - 1])
        }
        return product
    }
}

/// A polynomial vector field on `F_p^D` (SPEC §11.2 generalised to the
/// deep family, §13): per coordinate, a sparse polynomial `monomial → coefficient`.
/// Coefficients are reductions of integers (the fields are brackets of integer fields).
public struct PolynomialField: Sendable {
    public var components: [Int: [Monomial: UInt64]] = [:]

    public init() {}

    public init(components: [Int: [Monomial: UInt64]]) { self.components = components }

    public var isZero: Bool { components.values.allSatisfy(\.isEmpty) }

    public var termCount: Int { components.values.reduce(0) { $0 + $1.count } }

    public var degree: Int { components.values.flatMap(\.keys).map(\.degree).max() ?? 0 }

    /// The gradient of a monomial with coefficient 1 (a path product: every exponent 1 or more).
    public static func gradient(of monomial: Monomial) -> PolynomialField {
        var field = PolynomialField()
        for (variable, exponent) in monomial.powers {
            field.components[variable] = [monomial.removing(variable): PrimeField.element(exponent)]
        }
        return field
    }

    mutating func add(_ coefficient: UInt64, _ monomial: Monomial, at coordinate: Int) {
        guard coefficient != 0 else { return }
        let sum = PrimeField.add(components[coordinate, default: [:]][monomial] ?? 0, coefficient)
        if sum == 0 {
            components[coordinate]?[monomial] = nil
            if components[coordinate]?.isEmpty == true { components[coordinate] = nil }
        } else {
            components[coordinate, default: [:]][monomial] = sum
        }
    }

    /// `Σ_j X_j ∂_j Y` for `X = self` (the derivative of `Y` along `X`), added with `sign` to `result`.
    /// Throws when a product passes degree 16.
    func derivative(of y: PolynomialField, sign: UInt64, into result: inout PolynomialField) throws(LieComputationError) {
        for (coordinate, polynomial) in y.components {
            for (monomial, coefficient) in polynomial {
                for (variable, exponent) in monomial.powers {
                    guard let along = components[variable] else { continue }
                    let reduced = monomial.removing(variable)
                    let factor = PrimeField.multiply(sign, PrimeField.multiply(coefficient, PrimeField.element(exponent)))
                    for (other, value) in along {
                        guard let product = reduced.times(other) else {
                            throw LieComputationError(description: "a bracket has degree above \(Monomial.maximumDegree); lower --depth", tooLarge: true)
                        }
                        result.add(PrimeField.multiply(factor, value), product, at: coordinate)
                    }
                }
            }
        }
    }

    /// The Lie bracket `[X, Y] = DY·X − DX·Y` (`X = self`): in coordinates
    /// `[X, Y]_i = Σ_j X_j ∂_j Y_i − Y_j ∂_j X_i`. For linear fields `Sθ`, `Tθ`
    /// it is `(TS − ST)θ`, the commutator of the two-layer code up to sign.
    public func bracket(_ y: PolynomialField) throws(LieComputationError) -> PolynomialField {
        var result = PolynomialField()
        try derivative(of: y, sign: 1, into: &result)
        try y.derivative(of: self, sign: PrimeField.negate(1), into: &result)
        return result
    }

    /// The field's non-zero coordinates at `point`.
    public func sparseValue(at point: [UInt64]) -> [(coordinate: Int, value: UInt64)] {
        var result: [(coordinate: Int, value: UInt64)] = []
        for (coordinate, polynomial) in components {
            var sum: UInt64 = 0
            for (monomial, coefficient) in polynomial {
                sum = PrimeField.add(sum, PrimeField.multiply(coefficient, monomial.value(at: point)))
            }
            if sum != 0 { result.append((coordinate, sum)) }
        }
        return result
    }

    /// The field's value at `point` (length `dimension`).
    public func value(at point: [UInt64], dimension: Int) -> [UInt64] {
        var vector = [UInt64](repeating: 0, count: dimension)
        for (coordinate, polynomial) in components {
            var sum: UInt64 = 0
            for (monomial, coefficient) in polynomial {
                sum = PrimeField.add(sum, PrimeField.multiply(coefficient, monomial.value(at: point)))
            }
            vector[coordinate] = sum
        }
        return vector
    }
}
