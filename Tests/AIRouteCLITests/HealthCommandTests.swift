import AIRouteTesting
import Foundation
import Testing

/// `airoute health` reports and never punishes: what a first user's probes and key mistakes did.
@Suite(.timeLimit(.minutes(2)))
struct HealthCommandTests {
    let airoute: Airoute
    let env = ["FAKE_KEY": "sk-test"]

    init() throws { airoute = try Airoute() }

    @Test func aModelMissingFromTheProvidersListIsAFindingNotAnEjection() async throws {
        try await FakeProviderServer.withServer { server in
            server.registerModels(["some-other-name"])
            let config = try airoute.config(fakeConfig(server, members: ["a", "b"]))
            let probe = try await airoute.run(["-c", config, "health", "--probe"], env: env)
            #expect(probe.status == 0)
            #expect(probe.out.contains("'a' is not in the provider's model list"))
            #expect(!probe.out.contains("cooling"))
            let chat = try await airoute.run(["-c", config, "chat", "Hi"], env: env)
            #expect(chat.status == 0)
            #expect(server.requestCount(model: "a") == 1)
        }
    }

    @Test func aProviderWithoutAModelListIsReachabilityOnly() async throws {
        try await FakeProviderServer.withServer { server in
            // A base URL under which the fake server has no /models: it answers 404.
            let yaml = fakeConfig(server, members: ["a"])
                .replacingOccurrences(of: server.openAIBaseURL, with: server.openAIBaseURL + "/elsewhere")
            let config = try airoute.config(yaml)
            let probe = try await airoute.run(["-c", config, "--json", "health", "--probe"], env: env)
            #expect(probe.status == 0)
            #expect(probe.out.contains("no model list at this provider (HTTP 404)"))
            let after = try await airoute.run(["-c", config, "--json", "health"], env: env)
            #expect(after.status == 0 && !after.out.contains("cooling_until"))
        }
    }

    @Test func aFailedLiveProbeShowsInTheStateAndTheExitCode() async throws {
        try await FakeProviderServer.withServer { server in
            let yaml = fakeConfig(server, members: ["a", "b"])
                .replacingOccurrences(of: "failure_threshold: 1", with: "failure_threshold: 3")
            let config = try airoute.config(yaml)
            server.script(model: "a", [.status(500)])
            let one = try await airoute.run(["-c", config, "health", "--probe=live"], env: env)
            #expect(one.status == 0)  // b still serves the pool
            let aRow = one.out.split(separator: "\n").first { $0.contains(" a ") }
            #expect(aRow?.contains("failing") == true && aRow?.contains("transient 500") == true)
            server.script(model: "a", [.status(500)])
            let strict = try await airoute.run(["-c", config, "health", "--probe=live", "--strict"], env: env)
            #expect(strict.status == 69)
            server.script(model: "a", [.status(500)])
            server.script(model: "b", [.status(502)])
            let both = try await airoute.run(["-c", config, "health", "--probe=live"], env: env)
            #expect(both.status == 69)
            #expect(both.err.contains("no available member in: text-generation"))
        }
    }

    @Test func anAuthFailureHonoursMaxCooldownSaysHowToClearItAndANewKeyStartsClean() async throws {
        try await FakeProviderServer.withServer { server in
            let yaml = fakeConfig(server, members: ["a"])
                .replacingOccurrences(of: "cooldown: 60s", with: "cooldown: 30s\n  max_cooldown: 1m")
            let config = try airoute.config(yaml)
            server.script(model: "a", [.status(401, message: "Incorrect API key provided")])
            let first = try await airoute.run(["-c", config, "chat", "Hi"], env: env)
            #expect(first.status == 69)
            let cooling = try await airoute.run(["-c", config, "chat", "Hi"], env: env)
            #expect(cooling.status == 75)
            #expect(cooling.err.contains("a (fake): cooling down (auth 401) for another"))
            // max_cooldown (1m), not an hour: "for another 1m" or a few seconds less.
            let remaining = cooling.err.firstMatch(of: /cooling down \(auth 401\) for another (1m|(\d+) s)\n/)
            #expect(remaining.map { $0.output.1 == "1m" || Int($0.output.2 ?? "") ?? 0 >= 30 } == true, "\(cooling.err)")
            #expect(cooling.err.contains("after fixing the key, base_url or model, clear it: airoute health --reset"))
            // The same variable with a new value: a new identity, clean health.
            let newKey = try await airoute.run(["-c", config, "chat", "Hi"], env: ["FAKE_KEY": "sk-fixed"])
            #expect(newKey.status == 0)
            // The health file never holds the key.
            let file = try String(contentsOfFile: airoute.healthFile, encoding: .utf8)
            #expect(!file.contains("sk-test") && !file.contains("sk-fixed") && file.contains("$FAKE_KEY #"))
        }
    }

    @Test func resetClearsAPoolAMemberOrEverything() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(fakeConfig(server, members: ["a", "b"]))
            for _ in 0..<3 {
                server.script(model: "a", [.status(503)])
                server.script(model: "b", [.status(503)])
                _ = try await airoute.run(["-c", config, "chat", "Hi"], env: env)
                let down = try await airoute.run(["-c", config, "health"], env: env)
                #expect(down.status == 69)
                let reset: [String]
                switch server.requestCount(model: "a") {
                case 1: reset = ["health", "--reset"]
                case 2: reset = ["health", "--reset", "text-generation"]
                default: reset = ["health", "--reset", "a"]
                }
                let cleared = try await airoute.run(["-c", config] + reset, env: env)
                #expect(cleared.status == 0)
                let up = try await airoute.run(["-c", config, "health"], env: env)
                #expect(up.status == 0)
            }
            let unknown = try await airoute.run(["-c", config, "health", "--reset", "text-generaton"], env: env)
            #expect(unknown.status == 64 && unknown.err.contains("did you mean 'text-generation'"))
            let both = try await airoute.run(["-c", config, "health", "--reset", "--probe"], env: env)
            #expect(both.status == 64)
        }
    }
}
