import AIRoute
import Foundation

/// The seed's library interface (README.md, "The library"), used the way OpenAI SDK users use theirs: build a
/// client, call every operation, print what came back, and return from `main` without calling
/// `shutdown()`. `SeedAPIProgramTests` runs it against the loopback fake provider server; it
/// takes its configuration where any airoute program does (`$AIROUTE_CONFIG`, …).
@main
struct SeedAPIProgram {
    static func main() async throws {
        let client = try OpenAIClient(configuration: .load())

        let reply = try await client.chat.completions.create(model: "text-generation", messages: [.user("Hi")])
        print("chat: \(reply.text ?? "") | tokens: \(reply.usage.totalTokens) | by: \(reply.routing.member ?? "-")")

        var streamed = ""
        for try await chunk in try await client.chat.completions.stream(
            model: "text-generation", messages: [.user("Hi")])
        {
            streamed += chunk.choices.first?.delta.content ?? ""
        }
        print("stream: \(streamed)")

        let vecs = try await client.embeddings.create(model: "embeddings", input: ["a", "b"])
        print(
            "embeddings: \(vecs.data.count) x \(vecs.data.first?.embedding.count ?? 0) | tokens: \(vecs.usage.totalTokens)"
        )

        let audio = try await client.audio.speech.create(model: "text-to-speech", input: "Hi", voice: "alloy")
        print("speech: \(audio.count) bytes")

        let text = try await client.audio.transcriptions.create(model: "speech-to-text", file: audio, fileName: "a.mp3")
        print("transcription: \(text.text)")

        let images = try await client.images.generate(model: "text-to-image", prompt: "a red fox")
        print("images: \(images.data.count)")
    }
}
