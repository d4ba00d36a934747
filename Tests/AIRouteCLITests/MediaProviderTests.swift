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

    @Test func jpegBytesAskedForAsPNGAreWrittenToTheNameGivenWithAWarning() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        try await FakeProviderServer.withServer { server in
            server.script(
                model: "fake-image", [Self.images([#"{"b64_json": "\#(MediaMagic.jpeg.base64EncodedString())"}"#])])
            let result = try await runMedia(["image", "-o", dir.file("fox.png"), "a fox"], config: Self.config(server))
            #expect(result.code == 0, "\(result.err)")
            #expect(dir.entries() == ["fox.png"])
            #expect(dir.read("fox.png") == MediaMagic.jpeg)
            #expect(result.out == dir.file("fox.png") + "\n")
            #expect(
                isOneLine(
                    result.err,
                    containing:
                        "the image is JPEG: writing it to \(dir.file("fox.png")) as named (its extension says otherwise)"
                ))
        }
    }

    @Test func fewerImagesThanAskedForAreSaid() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let png = #"{"b64_json": "\#(MediaMagic.png.base64EncodedString())"}"#
        try await FakeProviderServer.withServer { server in
            server.script(model: "fake-image", [Self.images([png]), Self.images([png])])
            let plain = try await runMedia(
                ["image", "-n", "3", "-o", dir.file("many.png"), "fox"], config: Self.config(server))
            #expect(plain.code == 0, "\(plain.err)")
            #expect(isOneLine(plain.err, containing: "asked for 3 images, the provider returned 1 image"))
            #expect(plain.out == dir.file("many-1.png") + "\n")
            let json = try await runMedia(
                ["--json", "image", "-n", "3", "-o", dir.file("json.png"), "fox"], config: Self.config(server))
            #expect(json.code == 0, "\(json.err)")
            let object = try #require(try JSONSerialization.jsonObject(with: json.outData) as? [String: Any])
            #expect(object["requested"] as? Int == 3)
            #expect(object["received"] as? Int == 1)
            #expect(object["files"] as? [String] == [dir.file("json-1.png")])
            #expect(json.err.contains("asked for 3 images, the provider returned 1 image"))
        }
        #expect(dir.entries() == ["json-1.png", "many-1.png"])
    }

    @Test func moreImagesThanAskedForAreCutToTheNamesChecked() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let png = #"{"b64_json": "\#(MediaMagic.png.base64EncodedString())"}"#
        try await FakeProviderServer.withServer { server in
            server.script(model: "fake-image", [Self.images([png, png])])
            let result = try await runMedia(["image", "-o", dir.file("one.png"), "fox"], config: Self.config(server))
            #expect(result.code == 0, "\(result.err)")
            #expect(
                isOneLine(
                    result.err, containing: "asked for 1 image, the provider returned 2 images: writing the first 1"))
        }
        #expect(dir.entries() == ["one.png"])
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
        #expect(symlink("gone.mp3", dir.file("dangling.mp3")) == 0)
        try FileManager.default.createDirectory(atPath: dir.file("folder.png"), withIntermediateDirectories: false)
        try await FakeProviderServer.withServer { server in
            let dangling = try await runMedia(
                ["speak", "--force", "-o", dir.file("dangling.mp3"), "Hi"], config: Self.config(server))
            #expect(dangling.code == 73)
            #expect(
                isOneLine(
                    dangling.err,
                    containing:
                        "cannot write \(dir.file("dangling.mp3")): it is a symbolic link to \(dir.file("gone.mp3")), which does not exist"
                ))
            let folder = try await runMedia(
                ["image", "--force", "-o", dir.file("folder.png"), "a fox"], config: Self.config(server))
            #expect(folder.code == 73)
            #expect(isOneLine(folder.err, containing: "cannot write \(dir.file("folder.png")): it is a directory"))
            let image = try await runMedia(
                ["image", "-n", "3", "-o", dir.file("fox.png"), "a fox"], config: Self.config(server))
            #expect(image.code == 73)
            let speech = try await runMedia(
                ["speak", "-o", dir.file("hello.mp3"), "Hello"], config: Self.config(server))
            #expect(speech.code == 73)
            let missing = try await runMedia(
                ["speak", "-o", dir.file("no/hello.mp3"), "Hello"], config: Self.config(server))
            #expect(missing.code == 73)
            #expect(server.requestCount == 0)
        }
        #expect(dir.entries() == ["dangling.mp3", "folder.png", "fox-3.png", "hello.mp3"])
        #expect(dir.entries("folder.png").isEmpty)
    }

    @Test func speakSendsVoiceSpeedAndFormatFromTheExtension() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        try await FakeProviderServer.withServer { server in
            let result = try await runMedia(
                ["speak", "--voice", "nova", "--speed", "1.5", "-o", dir.file("hi.flac"), "Hi"],
                config: Self.config(server))
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
