// swift-tools-version:6.2
import PackageDescription

/// Rampart's own targets build in Swift 6 mode with warnings as errors; dependencies are not affected.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .unsafeFlags(["-warnings-as-errors"]),
]

let package = Package(
    name: "rampart",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rampart", targets: ["rampart"]),
        .library(name: "RampartApp", targets: ["RampartApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/async-kit.git", from: "1.22.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    ],
    targets: [
        .target(name: "RampartCore", swiftSettings: strict),
        .target(
            name: "RampartYAML",
            dependencies: ["RampartCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict),
        .target(
            name: "RampartMatrix",
            dependencies: ["RampartCore", "RampartYAML"],
            resources: [.copy("Catalog/controls.yaml")],
            swiftSettings: strict),
        .target(
            name: "RampartStorage",
            dependencies: [
                "RampartCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "AsyncKit", package: "async-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "RampartDetection",
            dependencies: ["RampartCore", "RampartStorage", "RampartPolicy", .product(name: "SQLKit", package: "sql-kit"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(
            name: "RampartDetectors", dependencies: ["RampartCore"],
            resources: [.copy("Resources/injection-model.bin"), .copy("Resources/first-names.txt"), .copy("Resources/last-names.txt"),
                        .copy("Resources/countries.txt")],
            swiftSettings: strict),
        .target(
            name: "RampartPrivacy",
            dependencies: [
                "RampartCore", "RampartStorage", "RampartKeys", .product(name: "SQLKit", package: "sql-kit"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .target(
            name: "RampartPosture",
            dependencies: [
                "RampartCore", "RampartYAML", "RampartAWS", .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .target(
            name: "RampartAWS", dependencies: ["RampartCore", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        // PKCS#11's C declarations (needs libp11-kit-dev; scripts/demo and scripts/test install it).
        .target(name: "CPKCS11"),
        .target(
            name: "RampartKeys",
            dependencies: [
                "RampartCore", "RampartAWS", "RampartStorage", "RampartPolicy", "CPKCS11",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .target(
            name: "RampartAudit",
            dependencies: [
                "RampartCore", "RampartStorage",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(name: "RampartPolicy", dependencies: ["RampartCore", "RampartYAML"], swiftSettings: strict),
        .target(
            name: "RampartIdentity",
            dependencies: [
                "RampartCore", "RampartPolicy", "RampartStorage",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "RampartGateway",
            dependencies: [
                "RampartCore", "RampartMatrix", "RampartPolicy", "RampartDetectors", "RampartAWS",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .target(
            name: "RampartApp",
            dependencies: [
                "RampartCore", "RampartYAML", "RampartMatrix", "RampartStorage", "RampartGateway", "RampartPolicy", "RampartIdentity",
                "RampartDetectors", "RampartPrivacy", "RampartAWS", "RampartKeys", "RampartAudit", "RampartDetection", "RampartPosture",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "rampart",
            dependencies: [
                "RampartApp", "RampartCore", "RampartMatrix", "RampartYAML", "RampartPolicy", "RampartDetectors", "RampartKeys", "RampartAudit", "RampartDetection",
                "RampartPosture",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // In-process benchmarks (`swift run -c release rampart-bench`); load benchmarks are scripts beside it.
        .executableTarget(
            name: "rampart-bench",
            dependencies: [
                "RampartCore", "RampartPolicy", "RampartIdentity", "RampartStorage", "RampartDetectors", "RampartKeys", "RampartAudit", "RampartDetection",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/RampartBench", swiftSettings: strict),
        // The stack's floor under the gateway (Hummingbird and AsyncHTTPClient alone), for Benchmarks/gateway/floor.sh.
        .executableTarget(
            name: "gateway-floor",
            dependencies: [
                "RampartGateway",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/GatewayFloor", swiftSettings: strict),
        .target(
            name: "RampartTestSupport",
            dependencies: ["RampartStorage", "RampartKeys", .product(name: "Crypto", package: "swift-crypto"), .product(name: "SQLKit", package: "sql-kit"), .product(name: "Logging", package: "swift-log")],
            path: "Tests/RampartTestSupport", swiftSettings: strict),
        .testTarget(
            name: "RampartPostureTests",
            dependencies: [
                "RampartPosture", "RampartCore", "RampartYAML", "RampartAWS", "RampartMatrix", "RampartTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["Fixtures", "Golden"],
            swiftSettings: strict),
        .testTarget(name: "RampartYAMLTests", dependencies: ["RampartYAML", "RampartCore"], swiftSettings: strict),
        .testTarget(name: "RampartDetectionTests", dependencies: ["RampartDetection", "RampartStorage", "RampartTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "RampartMatrixTests",
            dependencies: ["RampartMatrix", "RampartCore", "RampartYAML"],
            exclude: ["Golden"],
            swiftSettings: strict),
        .testTarget(
            name: "RampartStorageTests",
            dependencies: [
                "RampartStorage", "RampartCore", "RampartTestSupport",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "RampartGatewayTests",
            dependencies: [
                "RampartGateway", "RampartCore", "RampartMatrix", "RampartApp", "RampartTestSupport", "RampartPolicy", "RampartIdentity",
                "RampartStorage", "RampartYAML", "RampartPrivacy", "RampartDetectors", "RampartAWS", "RampartKeys", "RampartAudit", "RampartDetection",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "RampartDetectorsTests", dependencies: ["RampartDetectors", "RampartCore", "RampartTestSupport"], exclude: ["Golden", "Corpus"],
            swiftSettings: strict),
        .testTarget(
            name: "RampartPrivacyTests", dependencies: ["RampartPrivacy", "RampartKeys", "RampartStorage", "RampartTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "RampartKeysTests",
            dependencies: [
                "RampartKeys", "RampartAWS", "RampartCore", "RampartTestSupport", "RampartStorage", "RampartPolicy",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "RampartAuditTests",
            dependencies: [
                "RampartAudit", "RampartCore", "RampartStorage", "RampartTestSupport",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "RampartAWSTests", dependencies: ["RampartAWS", "RampartCore", "RampartTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "RampartPolicyTests", dependencies: ["RampartPolicy", "RampartCore", "RampartYAML", "RampartTestSupport"], exclude: ["Golden"],
            swiftSettings: strict),
        .testTarget(
            name: "RampartIdentityTests",
            dependencies: [
                "RampartIdentity", "RampartPolicy", "RampartStorage", "RampartCore", "RampartTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "RampartAppTests",
            dependencies: [
                "RampartApp", "RampartCore", "RampartMatrix", "RampartStorage", "RampartYAML", "RampartPrivacy", "RampartGateway", "RampartAWS",
                "RampartKeys", "RampartAudit", "RampartDetection", "RampartPosture", "RampartTestSupport",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // Runs the built `rampart` binary; depending on the executable makes `swift test` build it first.
        .testTarget(
            name: "RampartCLITests",
            dependencies: [
                "rampart", "RampartApp", "RampartTestSupport", "RampartKeys", "RampartAudit", "RampartStorage",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
