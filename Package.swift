// swift-tools-version:6.0
import PackageDescription

/// Settings every Swift target shares: Swift 6 language mode plus the upcoming features the project uses (ExistentialAny, MemberImportVisibility).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "canary-mock",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "canary-mock", targets: ["canary-mock"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "Basics", swiftSettings: strictSettings),
        .target(name: "MiniHTTP", dependencies: ["Basics"], swiftSettings: strictSettings),
        .target(name: "MiniDNS", dependencies: ["Basics"], swiftSettings: strictSettings),
        .target(name: "CanaryStore", dependencies: ["CSQLite", "Basics"], swiftSettings: strictSettings),
        .target(name: "TokenFiles", dependencies: ["CZlib", "Basics"], swiftSettings: strictSettings),
        .target(name: "CanaryAPI", dependencies: ["MiniHTTP", "MiniDNS", "CanaryStore", "TokenFiles", "Basics"], swiftSettings: strictSettings),
        .executableTarget(name: "canary-mock", dependencies: ["CanaryAPI", "MiniHTTP", "MiniDNS", "CanaryStore", "Basics"], swiftSettings: strictSettings),

        .target(name: "TestSupport", dependencies: ["MiniHTTP", "Basics"], path: "Tests/TestSupport", swiftSettings: strictSettings),
        .testTarget(name: "MiniHTTPTests", dependencies: ["MiniHTTP", "TestSupport", "Basics"], swiftSettings: strictSettings),
        .testTarget(name: "MiniDNSTests", dependencies: ["MiniDNS", "Basics"], swiftSettings: strictSettings),
        .testTarget(name: "CanaryStoreTests", dependencies: ["CanaryStore", "Basics"], swiftSettings: strictSettings),
        .testTarget(name: "CanaryAPITests", dependencies: ["CanaryAPI", "MiniHTTP", "MiniDNS", "CanaryStore", "TestSupport", "Basics"], swiftSettings: strictSettings),
        .testTarget(name: "TokenFilesTests", dependencies: ["TokenFiles", "Basics"], swiftSettings: strictSettings),
        .testTarget(name: "BasicsTests", dependencies: ["Basics"], swiftSettings: strictSettings),
        .testTarget(name: "CanaryMockTests", dependencies: ["MiniHTTP", "TestSupport", "Basics"], swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)

// Fuzzing (fuzz/run): libFuzzer targets exist only when the environment has FUZZ=1, so a normal build and the
// test suite never see them. The library targets get the same instrumentation, or libFuzzer would only see the
// coverage of the harness itself; ASan checks every module the fuzzers reach.
if Context.environment["FUZZ"] == "1" {
    let sanitizers = ["-sanitize=fuzzer,address"]
    for target in package.targets where ["Basics", "MiniHTTP", "MiniDNS", "CanaryStore", "TokenFiles", "CanaryAPI"].contains(target.name) {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(sanitizers)]
    }
    func fuzzTarget(_ name: String, _ dependencies: [Target.Dependency], path: String) -> Target {
        // SwiftPM links a Swift executable with `main` renamed to `<module>_main`, so libFuzzer's `main` cannot be
        // the entry point (and -parse-as-library leaves nothing to rename). Each target's main.swift is that
        // entry point instead and hands over to libFuzzer's driver (fuzz/Driver).
        .executableTarget(
            name: name, dependencies: dependencies + ["FuzzDriver"], path: path,
            swiftSettings: strictSettings + [.unsafeFlags(sanitizers)],
            linkerSettings: [.unsafeFlags(sanitizers)]
        )
    }
    package.targets += [
        .target(name: "FuzzDriver", path: "fuzz/Driver"),
        fuzzTarget("FuzzHTTPParser", ["MiniHTTP"], path: "fuzz/HTTPParser"),
        fuzzTarget("FuzzForms", ["MiniHTTP"], path: "fuzz/Forms"),
        fuzzTarget("FuzzJSONReader", ["MiniHTTP"], path: "fuzz/JSONReader"),
        fuzzTarget("FuzzResponder", ["CanaryAPI", "CanaryStore", "MiniHTTP", "Basics"], path: "fuzz/Responder"),
        fuzzTarget("FuzzWordUpload", ["TokenFiles"], path: "fuzz/WordUpload"),
        fuzzTarget("FuzzSeedFile", ["CanaryAPI", "CanaryStore"], path: "fuzz/SeedFile"),
        fuzzTarget("FuzzDNS", ["MiniDNS", "CanaryAPI"], path: "fuzz/DNS"),
    ]
}
