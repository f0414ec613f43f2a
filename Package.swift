// swift-tools-version:6.0
// relutopo — exact topology of the gradient-flow invariant set of two-layer ReLU networks.
import PackageDescription

let package = Package(
    name: "relutopo",
    products: [
        .executable(name: "relutopo", targets: ["relutopo"]),
        .library(name: "ExactNumbers", targets: ["ExactNumbers"]),
        .library(name: "ReluNetwork", targets: ["ReluNetwork"]),
        .library(name: "InvariantTopology", targets: ["InvariantTopology"]),
        .library(name: "Symmetry", targets: ["Symmetry"]),
        .library(name: "GradientFlow", targets: ["GradientFlow"]),
        .library(name: "Randomness", targets: ["Randomness"]),
        .library(name: "InitSweeps", targets: ["InitSweeps"]),
        .library(name: "ProofChecks", targets: ["ProofChecks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System library shim: GMP (apt: libgmp-dev). SPEC §8.
        .systemLibrary(name: "CGMP", providers: [.apt(["libgmp-dev"])]),
        // System library shim: OpenBLAS CBLAS (apt: libopenblas-dev). Dense kernels of SPEC §9.
        .systemLibrary(name: "CBLAS", providers: [.apt(["libopenblas-dev"])]),
        // System library shim: SUNDIALS CVODE (apt: libsundials-dev). Integrator of SPEC §9.2.
        .systemLibrary(name: "CSundials", providers: [.apt(["libsundials-dev"])]),
        // glibc's mallopt (malloc.h is not in Swift's Glibc module): the flow's allocator setting.
        .systemLibrary(name: "CMalloc"),
        .target(name: "ExactNumbers", dependencies: ["CGMP"]),
        // System library shim: zlib (apt: zlib1g-dev), deflated .npz entries and CRC-32.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "ReluNetwork", dependencies: ["ExactNumbers", "CZlib"]),
        .target(name: "InvariantTopology", dependencies: ["ExactNumbers", "ReluNetwork"]),
        .target(name: "Symmetry", dependencies: ["ExactNumbers", "ReluNetwork", "InvariantTopology"]),
        // Seeded, machine-independent random streams (SplitMix64, xoshiro256++, ziggurat normals).
        .target(name: "Randomness"),
        .target(name: "GradientFlow", dependencies: ["ExactNumbers", "ReluNetwork", "Symmetry", "Randomness", "CBLAS", "CSundials", "CMalloc"]),
        .target(name: "InitSweeps", dependencies: ["ExactNumbers", "ReluNetwork", "InvariantTopology", "Symmetry", "Randomness"]),
        .target(name: "ProofChecks", dependencies: ["ExactNumbers", "ReluNetwork", "InvariantTopology", "Symmetry", "GradientFlow", "Randomness"]),
        .executableTarget(
            name: "relutopo",
            dependencies: [
                "ExactNumbers", "ReluNetwork", "InvariantTopology", "Symmetry", "GradientFlow", "InitSweeps", "ProofChecks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Fuzzing entry point (scripts/fuzz builds it with libFuzzer; otherwise a replay tool).
        .executableTarget(name: "relutopo-fuzz", dependencies: ["ReluNetwork", "InvariantTopology", "InitSweeps"]),
        .testTarget(name: "ExactNumbersTests", dependencies: ["ExactNumbers"]),
        .testTarget(name: "ReluNetworkTests", dependencies: ["ReluNetwork", "ExactNumbers"]),
        .testTarget(name: "InvariantTopologyTests", dependencies: ["InvariantTopology", "ReluNetwork", "ExactNumbers"]),
        .testTarget(name: "SymmetryTests", dependencies: ["Symmetry", "InvariantTopology", "ReluNetwork", "ExactNumbers"]),
        .testTarget(name: "GradientFlowTests", dependencies: ["GradientFlow", "ReluNetwork", "ExactNumbers", "Symmetry"]),
        .testTarget(name: "RandomnessTests", dependencies: ["Randomness"]),
        .testTarget(name: "InitSweepsTests", dependencies: ["InitSweeps", "Randomness", "ReluNetwork", "Symmetry", "InvariantTopology", "ExactNumbers"]),
        .testTarget(name: "ProofChecksTests", dependencies: ["ProofChecks", "ExactNumbers", "Randomness"]),
        .testTarget(name: "relutopoTests", dependencies: ["relutopo", "ReluNetwork"]),
    ]
)
