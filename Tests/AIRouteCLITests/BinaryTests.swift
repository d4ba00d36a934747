import AIRoute
import AIRouteTesting
import Foundation
import Testing

/// The built `airoute` binary, run as a subprocess against the fake server and the mock provider.
@Suite(.timeLimit(.minutes(2)))
struct BinaryTests {
    let airoute: Airoute
    let offline = Airoute.repository + "/examples/offline.yaml"

    init() throws { airoute = try Airoute() }

    @Test func versionAndHelp() async throws {
        let version = try await airoute.run(["--version"])
        #expect(version.status == 0 && version.out == "0.1.0\n")
        let help = try await airoute.run(["chat", "--help"])
        let helpCommand = try await airoute.run(["help", "chat"])
        let short = try await airoute.run(["chat", "-h"])
        #expect(help.status == 0 && help.out.contains("USAGE: airoute chat"))
        #expect(help.out == helpCommand.out && help.out == short.out)
    }

    @Test func usageErrorsExit64WithUsageOnStderr() async throws {
        let result = try await airoute.run(["chat", "--max-tokns", "5", "hi"])
        #expect(result.status == 64)
        #expect(result.out.isEmpty)
        #expect(result.err.contains("Error: Unknown option '--max-tokns'. Did you mean '--max-tokens'?"))
        #expect(result.err.contains("Usage: airoute chat"))
    }

    @Test func offlineExampleAnswersAfterVisibleFailover() async throws {
        let quiet = try await airoute.run(["-c", offline, "chat", "Hello"])
        #expect(quiet.status == 0)
        #expect(quiet.out.contains("Hello"))
        #expect(quiet.err.isEmpty)  // not a terminal and no -v: no notices
        let verbose = try await airoute.run(["-c", offline, "--no-state", "-v", "chat", "--no-stream", "Hello"])
        #expect(verbose.status == 0)
        #expect(verbose.err.contains("served by mock-chat"))
        #expect(!verbose.out.contains("served by"))
    }

    @Test func oneShotPipedAndJSONAgainstTheFakeServer() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(fakeConfig(server, members: ["a", "b"]))
            let env = ["FAKE_KEY": "sk-test"]
            let plain = try await airoute.run(["-c", config, "chat", "Hi"], env: env)
            #expect(plain.status == 0 && plain.out == "Hello from a\n")

            let piped = try await airoute.run(
                ["-c", config, "chat", "Summarize"], env: env, stdin: Data("the piped context".utf8))
            #expect(piped.status == 0)
            let body = server.requests(model: "a").last?.bodyText ?? ""
            #expect(body.contains("Summarize") && body.contains("the piped context"))

