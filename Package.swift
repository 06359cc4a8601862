// swift-tools-version:6.0
import PackageDescription

/// Settings every Swift target shares: Swift 6 language mode plus the upcoming features STYLE.md asks for.
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
        .target(name: "MiniHTTP", swiftSettings: strictSettings),
        .target(name: "CanaryStore", dependencies: ["CSQLite"], swiftSettings: strictSettings),
        .target(name: "CanaryAPI", dependencies: ["MiniHTTP", "CanaryStore"], swiftSettings: strictSettings),
        .executableTarget(name: "canary-mock", dependencies: ["CanaryAPI", "MiniHTTP", "CanaryStore"], swiftSettings: strictSettings),

        .target(name: "TestSupport", dependencies: ["MiniHTTP"], path: "Tests/TestSupport", swiftSettings: strictSettings),
        .testTarget(name: "MiniHTTPTests", dependencies: ["MiniHTTP", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "CanaryStoreTests", dependencies: ["CanaryStore"], swiftSettings: strictSettings),
        .testTarget(name: "CanaryAPITests", dependencies: ["CanaryAPI", "MiniHTTP", "CanaryStore", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "CanaryMockTests", dependencies: ["MiniHTTP", "TestSupport"], swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)
