import AIRouteTesting
import Foundation
import Testing

/// Failures a script can read: with `--json`, one OpenAI-shaped error object on stdout, with the
/// routing; a pool of the wrong operation is a usage error.
@Suite(.timeLimit(.minutes(2)))
struct FailureOutputTests {
    let airoute: Airoute
    let env = ["FAKE_KEY": "sk-test"]

    init() throws { airoute = try Airoute() }

    func object(_ result: Airoute.Result) throws -> [String: Any] {
        let lines = result.out.split(separator: "\n")
        #expect(lines.count == 1, "one JSON object on stdout, got: \(result.out)")
        return try #require(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
    }

    @Test(arguments: [
        ["chat", "Hi"], ["chat", "--no-stream", "Hi"], ["embed", "-m", "text-generation", "x"],
    ])
    func everyMemberFailingPrintsTheErrorAndTheRouting(_ command: [String]) async throws {
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(fakeConfig(server, members: ["a", "b"]))
            server.setDefault(model: "a", behavior: .status(503))
            server.setDefault(model: "b", behavior: .status(500))
            let pool = command[0] == "embed" ? "embeddings-pool" : "text-generation"
            let yaml =
                try String(contentsOfFile: config, encoding: .utf8)
                + "  embeddings-pool:\n    operation: embeddings\n    members: [a, b]\n"
            let args = command.map { $0 == "text-generation" ? pool : $0 }
            let result = try await airoute.run(
                ["-c", try airoute.config(yaml, name: "p.yaml"), "--no-state", "--json"] + args, env: env)
            #expect(result.status == 69)
            let body = try object(result)
            let error = try #require(body["error"] as? [String: Any])
            #expect(error["type"] as? String == "service_unavailable_error")
            #expect(error["code"] as? String == "no_member_succeeded")
            #expect((error["message"] as? String)?.contains("could serve") == true)
            #expect(error.keys.contains("param"))
            let routing = try #require(body["routing"] as? [String: Any])
            let attempts = try #require(routing["attempts"] as? [[String: Any]])
            #expect(attempts.map { $0["error_class"] as? String } == ["transient", "transient"])
            #expect(attempts.map { $0["status"] as? Int } == [503, 500])
            #expect(attempts.allSatisfy { $0["duration_ms"] is Double })
            #expect(result.err.contains("Error:"))  // the human message is still on stderr
        }
    }

    @Test func aPoolOfAnotherOperationIsAUsageError() async throws {
        try await FakeProviderServer.withServer { server in
            var yaml = fakeConfig(server, members: ["a"])
            yaml += "  embeddings:\n    operation: embeddings\n    members: [a]\n"
            let config = try airoute.config(yaml)
            let result = try await airoute.run(["-c", config, "chat", "-m", "embeddings", "hi"], env: env)
            #expect(result.status == 64)
            #expect(result.err.contains("pool 'embeddings' serves embeddings, not chat"))
            #expect(server.requestCount == 0)
            let json = try await airoute.run(["-c", config, "--json", "chat", "-m", "embeddings", "hi"], env: env)
            let error = try #require(try object(json)["error"] as? [String: Any])
            #expect(error["code"] as? String == "wrong_operation" && error["param"] as? String == "model")
        }
    }

    @Test func unknownPoolAndCommandFailuresAreJSONToo() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(fakeConfig(server, members: ["a"]))
            let unknown = try await airoute.run(["-c", config, "--json", "chat", "-m", "nope", "hi"], env: env)
            #expect(unknown.status == 64)
            let error = try #require(try object(unknown)["error"] as? [String: Any])
            #expect(error["code"] as? String == "model_not_found")
            let missing = try await airoute.run(
                ["-c", config, "--json", "transcribe", "-m", "a", "/no/such/file.wav"], env: env)
            #expect(missing.status == 66)
            let failure = try #require(try object(missing)["error"] as? [String: Any])
            #expect(failure["code"] as? String == "no_input")
            let badConfig = try airoute.config("version: 1\npools: 3\n", name: "bad.yaml")
            let config78 = try await airoute.run(["-c", badConfig, "--json", "pools"])
            #expect(config78.status == 78)
            #expect((try object(config78)["error"] as? [String: Any])?["code"] as? String == "configuration")
        }
    }
}
