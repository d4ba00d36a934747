import AIRoute
import AIRouteTesting
import Foundation
import Testing

// Which python3 has the official SDK, if any.
private let pythonWithOpenAI: String? = {
    for python in ["/usr/local/bin/python3", "/usr/bin/python3"] + pyenvPython()
    where FileManager.default.isExecutableFile(atPath: python) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import openai"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if (try? process.run()) != nil {
            process.waitUntilExit()
            if process.terminationStatus == 0 { return python }
        }
    }
    return nil
}()

/// python3 on PATH, then pyenv's shim.
private func pyenvPython() -> [String] {
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/python3" }
    return path + [(ProcessInfo.processInfo.environment["HOME"] ?? "/root") + "/.pyenv/shims/python3"]
}

/// `--json` output must parse as the corresponding types of the official OpenAI SDKs: checked
/// with the Python SDK's pydantic models when it is installed (`.ci/run` installs it).
@Suite(.enabled(if: pythonWithOpenAI != nil, "needs python3 with the openai package"))
struct OpenAISDKCompatibilityTests {
    let airoute: Airoute
    let offline = Airoute.repository + "/examples/offline.yaml"

    init() throws { airoute = try Airoute() }

    /// Parses `json` as the SDK's type for `type`, then checks each Python expression of `checks`
    /// (over the parsed `value`) is true.
    func validate(_ type: String, _ json: Data, checks: [String] = []) async throws {
        let file = airoute.home + "/response.json"
        try json.write(to: URL(fileURLWithPath: file))
        let script = """
            import sys
            from openai.types.chat import ChatCompletion
            from openai.types import CreateEmbeddingResponse, ImagesResponse
            from openai.types.audio import Transcription, TranscriptionVerbose
            from openai.types.shared import ErrorObject
            types = {"chat": ChatCompletion, "embed": CreateEmbeddingResponse, "image": ImagesResponse,
                     "transcribe": TranscriptionVerbose, "transcribe-json": Transcription}
            if sys.argv[1] == "error":
                import json
                value = ErrorObject.model_validate(json.loads(open(sys.argv[2]).read())["error"])
            else:
                value = types[sys.argv[1]].model_validate_json(open(sys.argv[2]).read())
            for check in sys.argv[3:]:
                assert eval(check), check
            print(type(value).__name__)
            """
        let child = try Spawned(
            try #require(pythonWithOpenAI), ["-c", script, type, file] + checks,
            environment: ProcessInfo.processInfo.environment)
        child.send(nil)
        let result = await child.finish(timeout: .seconds(60))
        #expect(result.status == 0, "\(type): \(String(decoding: result.err, as: UTF8.self))")
    }

    /// A `--json` failure's `error` object is the SDK's `ErrorObject` (what its `APIStatusError`
    /// reads from an error body), with the fields a script checks.
    @Test func failuresParseAsTheSDKsErrorObject() async throws {
        let config = try airoute.config(
            """
            version: 1
            providers:
              down: {type: mock, fail: 503}
            models:
              a: {provider: down, capabilities: [chat, streaming]}
            pools:
              p: {operation: chat, members: [a]}
            """)
        let failed = try await airoute.run(["-c", config, "--no-state", "--json", "chat", "-m", "p", "Hi"])
        #expect(failed.status == 69)
        try await validate(
            "error", failed.outData,
            checks: [
                "value.type == 'service_unavailable_error'", "value.code == 'no_member_succeeded'",
                "value.param is None", "'could serve' in value.message",
            ])
        let unknown = try await airoute.run(["-c", config, "--no-state", "--json", "chat", "-m", "nope", "Hi"])
        #expect(unknown.status == 64)
        try await validate(
            "error", unknown.outData,
            checks: [
                "value.type == 'invalid_request_error'", "value.code == 'model_not_found'", "value.param == 'model'",
            ])
    }

