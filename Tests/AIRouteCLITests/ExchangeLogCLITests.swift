import AIRouteTesting
import Foundation
import Testing

/// The exchange log through the binary (docs/cli.md, "The exchange log"): `chat` records every
/// exchange, `logs` shows them, `--continue` resends a conversation, `-u` reports usage. Each
/// test has its own `XDG_STATE_HOME` (``Airoute``'s temporary home).
@Suite(.timeLimit(.minutes(2)))
struct ExchangeLogCLITests {
    let airoute: Airoute
    let key = "sk-test-exchange-log-secret-4242"

    init() throws { airoute = try Airoute() }

    var env: [String: String] { ["FAKE_KEY": key] }
    var logFile: String { airoute.stateDirectory + "/logs.db" }

    /// The fake members a and b, with prices on a.
    func config(_ server: FakeProviderServer) throws -> String {
        var yaml = fakeConfig(server, members: ["a", "b"])
        yaml = yaml.replacingOccurrences(
            of: "  a:\n    provider: fake\n", with: "  a:\n    provider: fake\n    cost: {input: 2.5, output: 10}\n")
        return try airoute.config(yaml)
    }

    func logs(_ arguments: [String] = [], env extra: [String: String] = [:]) async throws -> [[String: Any]] {
        let result = try await airoute.run(["--json", "logs"] + arguments, env: env.merging(extra) { $1 })
        #expect(result.status == 0, "\(result.err)")
        return try #require(try JSONSerialization.jsonObject(with: result.outData) as? [[String: Any]])
    }

    @Test func oneShotExchangeIsLoggedWithMemberAttemptsAndUsage() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try config(server)
            let result = try await airoute.run(["-c", config, "chat", "-s", "Be brief", "Hi there"], env: env)
            #expect(result.status == 0 && result.out == "Hello from a\n", "\(result.err)")
            #expect(result.err.isEmpty, "\(result.err)")

            let entries = try await logs()
            let entry = try #require(entries.first)
            #expect(entries.count == 1)
            #expect(entry["prompt"] as? String == "Hi there")
            #expect(entry["system"] as? String == "Be brief")
            #expect(entry["answer"] as? String == "Hello from a")
            #expect(entry["pool"] as? String == "text-generation")
            #expect(entry["member"] as? String == "a")
            #expect(entry["provider"] as? String == "fake")
            #expect(entry["error"] is NSNull)
            let usage = try #require(entry["usage"] as? [String: Any])
            #expect(usage["completion_tokens"] as? Int == 5)
            let input = try #require(usage["prompt_tokens"] as? Int)
            let cost = try #require(entry["cost_usd"] as? Double)
            #expect(abs(cost - (Double(input) * 2.5 + 5 * 10) / 1_000_000) < 1e-12)
            let attempts = try #require(entry["attempts"] as? [[String: Any]])
            #expect(attempts.count == 1 && attempts.first?["member"] as? String == "a")
            let id = try #require(entry["conversation_id"] as? String)
            #expect(id.count == 12)

