import AIRouteTesting
import Foundation
import Testing

/// Runs `examples/SeedAPIProgram` — the seed's library interface used as OpenAI SDK users use
/// theirs, never calling `shutdown()` — against the fake provider server, as a separate debug
/// process: it must print every result and exit 0 (a client dropped at the end of `main` once
/// crashed in AsyncHTTPClient's debug check, "Client not shut down before the deinit").
@Suite("The seed's API as a program")
struct SeedAPIProgramTests {
    static let binary = Airoute.repository + "/.build/debug/SeedAPIProgram"

    static func config(_ server: FakeProviderServer) -> String {
        """
        version: 1
        defaults:
          timeout: 20s
        providers:
          fake:
            type: openai
            base_url: \(server.openAIBaseURL)
            api_key: ${SEED_KEY}
        models:
          fake-chat: {provider: fake, capabilities: [chat, streaming]}
          fake-embed: {provider: fake, capabilities: [embeddings], dimensions: 8, embedding_space: fake-8}
          fake-tts: {provider: fake, capabilities: [speech]}
          fake-stt: {provider: fake, capabilities: [transcription]}
          fake-image: {provider: fake, capabilities: [image_generation]}
        pools:
          text-generation: {operation: chat, members: [fake-chat]}
          embeddings: {operation: embeddings, members: [fake-embed]}
          text-to-speech: {operation: speech, members: [fake-tts]}
          speech-to-text: {operation: transcription, members: [fake-stt]}
          text-to-image: {operation: image_generation, members: [fake-image]}

        """
    }

    @Test func buildsRunsAndExitsZeroWithoutShutdown() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build it first: swift build")
        let home = try Airoute()
        try await FakeProviderServer.withServer { server in
            let path = try home.config(Self.config(server))
            let child = try Spawned(
                Self.binary, [], environment: home.environment(["AIROUTE_CONFIG": path, "SEED_KEY": "sk-seed-test"]))
            let result = await child.finish(timeout: .seconds(60))
            let out = String(decoding: result.out, as: UTF8.self)
            let err = String(decoding: result.err, as: UTF8.self)
            #expect(!result.timedOut)
            #expect(result.status == 0, "stderr: \(err)")
            #expect(!err.contains("Fatal error"), "\(err)")
            let lines = out.split(separator: "\n").map(String.init)
            #expect(lines.count == 6, "\(out)")
            #expect(lines.first?.hasPrefix("chat: Hello from fake-chat | tokens: ") == true, "\(out)")
            #expect(lines.first?.hasSuffix("| by: fake-chat") == true, "\(out)")
            #expect(lines.contains("stream: Hello from fake-chat"), "\(out)")
            #expect(lines.contains { $0.hasPrefix("embeddings: 2 x 8 | tokens: ") }, "\(out)")
            #expect(
                lines.contains { $0.hasPrefix("speech: ") && $0.hasSuffix(" bytes") && !$0.hasPrefix("speech: 0 ") })
            #expect(lines.contains("transcription: Transcript of a.mp3 by fake-stt."), "\(out)")
            #expect(lines.contains("images: 1"), "\(out)")
            #expect(server.requestCount == 6)
        }
    }
}