    @Test func chatEmbeddingsImagesAndTranscriptionsParseWithTheOfficialSDK() async throws {
        let chat = try await airoute.run(["-c", offline, "--no-state", "--json", "chat", "Hello"])
        #expect(chat.status == 0)
        try await validate("chat", chat.outData)

        let embed = try await airoute.run(["-c", offline, "--no-state", "--json", "embed", "a", "b"])
        #expect(embed.status == 0)
        try await validate("embed", embed.outData)

        let speak = try await airoute.run([
            "-c", offline, "--no-state", "speak", "-o", airoute.home + "/hi.wav", "Hi there",
        ])
        #expect(speak.status == 0)
        let transcript = try await airoute.run(
            ["-c", offline, "--no-state", "--json", "transcribe", "--format", "verbose_json", airoute.home + "/hi.wav"])
        #expect(transcript.status == 0)
        try await validate("transcribe", transcript.outData)

        let png = airoute.home + "/fox.png"
        let image = try await airoute.run(["-c", offline, "--no-state", "--json", "image", "-o", png, "a fox"])
        #expect(image.status == 0)
        // `image --json` prints the written files; the OpenAI-shaped response is what the library returns.
        let object = try #require(try JSONSerialization.jsonObject(with: image.outData) as? [String: Any])
        #expect((object["files"] as? [String]) == [png])
        #expect(object["requested"] as? Int == 1 && object["received"] as? Int == 1)
        // The library's answer to the same request parses as the SDK's `ImagesResponse`, and its
        // one image is, byte for byte, the PNG the command wrote.
        let client = OpenAIClient(configuration: try Configuration.load(path: offline))
        let response = try await client.images.generate(
            ImageGenerationRequest(model: "text-to-image", prompt: "a fox", responseFormat: .b64JSON))
        try await validate(
            "image", try JSONEncoder().encode(response),
            checks: [
                "len(value.data) == 1", "value.data[0].url is None",
                "__import__('base64').b64decode(value.data[0].b64_json) == open('\(png)', 'rb').read()",
                "open('\(png)', 'rb').read()[:8] == b'\\x89PNG\\r\\n\\x1a\\n'",
            ])
    }