            server.script(model: "a", [.status(503)])
            let json = try await airoute.run(["-c", config, "--json", "chat", "Hi"], env: env)
            #expect(json.status == 0)
            let response = try JSONDecoder().decode(CompletionResponse.self, from: json.outData)
            #expect(response.routing.member == "b")
            #expect(response.routing.attempts.map(\.errorClass) == [.transient, nil])
            #expect(response.choices.first?.message.content?.text == "Hello from b")
        }
    }

    @Test func exitCodesForEveryOutcome() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(fakeConfig(server, members: ["a", "b"]))
            let env = ["FAKE_KEY": "sk-test"]
            // 1: the provider rejected the request (not failed over).
            server.script(model: "a", [.status(400, message: "bad temperature")])
            let rejected = try await airoute.run(["-c", config, "--no-state", "chat", "Hi"], env: env)
            #expect(rejected.status == 1)
            #expect(rejected.err.contains("bad temperature"))
            #expect(server.requestCount(model: "b") == 0)
            // 69: no member could serve.
            server.script(model: "a", [.status(503)])
            server.script(model: "b", [.status(500)])
            let down = try await airoute.run(["-c", config, "--no-state", "chat", "Hi"], env: env)
            #expect(down.status == 69)
            #expect(down.err.contains("a (fake): transient 503") && down.err.contains("b (fake): transient 500"))
            // 75: every member rate limited, then (with state) every member cooling down.
            server.script(model: "a", [.rateLimited(retryAfter: "120")])
            server.script(model: "b", [.rateLimited(retryAfter: "60")])
            let limited = try await airoute.run(["-c", config, "chat", "Hi"], env: env)
            #expect(limited.status == 75)
            let cooling = try await airoute.run(["-c", config, "chat", "Hi"], env: env)
            #expect(cooling.status == 75)
            #expect(cooling.err.contains("a (fake): cooling down (rate_limited 429) for another "))
            #expect(cooling.err.contains("b (fake): cooling down (rate_limited 429) for another "))
            #expect(!cooling.err.contains("Z"))  // no UTC timestamp, said once or twice
            #expect(cooling.err.contains("airoute health --reset text-generation"))
            // The reset clears it: the next call reaches the members again.
            let reset = try await airoute.run(["-c", config, "health", "--reset", "text-generation"], env: env)
            #expect(reset.status == 0)
            let served = try await airoute.run(["-c", config, "chat", "Hi"], env: env)
            #expect(served.status == 0)
            // 78: configuration error, all problems at once.
            let bad = try airoute.config(
                "version: 1\npools:\n  p: {operation: chat, stratgy: priority, members: [nope]}\n", name: "bad.yaml")
            let config78 = try await airoute.run(["-c", bad, "chat", "Hi"])
            #expect(config78.status == 78)
            #expect(config78.err.contains("bad.yaml:3"))
            #expect(config78.err.contains("did you mean 'strategy'"))
            // 64: unknown pool.
            let unknown = try await airoute.run(["-c", config, "chat", "-m", "text-generaton", "Hi"], env: env)
            #expect(unknown.status == 64)
            #expect(unknown.err.contains("did you mean 'text-generation'"))
        }
    }

    @Test func healthPersistsBetweenInvocations() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(fakeConfig(server, members: ["a", "b"]))
            let env = ["FAKE_KEY": "sk-test"]
            server.script(model: "a", [.status(503)])
            let first = try await airoute.run(["-c", config, "chat", "Hi"], env: env)
            #expect(first.status == 0)
            #expect(server.requestCount(model: "a") == 1)
            // The next invocations skip a while it cools down: zero requests.
            for _ in 0..<3 {
                let next = try await airoute.run(["-c", config, "chat", "Hi"], env: env)
                #expect(next.out == "Hello from b\n")
            }
            #expect(server.requestCount(model: "a") == 1)
            let health = try await airoute.run(["-c", config, "--json", "health"], env: env)
            #expect(health.status == 0)
            #expect(health.out.contains("\"state\":\"open\""))
            // End the cooldown by moving it into the past in the shared file: exactly one probe follows.
            try expireCooldowns()
            let probe = try await airoute.run(["-c", config, "chat", "Hi"], env: env)
            #expect(probe.out == "Hello from a\n")
            #expect(server.requestCount(model: "a") == 2)
            // --no-state ignores the file.
            server.script(model: "a", [.status(503)])
            _ = try await airoute.run(["-c", config, "--no-state", "chat", "Hi"], env: env)
            let after = try await airoute.run(["-c", config, "chat", "Hi"], env: env)
            #expect(after.out == "Hello from a\n")
        }
    }

    /// Rewrites every `openUntil` in the health file to one second ago.
    func expireCooldowns() throws {
        let url = URL(fileURLWithPath: airoute.healthFile)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var members = try #require(object["members"] as? [String: [String: Any]])
        for (id, var member) in members where member["openUntil"] != nil {
            member["openUntil"] = Date().timeIntervalSince1970 - 1
            members[id] = member
        }
        object["members"] = members
        try JSONSerialization.data(withJSONObject: object).write(to: url)
    }

    @Test func healthExitCodesAndProbes() async throws {
        try await FakeProviderServer.withServer { server in
            server.registerModels(["a", "b"])
            let config = try airoute.config(fakeConfig(server, members: ["a", "b"]))
            let env = ["FAKE_KEY": "sk-test"]
            let fresh = try await airoute.run(["-c", config, "health"], env: env)
            #expect(fresh.status == 0)
            #expect(server.requestCount == 0)  // no probe: no upstream request

            let probe = try await airoute.run(["-c", config, "--json", "health", "--probe"], env: env)
            #expect(probe.status == 0)
            #expect(server.requests.allSatisfy { $0.method == "GET" && $0.path.hasSuffix("/models") })
            #expect(server.requestCount == 1)  // one model list for the provider
            #expect(probe.out.contains("\"ok\":true"))

            server.clearRequests()
            let live = try await airoute.run(["-c", config, "health", "--probe=live"], env: env)
            #expect(live.status == 0)
            #expect(live.err.isEmpty || live.err.contains("may cost"))
            #expect(server.requests.allSatisfy { $0.path.hasSuffix("/chat/completions") })
            #expect(server.requestCount(model: "a") == 1 && server.requestCount(model: "b") == 1)

            // Both members down → the pool has no available member → 69.
            server.script(model: "a", [.status(401)])
            server.script(model: "b", [.status(401)])
            _ = try await airoute.run(["-c", config, "chat", "Hi"], env: env)
            let down = try await airoute.run(["-c", config, "health"], env: env)
            #expect(down.status == 69)
            #expect(down.err.contains("no available member in: text-generation"))
        }
    }

    @Test func liveProbeNeverGeneratesImagesUnlessIncluded() async throws {
        try await FakeProviderServer.withServer { server in
            var yaml = fakeConfig(server, members: ["chat-m"])
            yaml += "  text-to-image:\n    operation: image_generation\n    members: [img]\n"
            yaml = yaml.replacingOccurrences(
                of: "pools:\n",
                with: "  img:\n    provider: fake\n    capabilities: [image_generation]\npools:\n")
            let config = try airoute.config(yaml)
            let env = ["FAKE_KEY": "sk-test"]
            let without = try await airoute.run(["-c", config, "health", "--probe=live"], env: env)
            #expect(without.status == 0)
            #expect(server.requestCount(path: "/v1/images/generations") == 0)
            #expect(without.err.contains("--include image"))
            _ = try await airoute.run(["-c", config, "health", "--probe=live", "--include", "image"], env: env)
            #expect(server.requestCount(path: "/v1/images/generations") == 1)
        }
    }

    @Test func canaryKeyNeverAppearsAnywhere() async throws {
        let canary = "sk-canary-7f3a9c2e5b1d4608"
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(fakeConfig(server, members: ["a", "b"]))
            let env = ["FAKE_KEY": canary, "AIROUTE_LOG_LEVEL": "trace"]
            server.script(model: "a", [.status(401, message: "Incorrect API key provided: \(canary)")])
            server.script(model: "b", [.status(400, message: "echo: Bearer \(canary)")])
            var outputs: [Airoute.Result] = []
            outputs.append(try await airoute.run(["-c", config, "-v", "chat", "Hi"], env: env))
            outputs.append(
                try await airoute.run(["-c", config, "-v", "--json", "chat", "--no-stream", "Hi"], env: env))
            outputs.append(try await airoute.run(["-c", config, "-v", "--json", "health", "--probe"], env: env))
            outputs.append(try await airoute.run(["-c", config, "-v", "--json", "pools"], env: env))
            let literal = try airoute.config(
                "version: 1\nproviders:\n  p: {type: openai, api_key: \(canary), bse_url: x}\n", name: "lit.yaml")
            outputs.append(try await airoute.run(["-c", literal, "-v", "chat", "Hi"]))
            let unreachable = try airoute.config(
                fakeConfig(server, members: ["a"]).replacingOccurrences(
                    of: server.openAIBaseURL, with: "http://127.0.0.1:9/v1"),
                name: "unreachable.yaml")
            outputs.append(try await airoute.run(["-c", unreachable, "-v", "chat", "Hi"], env: env))
            for output in outputs {
                #expect(!output.out.contains(canary) && !output.err.contains(canary), "\(output.err)")
                #expect(!output.out.contains("canary") && !output.err.contains("canary"))
            }
            #expect(outputs[0].status == 1 || outputs[0].status == 69)
            let health = (try? String(contentsOfFile: airoute.healthFile, encoding: .utf8)) ?? ""
            #expect(!health.isEmpty && !health.contains(canary))
        }
    }

    @Test func sigintDuringAHangingRequestExits130() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(fakeConfig(server, members: ["a"]))
            server.script(model: "a", [.hang])
            let child = try Spawned(
                Airoute.binary, ["-c", config, "chat", "Hi"], environment: airoute.environment(["FAKE_KEY": "sk-test"]))
            child.send(nil)
            #expect(try await server.waitUntil { $0.count == 1 })
            child.interrupt()
            let result = await child.finish(timeout: .seconds(5))
            #expect(!result.timedOut)
            #expect(result.status == 130)
            #expect(
                try await server.waitUntil(timeout: TestMachine.allowing(.seconds(2))) {
                    $0.first?.closedByClient == true
                })
        }
    }

    @Test func embedPrintsJSONLines() async throws {
        let result = try await airoute.run(["-c", offline, "embed"], stdin: Data("first line\nsecond line\n".utf8))
        #expect(result.status == 0)
        let lines = result.out.split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            let vector = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Double]
            #expect(vector?.count == 8)
        }
        // A blank line is skipped with one warning; the output stays aligned to the other lines.
        let blank = try await airoute.run(["-c", offline, "embed"], stdin: Data("one\n\nthree\n".utf8))
        #expect(blank.status == 0)
        #expect(blank.out.split(separator: "\n").count == 2)
        #expect(blank.err.contains("skipped 1 blank line (2)"))
    }
}
