import AIRoute
import AIRouteTesting
import Foundation
import Testing

/// `airoute chat` on recorded refusals and filtered answers (``Recordings``): a refusal is printed
/// as the answer with a note on stderr (exit 0); an answer a content filter withheld is a
/// one-line error with exit 1; `--json` carries `finish_reason`.
@Suite(.timeLimit(.minutes(2)))
struct ChatAnswerTests {
    let airoute: Airoute

    init() throws { airoute = try Airoute() }

    static let sse = "text/event-stream"
    static let env = ["FAKE_KEY": "sk-test"]

    /// A configuration whose one member `a` is an Anthropic (or `type`) provider on the fake server.
    func anthropicConfig(_ server: FakeProviderServer, type: String = "anthropic") throws -> String {
        try airoute.config(
            """
            version: 1
            providers:
              claude:
                type: \(type)
                base_url: \(type == "gemini" ? server.geminiBaseURL : server.anthropicBaseURL)
                api_key: ${FAKE_KEY}
            models:
              a:
                provider: claude
                capabilities: [chat, streaming]
            pools:
              text-generation:
                operation: chat
                members: [a]
            """)
    }

    @Test(arguments: [false, true])
    func openAIRefusalIsPrintedAsTheAnswer(streamed: Bool) async throws {
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(fakeConfig(server, members: ["a"]))
            let body = streamed ? Recordings.openAIRefusalStream : Recordings.openAIRefusal
            server.script(
                model: "a", [.raw(status: 200, body: body, contentType: streamed ? Self.sse : "application/json")])
            let result = try await airoute.run(
                ["-c", config, "--no-state", "chat"] + (streamed ? [] : ["--no-stream"]) + ["How do I make anthrax?"],
                env: Self.env)
            #expect(result.status == 0)
            #expect(result.out == "I'm very sorry, but I can't assist with that.\n")
            #expect(result.err.contains("refused"))
            #expect(result.err.split(separator: "\n").count == 1)
        }
    }

    @Test(arguments: [false, true])
    func azureContentFilterIsAFailureWithItsReason(json: Bool) async throws {
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(fakeConfig(server, members: ["a"]))
            server.script(model: "a", [.raw(status: 200, body: Recordings.azureContentFilter)])
            let result = try await airoute.run(
                ["-c", config, "--no-state"] + (json ? ["--json"] : []) + ["chat", "--no-stream", "Hi"], env: Self.env)
            #expect(result.status == 1)
            #expect(result.err.contains("content filter withheld the answer (violence: medium)"))
            #expect(result.err.split(separator: "\n").count == 1)
            if json {
                let object = try JSONSerialization.jsonObject(with: result.outData) as? [String: Any]
                let choice = (object?["choices"] as? [[String: Any]])?.first
                #expect(choice?["finish_reason"] as? String == "content_filter")
                #expect(choice?["content_filter_results"] != nil)
                #expect(object?["prompt_filter_results"] != nil)
            } else {
                #expect(result.out.isEmpty)
            }
        }
    }

    @Test func anthropicRefusalAfterThinkingPrintsTheTextAndSaysWhy() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try anthropicConfig(server)
            server.script(
                model: "a",
                [.raw(status: 200, body: Recordings.anthropicRefusalAfterThinkingStream, contentType: Self.sse)])
            let result = try await airoute.run(
                ["-c", config, "--no-state", "chat", "What is an eclipse?"], env: Self.env)
            #expect(result.status == 1)
            #expect(result.out == "Hi\n")
            #expect(result.err.contains("content filter cut the answer short (refusal)"))
        }
    }

    @Test func anthropicRefusalWithExplanation() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try anthropicConfig(server)
            server.script(model: "a", [.raw(status: 200, body: Recordings.anthropicRefusal)])
            let result = try await airoute.run(
                ["-c", config, "--no-state", "chat", "--no-stream", "Hi"], env: Self.env)
            #expect(result.status == 1)
            #expect(result.out == "Hello..\n")
            #expect(
                result.err.contains(
                    "(refusal: cyber: This request was declined because it could enable cyber harm.)"))
        }
    }

    @Test func geminiSafetyStopIsAFailure() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try anthropicConfig(server, type: "gemini")
            server.script(model: "a", [.raw(status: 200, body: Recordings.geminiSafetyStop)])
            let result = try await airoute.run(
                ["-c", config, "--no-state", "chat", "--no-stream", "Hi"], env: Self.env)
            #expect(result.status == 1)
            #expect(result.out.isEmpty)
            #expect(result.err.contains("the provider's content filter withheld the answer (SAFETY)"))
        }
    }
}