    /// A server that reports no usage (some OpenAI-compatible servers don't): `usage` is airoute's
    /// estimate, marked `"estimated": true`, and the output still parses as a `ChatCompletion`.
    @Test func estimatedUsageStillParsesWithTheOfficialSDK() async throws {
        try await FakeProviderServer.withServer { server in
            server.setDefault(
                model: "m",
                behavior: .raw(
                    status: 200,
                    body: #"{"id":"c1","object":"chat.completion","created":1,"model":"m","choices":"#
                        + #"[{"index":0,"message":{"role":"assistant","content":"Hi there"},"finish_reason":"stop"}]}"#)
            )
            let config = try airoute.config(fakeConfig(server, members: ["m"]))
            let chat = try await airoute.run(
                ["-c", config, "--no-state", "--json", "chat", "Hello"], env: ["FAKE_KEY": "sk-x"])
            #expect(chat.status == 0, "\(chat.err)")
            let object = try #require(try JSONSerialization.jsonObject(with: chat.outData) as? [String: Any])
            let usage = try #require(object["usage"] as? [String: Any])
            #expect(usage["estimated"] as? Bool == true)
            #expect(usage["completion_tokens"] as? Int == 2)  // "Hi there": 8 bytes, one token per four
            try await validate("chat", chat.outData)
        }
    }

    /// The fields of the OpenAI API's `ChatCompletion` (service tier, annotations, audio, refusal
    /// log probabilities, token details) and the fields it does not define (Azure's filter results)
    /// survive `--json` and parse as the SDK's types.
    @Test func addedChatFieldsParseWithTheOfficialSDK() async throws {
        // The OpenAI API reference's `ChatCompletion` fields, values chosen here.
        let full = #"""
            {"id":"chatcmpl-full","object":"chat.completion","created":1741570283,"model":"gpt-4o-2024-08-06","service_tier":"default","system_fingerprint":"fp_1","choices":[{"index":0,"message":{"role":"assistant","content":"Paris.","refusal":null,"annotations":[{"type":"url_citation","url_citation":{"end_index":6,"start_index":0,"title":"Paris","url":"https://en.wikipedia.org/wiki/Paris"}}],"audio":{"id":"audio_1","data":"UklGRg==","expires_at":1741573883,"transcript":"Paris."}},"logprobs":{"content":[{"token":"Paris","logprob":-0.01,"bytes":[80,97,114,105,115],"top_logprobs":[]}],"refusal":null},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}
            """#
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(fakeConfig(server, members: ["a"]))
            let env = ["FAKE_KEY": "sk-test"]
            server.script(
                model: "a", [.raw(status: 200, body: full), .raw(status: 200, body: Recordings.azureContentFilter)])
            let chat = try await airoute.run(["-c", config, "--no-state", "--json", "chat", "Capital?"], env: env)
            #expect(chat.status == 0)
            try await validate(
                "chat", chat.outData,
                checks: [
                    "value.service_tier == 'default'", "value.system_fingerprint == 'fp_1'",
                    "value.choices[0].message.annotations[0].url_citation.url == 'https://en.wikipedia.org/wiki/Paris'",
                    "value.choices[0].message.audio.transcript == 'Paris.'",
                    "value.choices[0].logprobs.content[0].token == 'Paris'",
                    "value.usage.completion_tokens_details.reasoning_tokens == 0",
                    "value.usage.prompt_tokens_details.cached_tokens == 0",
                ])
            let filtered = try await airoute.run(["-c", config, "--no-state", "--json", "chat", "Hi"], env: env)
            #expect(filtered.status == 1)
            try await validate(
                "chat", filtered.outData,
                checks: [
                    "value.choices[0].finish_reason == 'content_filter'",
                    "value.choices[0].content_filter_results['violence']['filtered']",
                    "value.prompt_filter_results[0]['prompt_index'] == 0",
                ])
        }
    }

    /// A `json` transcription's `usage` and `logprobs` survive `--json` and parse as the SDK's `Transcription`.
    @Test func transcriptionUsageAndLogprobsParseWithTheOfficialSDK() async throws {
        // The OpenAI API reference's `Transcription` fields (gpt-4o-transcribe with include[]=logprobs), values chosen here.
        let body = #"""
            {"text":"Hi there.","logprobs":[{"token":"Hi","logprob":-0.1,"bytes":[72,105]}],"usage":{"type":"tokens","input_tokens":14,"input_token_details":{"text_tokens":0,"audio_tokens":14},"output_tokens":4,"total_tokens":18}}
            """#
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(
                fakeConfig(server, members: ["a"]).replacingOccurrences(
                    of: "text-generation:\n    operation: chat", with: "transcription:\n    operation: transcription"))
            let audio = airoute.home + "/hi.wav"
            try MediaMagic.wav().write(to: URL(fileURLWithPath: audio))
            server.script(model: "a", [.raw(status: 200, body: body)])
            let result = try await airoute.run(
                ["-c", config, "--no-state", "--json", "transcribe", "-m", "transcription", "--format", "json", audio],
                env: ["FAKE_KEY": "sk-test"])
            #expect(result.status == 0, "\(result.err)")
            try await validate(
                "transcribe-json", result.outData,
                checks: ["value.usage.total_tokens == 18", "value.logprobs[0].token == 'Hi'"])
        }
    }

    /// A GPT image model's response fields (`background`, `output_format`, `quality`, `size`,
    /// token `usage`) survive decoding and encoding by `ImageResponse` and parse as the SDK's
    /// `ImagesResponse` (`image --json` prints the files written, so the library's encoding is checked).
    @Test func imageResponseFieldsParseWithTheOfficialSDK() async throws {
        // The OpenAI API reference's image generation response object (gpt-image-1), values as shown there.
        let body = #"""
            {"created":1713833628,"data":[{"b64_json":"iVBORw0KGgo="}],"background":"transparent","output_format":"png","size":"1024x1024","quality":"high","usage":{"total_tokens":100,"input_tokens":50,"output_tokens":50,"input_tokens_details":{"text_tokens":10,"image_tokens":40}}}
            """#
        let response = try JSONDecoder().decode(ImageResponse.self, from: Data(body.utf8))
        #expect(response.background == "transparent" && response.outputFormat == "png")
        try await validate(
            "image", try JSONEncoder().encode(response),
            checks: [
                "value.background == 'transparent'", "value.output_format == 'png'", "value.quality == 'high'",
                "value.size == '1024x1024'", "value.usage.input_tokens_details.image_tokens == 40",
            ])
    }
}
