// swift-tools-version:6.0
// relutopo — exact topology of the gradient-flow invariant set of two-layer ReLU networks.
import PackageDescription

let package = Package(
    name: "relutopo",
    products: [
        // MARK: Public API
        // The command line tool (SPEC §12 is its contract).
        .executable(name: "relutopo", targets: ["relutopo"]),
        // The exact model and its invariants; reading and writing it; topology,
        // symmetry, gradient flow, initialisation sweeps and the theory's cross-checks.
        .library(name: "ReluNetwork", targets: ["ReluNetwork"]),
        .library(name: "ModelIO", targets: ["ModelIO"]),
        .library(name: "InvariantTopology", targets: ["InvariantTopology"]),
        .library(name: "Symmetry", targets: ["Symmetry"]),
        .library(name: "GradientFlow", targets: ["GradientFlow"]),
        .library(name: "InitSweeps", targets: ["InitSweeps"]),
        .library(name: "ProofChecks", targets: ["ProofChecks"]),
        // Foundations the above are built on, usable on their own.
        .library(name: "ExactNumbers", targets: ["ExactNumbers"]),
        .library(name: "JSONDocument", targets: ["JSONDocument"]),
        .library(name: "Randomness", targets: ["Randomness"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: - Public API
        // Exact integers and rationals over GMP, exact sums of squares, the filtered sign (SPEC §8).
        .target(name: "ExactNumbers", dependencies: ["CGMP"]),
        // JSON documents whose numbers stay text (exact decimals); one writer for every output.
        .target(name: "JSONDocument"),
        // Seeded, machine-independent random streams (SplitMix64, xoshiro256++, ziggurat normals).
        .target(name: "Randomness"),
        // The two-layer network, its tensors and its exact invariants c_k (SPEC §1–§2). No file formats.
        .target(name: "ReluNetwork", dependencies: ["ExactNumbers"]),
        // Model files (.npy, .npz, .safetensors, model JSON), data CSV, and staged, atomic outputs (SPEC §12).
        .target(name: "ModelIO", dependencies: ["ReluNetwork", "ExactNumbers", "JSONDocument", "CZlib"]),
        .target(name: "InvariantTopology", dependencies: ["ExactNumbers", "ReluNetwork"]),
        .target(name: "Symmetry", dependencies: ["ExactNumbers", "ReluNetwork", "ModelIO", "InvariantTopology", "Randomness"]),
        .target(name: "GradientFlow", dependencies: ["ExactNumbers", "ReluNetwork", "ModelIO", "InvariantTopology", "Symmetry", "Randomness", "CBLAS", "CSundials", "CMalloc"]),
        .target(name: "InitSweeps", dependencies: ["ExactNumbers", "ReluNetwork", "JSONDocument", "InvariantTopology", "Symmetry", "Randomness"]),
        .target(name: "ProofChecks", dependencies: ["ExactNumbers", "JSONDocument", "ReluNetwork", "ModelIO", "InvariantTopology", "Symmetry", "GradientFlow", "Randomness"]),
        .executableTarget(
            name: "relutopo",
            dependencies: [
                "ExactNumbers", "JSONDocument", "ReluNetwork", "ModelIO", "InvariantTopology", "Symmetry", "GradientFlow",
                "InitSweeps", "ProofChecks", "Randomness",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // MARK: - Implementation details
        // System library shim: GMP (apt: libgmp-dev). SPEC §8.
        .systemLibrary(name: "CGMP", providers: [.apt(["libgmp-dev"])]),
        // System library shim: OpenBLAS CBLAS (apt: libopenblas-dev). Dense kernels of SPEC §9.
        .systemLibrary(name: "CBLAS", providers: [.apt(["libopenblas-dev"])]),
        // System library shim: SUNDIALS CVODE (apt: libsundials-dev). Integrator of SPEC §9.2.
        .systemLibrary(name: "CSundials", providers: [.apt(["libsundials-dev"])]),
        // glibc's mallopt (malloc.h is not in Swift's Glibc module): the flow's allocator setting.
        .systemLibrary(name: "CMalloc"),
        // System library shim: zlib (apt: zlib1g-dev), deflated .npz entries and CRC-32.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // Fuzzing entry point (scripts/fuzz builds it with libFuzzer; otherwise a replay tool).
        .executableTarget(name: "relutopo-fuzz", dependencies: ["ReluNetwork", "ModelIO", "InvariantTopology", "InitSweeps"]),
        // Shared by the test targets: fixture paths and the tests' random numbers.
        .target(name: "TestSupport", dependencies: ["ExactNumbers", "JSONDocument", "ReluNetwork", "Randomness"], path: "Tests/TestSupport"),

        // MARK: - Unit test bundles
        .testTarget(name: "ExactNumbersTests", dependencies: ["ExactNumbers", "TestSupport"]),
        .testTarget(name: "JSONDocumentTests", dependencies: ["JSONDocument", "TestSupport"]),
        .testTarget(name: "ReluNetworkTests", dependencies: ["ReluNetwork", "ExactNumbers", "TestSupport"]),
        .testTarget(name: "ModelIOTests", dependencies: ["ModelIO", "ReluNetwork", "JSONDocument", "ExactNumbers", "TestSupport"]),
        .testTarget(name: "InvariantTopologyTests", dependencies: ["InvariantTopology", "ReluNetwork", "ModelIO", "ExactNumbers", "TestSupport"]),
        .testTarget(name: "SymmetryTests", dependencies: ["Symmetry", "InvariantTopology", "ReluNetwork", "ModelIO", "ExactNumbers", "TestSupport"]),
        .testTarget(name: "GradientFlowTests", dependencies: ["GradientFlow", "ModelIO", "ReluNetwork", "ExactNumbers", "InvariantTopology", "Symmetry", "TestSupport"]),
        .testTarget(name: "RandomnessTests", dependencies: ["Randomness", "TestSupport"]),
        .testTarget(name: "InitSweepsTests", dependencies: ["InitSweeps", "Randomness", "JSONDocument", "ReluNetwork", "Symmetry", "InvariantTopology", "ExactNumbers", "TestSupport"]),
        .testTarget(name: "ProofChecksTests", dependencies: ["ProofChecks", "ExactNumbers", "InvariantTopology", "JSONDocument", "ReluNetwork", "ModelIO", "Randomness", "TestSupport"]),
        .testTarget(name: "relutopoTests", dependencies: ["relutopo", "JSONDocument", "ReluNetwork", "Symmetry", "ProofChecks", "TestSupport"]),
    ]
)
