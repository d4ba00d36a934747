// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "airoute",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AIRouter", targets: ["AIRouter"]),
        .library(name: "AIRoute", targets: ["AIRoute"]),
        .library(name: "AIRouteTesting", targets: ["AIRouteTesting"]),
        // Member health shared by several processes on PostgreSQL (`state: backend: postgres`).
        .library(name: "AIRoutePostgres", targets: ["AIRoutePostgres"]),
        // Exposed for the fuzz harnesses in Fuzz/ (the argument parser); not a supported API.
        .library(name: "AIRouteCLI", targets: ["AIRouteCLI"]),
        .executable(name: "airoute", targets: ["AIRouteMain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // AsyncHTTPClient's own dependency; named to tell its no-op tracer from a real one.
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.1.0"),
    ],
    targets: [
        // The Router: catalog, configuration parsing, capabilities, selection, health, failover.
        // No HTTP, no wire formats, no I/O: it parses the configuration text it is given and
        // routes on error classes that the providers in AIRoute assign.
        .target(
            name: "AIRouter",
            dependencies: [.product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The client library users import: the OpenAI-shaped client, the providers (wire formats,
        // HTTP status and error-code classification, Retry-After hints), the HTTP transport, and
        // reading the configuration file.
        .target(
            name: "AIRoute",
            dependencies: [
                "AIRouter",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        // A loopback fake provider server with scripted faults (NIO only).
        .target(
            name: "AIRouteTesting",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // `airoute serve`: the OpenAI-compatible HTTP gateway (Hummingbird). Only the CLI links it;
        // the libraries never depend on it.
        .target(
            name: "AIRouteServer",
            dependencies: [
                "AIRoute",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ]
        ),
        // Health shared by every replica: circuit transitions written to PostgreSQL and pushed to
        // the other processes with LISTEN/NOTIFY (docs/shared-health.md). Routing reads memory only.
        .target(
            name: "AIRoutePostgres",
            dependencies: [
                "AIRouter",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .systemLibrary(
            name: "CLibEdit",
            path: "Sources/CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
        ),
        // The exchange log (`airoute logs`, `chat --continue`): the system SQLite.
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "AIRouteCLI",
            dependencies: [
                "AIRoute", "AIRouteServer", "AIRoutePostgres", "CLibEdit", "CSQLite",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "AIRouteMain", dependencies: ["AIRouteCLI"]),
        // The seed's library interface as a user program (no shutdown()); SeedAPIProgramTests runs it.
        .executableTarget(name: "SeedAPIProgram", dependencies: ["AIRoute"], path: "examples/SeedAPIProgram"),
        .testTarget(name: "AIRouterTests", dependencies: ["AIRouter"]),
        .testTarget(
            name: "AIRouteTests",
            dependencies: [
                "AIRoute", "AIRouteTesting", "AIRouteCLI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            // Real provider answers replayed by RecordingCorpusTests (one directory per provider).
            resources: [.copy("Recordings")]
        ),
        .testTarget(
            name: "AIRouteServerTests",
            dependencies: [
                "AIRouteServer", "AIRoute", "AIRouteTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            // The official SDK programs (Python, JavaScript) that ServerSDKTests runs against the gateway.
            resources: [.copy("Clients")]
        ),
        .testTarget(name: "AIRouteCLITests", dependencies: ["AIRouteCLI", "AIRouteTesting"]),
        // Shared health against real PostgreSQL servers that the tests start (PostgresServer).
        .testTarget(
            name: "AIRoutePostgresTests",
            dependencies: [
                "AIRoutePostgres", "AIRoute", "AIRouteTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
