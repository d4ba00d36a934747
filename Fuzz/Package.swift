// swift-tools-version:6.1
// libFuzzer harnesses for airoute's parsers of untrusted input. A separate package, so building
// with `-sanitize=fuzzer` never touches the main build or CI. Build and run (see README, "Fuzzing"):
//
//   swift build -c debug --package-path Fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library
//   Fuzz/.build/debug/FuzzSSEDecoder -max_total_time=300 /tmp/sse-corpus Fuzz/Corpus/sse-decoder
//
// CI does not build this package: the unit tests FuzzCorpusReplayTests (AIRouteTests) and
// ArgumentsFuzzCorpusReplayTests (AIRouteCLITests) feed every file of Fuzz/Corpus/ through the
// same calls.
import PackageDescription

let package = Package(
    name: "airoute-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "airoute", path: "..")],
    targets: [
        .executableTarget(name: "FuzzSSEDecoder", dependencies: [.product(name: "AIRoute", package: "airoute")]),
        .executableTarget(name: "FuzzRetryAfter", dependencies: [.product(name: "AIRoute", package: "airoute")]),
        .executableTarget(name: "FuzzConfiguration", dependencies: [.product(name: "AIRouter", package: "airoute")]),
        .executableTarget(name: "FuzzArguments", dependencies: [.product(name: "AIRouteCLI", package: "airoute")]),
    ],
    swiftLanguageModes: [.v6]
)
