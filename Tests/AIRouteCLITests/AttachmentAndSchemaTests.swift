import AIRouteTesting
import Foundation
import Testing

/// `chat -a` and `chat --schema` through the binary against the fake provider: what reaches
/// which member, and what the user sees.
@Suite(.timeLimit(.minutes(2)))
struct AttachmentAndSchemaTests {
    let airoute: Airoute
    let env = ["FAKE_KEY": "sk-test"]

    init() throws { airoute = try Airoute() }

    /// A pool of a text-only member tried first and a member with `extra` capabilities.
    func mixedPool(_ server: FakeProviderServer, extra: String) throws -> String {
        try airoute.config(
            """
            version: 1
            defaults: {timeout: 20s, first_token_timeout: 10s}
            providers:
              fake: {type: openai, base_url: \(server.openAIBaseURL), api_key: "${FAKE_KEY}"}
            models:
              text-only: {provider: fake, capabilities: [chat, streaming]}
              capable: {provider: fake, capabilities: [chat, streaming, \(extra)]}
            pools:
              text-generation: {operation: chat, members: [text-only, capable]}
            """)
    }

    func file(_ name: String, _ data: Data) throws -> String {
        let path = airoute.home + "/" + name
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The content parts of the last user message the member received.
    func parts(_ request: FakeRequest?) throws -> [[String: Any]] {
        let body = try #require(
            request.flatMap { try? JSONSerialization.jsonObject(with: Data($0.body)) } as? [String: Any])
        let messages = try #require(body["messages"] as? [[String: Any]])
        return try #require(messages.last?["content"] as? [[String: Any]])
    }

