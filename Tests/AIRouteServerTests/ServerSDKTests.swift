import AIRouteTesting
import Foundation
import Testing

/// The official OpenAI Python SDK, and a Node `fetch` client parsing SSE as openai-node does,
/// against `airoute serve` on loopback over the fake provider (the contract is docs/server.md). Each case starts its own fake and gateway, so health never
/// leaks between cases; the program checks what the client sees, this suite what reached upstream.
// Serialized: each case starts a Python or Node process (about a CPU-second to import the SDK);
// two dozen at once would starve the rest of the suite on a small CI machine.
@Suite("Official SDKs against airoute serve", .serialized)
struct ServerSDKTests {
    @Test(
        "openai-python", .enabled(if: ClientPrograms.python != nil || ClientPrograms.required, pythonMissing),
        arguments: ClientCase.python)
    func python(_ clientCase: ClientCase) async throws {
        let python = try #require(ClientPrograms.python, "AIROUTE_REQUIRE_SDK_TESTS=1: \(pythonMissing)")
        try await run(clientCase, python, program: "sdk_suite.py")
    }

    @Test(
        "Node fetch, SSE parsed as openai-node does",
        .enabled(if: ClientPrograms.node != nil || ClientPrograms.required, nodeMissing), arguments: ClientCase.node)
    func node(_ clientCase: ClientCase) async throws {
        let node = try #require(ClientPrograms.node, "AIROUTE_REQUIRE_SDK_TESTS=1: \(nodeMissing)")
        try await run(clientCase, node, program: "stream_fetch.mjs")
    }

    /// Every case `sdk_suite.py` defines is run above: a case added there and not here fails.
    @Test(.enabled(if: ClientPrograms.python != nil || ClientPrograms.required, pythonMissing))
    func everyPythonCaseRuns() async throws {
        let python = try #require(ClientPrograms.python, "AIROUTE_REQUIRE_SDK_TESTS=1: \(pythonMissing)")
        let script = try ClientPrograms.directory.appendingPathComponent("sdk_suite.py").path
        let listing = try await ClientPrograms.run(
            python, [script, "--list"], environment: ClientPrograms.environment([:]))
        #expect(listing.status == 0, "\(listing.output)")
        #expect(listing.output.split(separator: "\n").map(String.init) == ClientCase.python.map(\.name))
    }

    /// Scripts the fake, starts the gateway, runs `program CASE` and checks its exit and the upstream requests.
    private func run(_ clientCase: ClientCase, _ interpreter: String, program: String) async throws {
        let path = try ClientPrograms.directory.appendingPathComponent(program).path
        try await SDKGateway.withGateway(defaults: clientCase.defaults, script: clientCase.script) { fake, origin in
            let result = try await ClientPrograms.run(
                interpreter, [path, origin, clientCase.name],
                environment: ClientPrograms.environment(SDKGateway.programEnvironment))
            #expect(!result.timedOut, "\(program) \(clientCase.name) timed out:\n\(result.output)")
            #expect(result.status == 0, "\(program) \(clientCase.name) exited \(result.status):\n\(result.output)")
            let received = Dictionary(grouping: fake.requests.compactMap(\.model), by: { $0 }).mapValues(\.count)
            #expect(
                received == clientCase.upstream,
                "upstream requests by model; all: \(fake.requests.map(\.description))")
        }
    }
}

private let pythonMissing: Comment =
    "needs python3 on PATH with the official openai package (pip install openai); CI requires it"
private let nodeMissing: Comment = "needs node 18 or later on PATH (global fetch); CI requires it"
