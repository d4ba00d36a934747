import AIRoute
import AIRouteTesting
import Foundation
import Testing

@testable import AIRouteCLI

/// Replays every recorded provider answer in `Recordings/` (real bodies, SSE streams and error
/// bodies from the official SDKs' recordings, provider references, servers' sources and a real
/// LiteLLM proxy; each manifest names its source) through the fake server at the provider's real
/// path, and checks what a user gets: text, tool calls, usage, finish reason, error class,
/// failover and the CLI's exit code.
@Suite("Recorded provider answers")
struct RecordingCorpusTests {
    static let request = ChatCompletionRequest(model: "pool", messages: [.user("Hi")])

    @Test func everyManifestLoads() {
        #expect(RecordingCase.all.count == RecordingCase.manifestCount)
        #expect(RecordingCase.all.count >= 40)
    }

    @Test(arguments: RecordingCase.all)
    func replay(_ recording: RecordingCase) async throws {
        if recording.expect.isFailure {
            try await checkFailure(recording)
        } else {
            try await checkAnswer(recording)
        }
    }

    /// Runs `body` with a client over the recorded member (and a backup when asked); the recorded
    /// member answers with the recording once.
    private func withRecording<T: Sendable>(
        _ recording: RecordingCase, backup: Bool, _ body: (OpenAIClient) async throws -> T
    ) async throws -> T {
        try await FakeProviderServer.withServer { server in
            server.script(model: "recorded", [recording.behavior])
            server.setDefault(model: "backup", behavior: .ok(text: "backup answer"))
            let client = OpenAIClient(configuration: recording.configuration(server, withBackup: backup))
            return try await body(client)
        }
    }

    private func complete(_ client: OpenAIClient, stream: Bool) async throws -> CompletionResponse {
        if stream {
            return try await client.chat.completions.stream(Self.request).collect()
        }
        return try await client.chat.completions.create(Self.request)
    }

    private func checkAnswer(_ recording: RecordingCase) async throws {
        let expect = recording.expect
        let reply = try await withRecording(recording, backup: false) {
            try await complete($0, stream: recording.stream)
        }
        #expect(reply.routing.member == "recorded")
        #expect((reply.text ?? "") == (expect.text ?? ""), "no text and empty text read the same to a user")
        #expect(reply.message?.refusal == expect.refusal)
        if let names = expect.toolCalls {
            #expect(reply.toolCalls.map(\.function.name) == names)
        } else {
            #expect(reply.toolCalls.isEmpty)
        }
        if let arguments = expect.toolArguments {
            #expect(reply.toolCalls.map(\.function.arguments) == arguments)
        }
        #expect(reply.finishReason?.rawValue == expect.finishReason)
        if let usage = expect.usage {
            #expect([reply.usage.promptTokens, reply.usage.completionTokens, reply.usage.totalTokens] == usage)
            #expect(!reply.usage.isEstimated)
        }
        if expect.usageEstimated == true {
            #expect(reply.usage.isEstimated)
            #expect(reply.usage.promptTokens == Self.request.estimatedPromptTokens)
        }
        if let choices = expect.choices {
            #expect(reply.choices.count == choices)
        }
    }

    private func checkFailure(_ recording: RecordingCase) async throws {
        let expect = recording.expect
        // Alone: the class the user sees, the wait it carried, the CLI's exit code.
        let alone: RouteError? = try await withRecording(recording, backup: false) { client in
            do {
                _ = try await complete(client, stream: recording.stream)
                return nil
            } catch let error as RouteError {
                return error
            }
        }
        let error = try #require(alone, "the recording was served as an answer")
        #expect(error.failure?.errorClass.rawValue == expect.errorClass, "\(error)")
        #expect(error.routing.attempts.first?.status == recording.status || recording.status == 200)
        if let exitCode = expect.exitCode {
            #expect(ExitCode.for(error).rawValue == exitCode, "\(error)")
        }
        if let seconds = expect.retryAfterSeconds {
            #expect(error.failure?.retryAfter == .seconds(seconds))
        }
        // With a healthy member after it: failover, or the error returned to the caller.
        let outcome: Result<CompletionResponse, RouteError> = try await withRecording(recording, backup: true) {
            client in
            do {
                return .success(try await complete(client, stream: recording.stream))
            } catch let error as RouteError {
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let reply):
            #expect(expect.failover == true, "failed over although the class forbids it")
            #expect(reply.routing.member == "backup")
            #expect(reply.text == "backup answer")
            #expect(reply.routing.attempts.first?.errorClass?.rawValue == expect.errorClass)
        case .failure(let error):
            #expect(expect.failover == false, "no failover: \(error)")
            #expect(error.routing.attempts.count == 1)
        }
    }
}