    @Test func anImageReachesOnlyTheVisionMemberTypedByItsBytes() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try mixedPool(server, extra: "vision")
            // A PNG named .jpg: the bytes decide.
            let photo = try file("photo.jpg", MediaMagic.png)
            let result = try await airoute.run(["-c", config, "chat", "-a", photo, "What is this?"], env: env)
            #expect(result.status == 0)
            #expect(server.requestCount(model: "text-only") == 0)
            #expect(server.requestCount(model: "capable") == 1)
            let parts = try parts(server.requests(model: "capable").first)
            #expect(parts.first?["text"] as? String == "What is this?")
            let url = (parts.last?["image_url"] as? [String: Any])?["url"] as? String
            #expect(url == "data:image/png;base64," + MediaMagic.png.base64EncodedString())
        }
    }

    @Test func aURLIsPassedAsAURLAndStandardInputCanBeTheImage() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try mixedPool(server, extra: "vision")
            let url = "https://example.com/fox.webp"
            let first = try await airoute.run(["-c", config, "chat", "-a", url, "Describe"], env: env)
            #expect(first.status == 0)
            let sent = try parts(server.requests(model: "capable").last)
            #expect((sent.last?["image_url"] as? [String: Any])?["url"] as? String == url)

            let piped = try await airoute.run(
                ["-c", config, "chat", "-a", "-", "Describe"], env: env, stdin: MediaMagic.jpeg)
            #expect(piped.status == 0)
            let fromStdin = try parts(server.requests(model: "capable").last)
            let dataURL = (fromStdin.last?["image_url"] as? [String: Any])?["url"] as? String
            #expect(dataURL?.hasPrefix("data:image/jpeg;base64,") == true)
            #expect(server.requestCount(model: "text-only") == 0)
        }
    }

    @Test func audioReachesOnlyAMemberWithAudioInputAsOpenAIsInputAudioPart() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try mixedPool(server, extra: "audio_input")
            let wav = MediaMagic.wav()
            let clip = try file("clip.bin", wav)
            let result = try await airoute.run(["-c", config, "chat", "-a", clip, "Transcribe and answer"], env: env)
            #expect(result.status == 0)
            #expect(server.requestCount(model: "text-only") == 0)
            let audio = try #require(
                try parts(server.requests(model: "capable").first).last?["input_audio"] as? [String: Any])
            #expect(audio["format"] as? String == "wav")
            #expect(audio["data"] as? String == wav.base64EncodedString())
        }
    }

    @Test func anAttachmentOverAMembersDeclaredLimitSkipsItBeforeAnyRequest() async throws {
        try await FakeProviderServer.withServer { server in
            let yaml = try String(contentsOfFile: mixedPool(server, extra: "vision"), encoding: .utf8)
                .replacingOccurrences(
                    of: "capable: {provider: fake, capabilities: [chat, streaming, vision]}",
                    with: "capable: {provider: fake, capabilities: [chat, streaming, vision], max_attachment_size: 1KB}"
                )
            let config = try airoute.config(yaml, name: "limited.yaml")
            let photo = try file("big.png", MediaMagic.png + Data(count: 2000))
            let result = try await airoute.run(["-c", config, "chat", "-a", photo, "What is this?"], env: env)
            #expect(result.status == 69)
            #expect(result.err.contains("attachment of 2016 bytes exceeds its limit of 1000 bytes"))
            #expect(server.requestCount == 0)
        }
    }

    @Test func aPoolWithoutVisionSendsNothingAndSaysWhy() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try mixedPool(server, extra: "tools")
            let photo = try file("photo.png", MediaMagic.png)
            let result = try await airoute.run(["-c", config, "chat", "-a", photo, "What is this?"], env: env)
            #expect(result.status == 69)
            #expect(result.err.contains("lacks vision"))
            #expect(server.requestCount == 0)
        }
    }

    @Test(arguments: [
        ("notes.txt", Data("just text\n".utf8), "notes.txt is not an image or audio file"),
        ("paper.pdf", Data("%PDF-1.7\n".utf8), "paper.pdf is a PDF document"),
        ("song.ogg", Data("OggS\0\u{2}\0\0\0\0\0\0".utf8), "song.ogg is OGG audio; chat attachments take WAV or MP3"),
        ("empty.png", Data(), "empty.png is empty"),
    ])
    func anUnsupportedAttachmentIsRefusedWithExit65BeforeAnyRequest(
        name: String, data: Data, message: String
    )
        async throws
    {
        try await FakeProviderServer.withServer { server in
            let config = try mixedPool(server, extra: "vision")
            let path = try file(name, data)
            let result = try await airoute.run(["-c", config, "chat", "-a", path, "Hi"], env: env)
            #expect(result.status == 65)
            #expect(isOneLine(result.err, containing: message))
            #expect(result.out.isEmpty && server.requestCount == 0)
        }
    }

    @Test func attachingStandardInputThatIsATerminalIsAUsageError() async throws {
        let result = try await runMedia(["chat", "-a", "-", "What is this?"], stdinIsTerminal: true)
        #expect(result.code == 64)
        #expect(isOneLine(result.err, containing: "'-a -' attaches standard input, which is a terminal"))
    }

    @Test func aMissingAttachmentIsExit66() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try mixedPool(server, extra: "vision")
            let result = try await airoute.run(
                ["-c", config, "chat", "-a", airoute.home + "/nope.png", "Hi"], env: env)
            #expect(result.status == 66)
            #expect(isOneLine(result.err, containing: "no such file"))
        }
    }

    @Test func aSchemaIsSentAsJSONSchemaToAJSONCapableMemberAndOnlyTheJSONIsPrinted() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try mixedPool(server, extra: "json_output")
            let schema = try file(
                "city.json",
                Data(
                    #"{"title": "city answer", "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}"#
                        .utf8))
            server.script(model: "capable", [.ok(text: "```json\n{\"city\": \"Paris\"}\n```")])
            let result = try await airoute.run(
                ["-c", config, "chat", "--schema", schema, "Capital of France?"], env: env)
            #expect(result.status == 0)
            #expect(result.out == "{\"city\": \"Paris\"}\n")
            #expect(server.requestCount(model: "text-only") == 0)
            let body = try #require(
                server.requests(model: "capable").first.flatMap {
                    try? JSONSerialization.jsonObject(with: Data($0.body))
                }
                    as? [String: Any])
            let format = try #require(body["response_format"] as? [String: Any])
            #expect(format["type"] as? String == "json_schema")
            let named = try #require(format["json_schema"] as? [String: Any])
            #expect(named["name"] as? String == "city_answer")
            #expect((named["schema"] as? [String: Any])?["required"] as? [String] == ["city"])
            #expect(body["stream"] as? Bool != true)
        }
    }

    @Test func anAnswerThatIsNotJSONIsExit65AndAMismatchIsAWarning() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try mixedPool(server, extra: "json_output")
            server.script(model: "capable", [.ok(text: "Paris, of course.")])
            let prose = try await airoute.run(
                ["-c", config, "chat", "--schema", "city, population int", "Capital of France?"], env: env)
            #expect(prose.status == 65)
            #expect(prose.out.isEmpty)
            #expect(isOneLine(prose.err, containing: "the answer is not JSON: Paris, of course. (from capable)"))
            let strict = try #require(
                server.requests(model: "capable").first.flatMap {
                    try? JSONSerialization.jsonObject(with: Data($0.body))
                }
                    as? [String: Any])
            let schema = ((strict["response_format"] as? [String: Any])?["json_schema"] as? [String: Any])
            #expect(schema?["strict"] as? Bool == true)
            #expect((schema?["schema"] as? [String: Any])?["additionalProperties"] as? Bool == false)

            server.script(model: "capable", [.ok(text: #"{"city": "Paris", "population": "2.1 million"}"#)])
            let mismatch = try await airoute.run(
                ["-c", config, "chat", "--schema", "city, population int", "Capital of France?"], env: env)
            #expect(mismatch.status == 0)
            #expect(mismatch.out == #"{"city": "Paris", "population": "2.1 million"}"# + "\n")
            #expect(mismatch.err.contains("does not match the schema ($.population: expected integer, got string)"))
        }
    }

    @Test func aSchemaThatIsNotJSONIsRefusedBeforeAnyRequest() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try mixedPool(server, extra: "json_output")
            let inline = try await airoute.run(["-c", config, "chat", "--schema", "{type: object", "Hi"], env: env)
            #expect(inline.status == 65)
            #expect(isOneLine(inline.err, containing: "the inline schema is not JSON"))
            let concise = try await airoute.run(["-c", config, "chat", "--schema", "age integer", "Hi"], env: env)
            #expect(concise.status == 64)
            let missingFile = try await airoute.run(["-c", config, "chat", "--schema", "schema.yaml", "Hi"], env: env)
            #expect(missingFile.status == 64)
            #expect(missingFile.err.contains("'schema.yaml' is neither a schema file nor a field name"))
            let missingPath = try await airoute.run(
                ["-c", config, "chat", "--schema", "dir/city.json", "Hi"], env: env)
            #expect(missingPath.status == 66)
            #expect(server.requestCount == 0)
        }
    }
}
