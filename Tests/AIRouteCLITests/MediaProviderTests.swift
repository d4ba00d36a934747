import AIRouteTesting
import Foundation
import Testing

@testable import AIRouteCLI

/// Media commands against the loopback fake OpenAI server: what real providers can return
/// (JPEG bytes, URLs, non-image data) and proof that refused targets send no request.
@Suite("Media commands against a fake provider")
struct MediaProviderTests {
    static func config(_ server: FakeProviderServer) -> String {
        """
        version: 1
        defaults:
          timeout: 10s
        providers:
          fake:
            type: openai
            base_url: \(server.openAIBaseURL)
            api_key: sk-test-media
        models:
          fake-image:
            provider: fake
            capabilities: [image_generation]
          fake-tts:
            provider: fake
            capabilities: [speech]
        pools:
          text-to-image:
            operation: image_generation
            members: [fake-image]
          text-to-speech:
            operation: speech
            members: [fake-tts]

        """
    }

    static func images(_ entries: [String]) -> FakeBehavior {
        .raw(status: 200, body: #"{"created": 1700000000, "data": ["# + entries.joined(separator: ",") + "]}")
    }

    @Test func jpegBytesAskedForAsPNGAreWrittenAsJPG() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        try await FakeProviderServer.withServer { server in
            server.script(model: "fake-image", [Self.images([#"{"b64_json": "\#(MediaMagic.jpeg.base64EncodedString())"}"#])])
            let result = try await runMedia(["-v", "image", "-o", dir.file("fox.png"), "a fox"], config: Self.config(server))
            #expect(result.code == 0, "\(result.err)")
            #expect(dir.entries() == ["fox.jpg"])
            #expect(result.out == dir.file("fox.jpg") + "\n")
            #expect(result.err.contains("the image is JPEG"))
        }
    }

    @Test func aTakenCorrectedNameKeepsTheCheckedName() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        dir.write("fox.jpg", Data("old".utf8))
        try await FakeProviderServer.withServer { server in
            server.script(model: "fake-image", [Self.images([#"{"b64_json": "\#(MediaMagic.jpeg.base64EncodedString())"}"#])])
            let result = try await runMedia(["image", "-o", dir.file("fox.png"), "a fox"], config: Self.config(server))
            #expect(result.code == 0, "\(result.err)")
            #expect(dir.entries() == ["fox.jpg", "fox.png"])
            #expect(dir.read("fox.jpg") == Data("old".utf8))
            #expect(result.err.contains("\(dir.file("fox.jpg")) exists: writing \(dir.file("fox.png"))"))
        }
    }

    @Test func dataThatIsNotAnImageIsAProviderFailure() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        try await FakeProviderServer.withServer { server in
            let text = Data("<html>oops</html>".utf8).base64EncodedString()
            server.script(model: "fake-image", [Self.images([#"{"b64_json": "\#(text)"}"#])])
            let result = try await runMedia(["image", "-o", dir.file("fox.png"), "a fox"], config: Self.config(server))
            #expect(result.code == 69)
            #expect(result.err.contains("the provider returned data that is not an image"))
            #expect(dir.entries().isEmpty)
        }
    }

    @Test func imageURLsAreDownloaded() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        try await FakeProviderServer.withServer { server in
            let url = server.baseURL + "/files/img-test-1.png"
            server.script(model: "fake-image", [Self.images([#"{"url": "\#(url)"}"#])])
            let result = try await runMedia(["image", "-o", dir.file("fox.png"), "a fox"], config: Self.config(server))
            #expect(result.code == 0, "\(result.err)")
            #expect(MediaMagic.isPNG(dir.read("fox.png")))
            #expect(server.requestCount(path: "/files/img-test-1.png") == 1)
        }
    }

    @Test func refusedTargetsSendNoRequest() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        dir.write("fox-3.png", Data("old".utf8))
        dir.write("hello.mp3", Data("old".utf8))
        try await FakeProviderServer.withServer { server in
            let image = try await runMedia(["image", "-n", "3", "-o", dir.file("fox.png"), "a fox"], config: Self.config(server))
            #expect(image.code == 73)
            let speech = try await runMedia(["speak", "-o", dir.file("hello.mp3"), "Hello"], config: Self.config(server))
            #expect(speech.code == 73)
            let missing = try await runMedia(["speak", "-o", dir.file("no/hello.mp3"), "Hello"], config: Self.config(server))
            #expect(missing.code == 73)
            #expect(server.requestCount == 0)
        }
        #expect(dir.entries() == ["fox-3.png", "hello.mp3"])
    }

    @Test func speakSendsVoiceSpeedAndFormatFromTheExtension() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        try await FakeProviderServer.withServer { server in
            let result = try await runMedia(
                ["speak", "--voice", "nova", "--speed", "1.5", "-o", dir.file("hi.flac"), "Hi"], config: Self.config(server))
            #expect(result.code == 0, "\(result.err)")
            let body = try #require(server.requests.first?.body)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
            #expect(json["voice"] as? String == "nova")
            #expect(json["speed"] as? Double == 1.5)
            #expect(json["response_format"] as? String == "flac")
            #expect(dir.read("hi.flac")?.isEmpty == false)
        }
    }
}