            let text = try await airoute.run(["logs"], env: env)
            #expect(text.out.contains("conversation: \(id)"))
            #expect(text.out.contains("Pool: text-generation → a (fake)"))
            #expect(text.out.contains("## Prompt\n\nHi there\n") && text.out.contains("## Answer\n\nHello from a\n"))
        }
    }

    @Test func failoverAndFailureAreLoggedWithTheirAttempts() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try config(server)
            server.script(model: "a", [.status(503)])
            let served = try await airoute.run(["-c", config, "--no-state", "chat", "Hi"], env: env)
            #expect(served.status == 0 && served.out == "Hello from b\n", "\(served.err)")
            let text = try await airoute.run(["logs", "-n", "1"], env: env)
            #expect(text.out.contains("Pool: text-generation → b (fake)"), "\(text.out)")
            #expect(text.out.contains("Failed over: a (503) → b"), "\(text.out)")
            // b declares no cost: unknown, never $0.
            #expect(text.out.contains("cost unknown"))

            server.setDefault(.status(503))
            let failed = try await airoute.run(["-c", config, "--no-state", "chat", "Still there?"], env: env)
            #expect(failed.status == 69)
            let entries = try await logs(["-n", "1"])
            let entry = try #require(entries.first)
            #expect(entry["prompt"] as? String == "Still there?")
            #expect(entry["answer"] is NSNull && entry["member"] is NSNull)
            #expect((entry["error"] as? String)?.isEmpty == false)
            let attempts = try #require(entry["attempts"] as? [[String: Any]])
            #expect(attempts.count == 2)
            #expect(attempts.allSatisfy { $0["status"] as? Int == 503 && $0["error_class"] as? String == "transient" })
            let failedText = try await airoute.run(["logs", "-n", "1"], env: env)
            #expect(failedText.out.contains("Failed: a (503), b (503)"), "\(failedText.out)")
            #expect(failedText.out.contains("## Error"))
        }
    }

    @Test func continueResendsTheConversationAndLogsIntoIt() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try config(server)
            _ = try await airoute.run(["-c", config, "chat", "-s", "Be brief", "First question"], env: env)
            _ = try await airoute.run(["-c", config, "chat", "--continue", "Second question"], env: env)
            let third = try await airoute.run(["-c", config, "chat", "--continue", "Third question"], env: env)
            #expect(third.status == 0, "\(third.err)")
            let body = try #require(server.requests(model: "a").last?.bodyText)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            let messages = try #require(json["messages"] as? [[String: Any]])
            #expect(
                messages.map { $0["role"] as? String } == ["system", "user", "assistant", "user", "assistant", "user"])
            #expect(
                messages.map { $0["content"] as? String } == [
                    "Be brief", "First question", "Hello from a", "Second question", "Hello from a", "Third question",
                ])
            let entries = try await logs(["-n", "0"])
            #expect(entries.count == 3)
            #expect(Set(entries.compactMap { $0["conversation_id"] as? String }).count == 1)

            // A new conversation, then --conversation goes back to the first one; -s overrides.
            _ = try await airoute.run(["-c", config, "chat", "Unrelated"], env: env)
            let first = try #require(entries.first?["conversation_id"] as? String)
            let back = try await airoute.run(
                ["-c", config, "chat", "--conversation", first, "-s", "Be long", "Fourth"], env: env)
            #expect(back.status == 0, "\(back.err)")
            let resent = try #require(server.requests(model: "a").last?.bodyText)
            #expect(resent.contains("Third question") && resent.contains("Be long") && !resent.contains("Unrelated"))
            #expect(!resent.contains("Be brief"))
            let conversation = try await logs(["--conversation", first])
            #expect(
                conversation.map { $0["prompt"] as? String } == [
                    "First question", "Second question", "Third question", "Fourth",
                ])

            let unknown = try await airoute.run(["-c", config, "chat", "--conversation", "nope", "Hi"], env: env)
            #expect(unknown.status == 64)
            #expect(unknown.err.contains("no conversation 'nope'"))
        }
    }

    @Test func continueWithoutALogIsAnError() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try config(server)
            let result = try await airoute.run(["-c", config, "chat", "--continue", "Hi"], env: env)
            #expect(result.status == 64)
            #expect(result.err == "Error: no conversation to continue: nothing has been logged yet\n")
            #expect(server.requestCount == 0)
        }
    }

    @Test func noLogAndAIROUTE_NOLOGWriteNoDatabase() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try config(server)
            let flag = try await airoute.run(["-c", config, "--no-log", "chat", "Hi"], env: env)
            #expect(flag.status == 0)
            let variable = try await airoute.run(
                ["-c", config, "chat", "Hi"], env: env.merging(["AIROUTE_NOLOG": "1"]) { $1 })
            #expect(variable.status == 0)
            #expect(!FileManager.default.fileExists(atPath: logFile))
            let empty = try await airoute.run(["logs"], env: env)
            #expect(empty.status == 0 && empty.out.isEmpty)
            #expect(empty.err == "nothing has been logged yet\n")
            // AIROUTE_NOLOG=0 logs; --no-state does not turn logging off.
            let zero = try await airoute.run(
                ["-c", config, "--no-state", "chat", "Hi"], env: env.merging(["AIROUTE_NOLOG": "0"]) { $1 })
            #expect(zero.status == 0)
            #expect(FileManager.default.fileExists(atPath: logFile))
        }
    }

    @Test func databaseIsPrivateAndHoldsNoKey() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try config(server)
            _ = try await airoute.run(["-c", config, "chat", "Hi"], env: env)
            _ = try await airoute.run(["-c", config, "chat", "--no-stream", "--continue", "Again"], env: env)
            let attributes = try FileManager.default.attributesOfItem(atPath: logFile)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let directory = try FileManager.default.attributesOfItem(atPath: airoute.stateDirectory)
            #expect((directory[.posixPermissions] as? Int) == 0o700)
            let files = try FileManager.default.contentsOfDirectory(atPath: airoute.stateDirectory)
            for file in files where file.hasPrefix("logs.db") {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: airoute.stateDirectory + "/" + file))
                #expect(bytes.range(of: Data(key.utf8)) == nil, "\(file) holds the key")
                #expect(bytes.range(of: Data("Bearer".utf8)) == nil, "\(file) holds a header")
            }
        }
    }

    @Test func unwritableStateDirectoryWarnsAndExitsZero() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try config(server)
            // A regular file where the state directory should be: not creatable, even as root.
            let blocker = airoute.home + "/not-a-directory"
            try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
            let result = try await airoute.run(
                ["-c", config, "--no-state", "chat", "Hi"], env: env.merging(["XDG_STATE_HOME": blocker]) { $1 })
            #expect(result.status == 0 && result.out == "Hello from a\n")
            let warnings = result.err.split(separator: "\n").filter { $0.contains("exchange log") }
            #expect(warnings.count == 1, "\(result.err)")
        }
    }

    @Test func logsSearchesAndPrintsJSON() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try config(server)
            for prompt in ["alpha 100% sure", "beta_gamma", "delta"] {
                _ = try await airoute.run(["-c", config, "chat", prompt], env: env)
            }
            #expect(try await logs(["-q", "beta"]).map { $0["prompt"] as? String } == ["beta_gamma"])
            // LIKE's wildcards are matched literally.
            #expect(try await logs(["-q", "100%"]).map { $0["prompt"] as? String } == ["alpha 100% sure"])
            #expect(try await logs(["--query", "_"]).map { $0["prompt"] as? String } == ["beta_gamma"])
            #expect(try await logs(["-q", "%"]).count == 1)
            #expect(try await logs(["-q", "HELLO FROM"]).count == 3)  // answers too, ASCII case-insensitive
            #expect(try await logs().map { $0["prompt"] as? String } == ["alpha 100% sure", "beta_gamma", "delta"])
            #expect(try await logs(["-n", "1"]).map { $0["prompt"] as? String } == ["delta"])
            let none = try await airoute.run(["logs", "-q", "zzz"], env: env)
            #expect(none.status == 0 && none.out.isEmpty && none.err == "no logged exchange matches\n")
            // Before the command, -q is still --quiet.
            let quiet = try await airoute.run(["-q", "logs", "-q", "zzz"], env: env)
            #expect(quiet.status == 0 && quiet.err.isEmpty)
        }
    }

    @Test func usageFlagPrintsTokensAndCostOnStderr() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try config(server)
            let streamed = try await airoute.run(["-c", config, "chat", "-u", "Hi"], env: env)
            #expect(streamed.status == 0 && streamed.out == "Hello from a\n")
            #expect(streamed.err.contains("Token usage: "), "\(streamed.err)")
            #expect(streamed.err.contains(", 5 output (member a), estimated cost $0.0"), "\(streamed.err)")
            let json = try await airoute.run(["-c", config, "--json", "chat", "--usage", "Hi"], env: env)
            #expect(json.status == 0)
            #expect(!json.out.contains("Token usage"))
            #expect(json.err.contains("Token usage: "))
            server.script(model: "a", [.status(503)])
            let unknown = try await airoute.run(["-c", config, "--no-state", "chat", "-u", "Hi"], env: env)
            #expect(unknown.err.contains("(member b), cost unknown"), "\(unknown.err)")
        }
    }

    @Test func concurrentProcessesAllLog() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try config(server)
            let statuses = try await withThrowingTaskGroup(of: Int32.self) { group in
                for index in 0..<4 {
                    group.addTask {
                        try await airoute.run(["-c", config, "chat", "Question \(index)"], env: env).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == [0, 0, 0, 0])
            let prompts = try await logs(["-n", "0"]).compactMap { $0["prompt"] as? String }
            #expect(prompts.sorted() == (0..<4).map { "Question \($0)" })
        }
    }
}
