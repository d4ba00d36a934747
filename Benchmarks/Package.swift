// swift-tools-version:6.1
// A separate package: the root package never references it, so it adds nothing to the main build or CI.
import PackageDescription

// A path dependency's identity is its directory's name (`main` here, `airoute` in a clone named so).
let root = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "airoute").lowercased()

let package = Package(
    name: "airoute-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // Micro-benchmarks: `swift package --package-path Benchmarks benchmark`.
        .executableTarget(
            name: "AIRouteBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "AIRouter", package: root),
                .product(name: "AIRoute", package: root),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/AIRouteBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The load driver: N requests at concurrency C through OpenAIClient (or bare AHC with --raw).
        .executableTarget(
            name: "airoute-load",
            dependencies: [
                .product(name: "AIRoute", package: root),
                .product(name: "AIRouter", package: root),
                .product(name: "AIRouteTesting", package: root),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Sources/AIRouteLoad"
        ),
        // The fake OpenAI upstream of gateway.sh: pre-rendered answers, paced streams, NIO only.
        .executableTarget(
            name: "bench-upstream",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Sources/BenchUpstream"
        ),
    ],
    swiftLanguageModes: [.v6]
)
