import AIRouteTesting
import Foundation
import Testing

@testable import AIRouteCLI

/// Set-up without a file, and diagnosis a user can read: what a first user missed.
@Suite(.timeLimit(.minutes(2)))
struct SetupDiagnosisTests {
    let airoute: Airoute

    init() throws { airoute = try Airoute() }

    @Test func theOfficialSDKsBaseURLVariableNeedsNoConfigurationFile() async throws {
        try await FakeProviderServer.withServer { server in
            let env = ["OPENAI_BASE_URL": server.openAIBaseURL, "OPENAI_API_KEY": "x"]
            let result = try await airoute.run(["chat", "--no-stream", "hi"], env: env)
            #expect(result.status == 0)
            #expect(server.requestCount(path: "/v1/chat/completions") == 1)
            // A local server that needs no key: the base URL alone.
            let keyless = try await airoute.run(
                ["chat", "--no-stream", "hi"], env: ["OPENAI_BASE_URL": server.openAIBaseURL])
            #expect(keyless.status == 0)
            #expect(server.requests.last?.headers.contains { $0.name.lowercased() == "authorization" } == false)
        }
    }

    @Test func noPoolsMessageMentionsLocalServersAndExamples() async throws {
        let result = try await airoute.run(["chat", "hi"])
        #expect(result.status == 78)
        #expect(result.err.contains("OPENAI_BASE_URL") && result.err.contains("examples/"))
        #expect(result.err.contains("airoute config path"))
    }

    @Test func verboseNamesTheConfigurationAndEachAttemptsRequest() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(fakeConfig(server, members: ["a", "b"]))
            server.script(model: "a", [.status(503)])
            let env = ["FAKE_KEY": "sk-secret-value"]
            let result = try await airoute.run(
                ["-c", config, "-v", "--no-state", "chat", "--no-stream", "hi"], env: env)
            #expect(result.status == 0)
            #expect(result.err.contains("configuration: \(config)"))
            let url = server.openAIBaseURL + "/chat/completions"
            #expect(result.err.contains("attempt 1: a (fake) POST \(url) → transient 503"))
            #expect(result.err.contains("attempt 2: b (fake) POST \(url) → ok"))
            #expect(!result.err.contains("sk-secret-value") && !result.out.contains("sk-secret-value"))
            // AIROUTE_LOG_LEVEL=debug (or trace) without -v: the same facts in the log.
            var traced = env
            traced["AIROUTE_LOG_LEVEL"] = "trace"
            server.script(model: "a", [.status(503)])
            let log = try await airoute.run(["-c", config, "--no-state", "chat", "--no-stream", "hi"], env: traced)
            #expect(log.err.contains("airoute.configuration=\(config)"))
            #expect(log.err.contains("airoute.endpoint=POST \(url)") && log.err.contains("airoute.status=503"))
            #expect(!log.err.contains("sk-secret-value"))
            // The attempts' endpoints are in --json's routing too.
            let json = try await airoute.run(
                ["-c", config, "--json", "--no-state", "chat", "--no-stream", "hi"], env: env)
            #expect(json.out.contains("\"endpoint\":\"POST \(url)\""))
        }
    }

    @Test func warningsHaveOnePrefixAppearOnceAndAccompanyErrors() async throws {
        try await FakeProviderServer.withServer { server in
            var yaml = fakeConfig(server, members: ["a"])
            yaml = yaml.replacingOccurrences(
                of: "models:\n",
                with:
                    "  other:\n    type: openai\n    base_url: http://127.0.0.1:1/v1\n    api_key: ${UNSET_KEY}\nmodels:\n"
            )
            let config = try airoute.config(yaml)
            let result = try await airoute.run(["-c", config, "-v", "pools"], env: ["FAKE_KEY": "k"])
            #expect(result.status == 0)
            let warnings = result.err.split(separator: "\n").filter { $0.contains("UNSET_KEY") }
            #expect(warnings.count == 1)
            #expect(warnings.first?.hasPrefix("warning: \(config):") == true)
            #expect(warnings.first.map { $0.components(separatedBy: "warning").count - 1 } == 1)
            // The same file with an error: the warning is in the same report.
            let broken = try airoute.config(yaml + "  p2: {operation: chat, members: [nope]}\n", name: "broken.yaml")
            let failed = try await airoute.run(["-c", broken, "pools"], env: ["FAKE_KEY": "k"])
            #expect(failed.status == 78)
            #expect(failed.err.contains("1 error and 1 warning"))
            #expect(failed.err.contains("UNSET_KEY"))
        }
    }

    @Test func configPathSaysWhichFileIsRead() async throws {
        let none = try await airoute.run(["config", "path"])
        #expect(none.status == 0)
        #expect(none.out == airoute.home + "/config/airoute/config.yaml\n")
        #expect(none.err.contains("built-in configuration"))
        let file = try airoute.config("version: 1\n")
        let explicit = try await airoute.run(["-c", file, "config", "path"])
        #expect(explicit.status == 0 && explicit.out == file + "\n")
        let missing = try await airoute.run(["config", "path"], env: ["AIROUTE_CONFIG": "/no/such.yaml"])
        #expect(missing.status == 66 && missing.out == "/no/such.yaml\n")
        let bad = try await airoute.run(["config", "edit"])
        #expect(bad.status == 64)
    }

    @Test func aJSONTranscriptionIsParsedWhateverFormatWasAskedFor() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(fakeConfig(server, members: ["a"]))
            // A 44-byte PCM WAV header and 0.1 s of silence at 8 kHz.
            var wav = Data("RIFF".utf8) + Self.le32(36 + 1600) + Data("WAVEfmt ".utf8) + Self.le32(16)
            wav += Data([1, 0, 1, 0]) + Self.le32(8000) + Self.le32(16000) + Data([2, 0, 16, 0])
            wav += Data("data".utf8) + Self.le32(1600) + Data(count: 1600)
            let path = airoute.home + "/talk.wav"
            try wav.write(to: URL(fileURLWithPath: path))
            let answer = FakeBehavior.raw(status: 200, body: #"{"text":"hello there"}"#)
            server.script(model: "a", [answer, answer])
            let text = try await airoute.run(
                ["-c", config, "transcribe", "-m", "a", "--format", "text", path], env: ["FAKE_KEY": "k"])
            #expect(text.status == 0)
            #expect(text.out == "hello there\n")
            let json = try await airoute.run(
                ["-c", config, "--json", "transcribe", "-m", "a", "--format", "text", path], env: ["FAKE_KEY": "k"])
            let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
            #expect(object?["text"] as? String == "hello there")
        }
    }

    static func le32(_ value: Int) -> Data { Data((0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) }) }
}

/// `pools` writes every token count in one format.
struct TokenCountFormatTests {
    @Test func oneFormatForEveryCount() {
        let cases = [(512, "512"), (8192, "8.2k"), (128_000, "128k"), (131_072, "131.1k"), (1_048_576, "1.05M")]
        for (count, text) in cases { #expect(PoolReport.compact(count) == text) }
    }
}
