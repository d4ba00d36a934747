import AIRouteTesting
import Foundation
import Testing

// Which python3 has the official SDK, if any.
private let pythonWithOpenAI: String? = {
    for python in ["/usr/local/bin/python3", "/usr/bin/python3"] + pyenvPython() where FileManager.default.isExecutableFile(atPath: python) {
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

    func validate(_ type: String, _ json: Data) async throws {
        let file = airoute.home + "/response.json"
        try json.write(to: URL(fileURLWithPath: file))
        let script = """
            import sys
            from openai.types.chat import ChatCompletion
            from openai.types import CreateEmbeddingResponse, ImagesResponse
            from openai.types.audio import TranscriptionVerbose
            types = {"chat": ChatCompletion, "embed": CreateEmbeddingResponse, "image": ImagesResponse,
                     "transcribe": TranscriptionVerbose}
            value = types[sys.argv[1]].model_validate_json(open(sys.argv[2]).read())
            print(type(value).__name__)
            """
        let child = try Spawned(try #require(pythonWithOpenAI), ["-c", script, type, file], environment: ProcessInfo.processInfo.environment)
        child.send(nil)
        let result = await child.finish(timeout: .seconds(60))
        #expect(result.status == 0, "\(type): \(String(decoding: result.err, as: UTF8.self))")
    }

    @Test func chatEmbeddingsImagesAndTranscriptionsParseWithTheOfficialSDK() async throws {
        let chat = try await airoute.run(["-c", offline, "--no-state", "--json", "chat", "Hello"])
        #expect(chat.status == 0)
        try await validate("chat", chat.outData)

        let embed = try await airoute.run(["-c", offline, "--no-state", "--json", "embed", "a", "b"])
        #expect(embed.status == 0)
        try await validate("embed", embed.outData)

        let speak = try await airoute.run(["-c", offline, "--no-state", "speak", "-o", airoute.home + "/hi.wav", "Hi there"])
        #expect(speak.status == 0)
        let transcript = try await airoute.run(
            ["-c", offline, "--no-state", "--json", "transcribe", "--format", "verbose_json", airoute.home + "/hi.wav"])
        #expect(transcript.status == 0)
        try await validate("transcribe", transcript.outData)

        let image = try await airoute.run(["-c", offline, "--no-state", "--json", "image", "-o", airoute.home + "/fox.png", "a fox"])
        #expect(image.status == 0)
        // `image --json` prints the written files; the OpenAI-shaped response is what the library returns.
        let object = try #require(try JSONSerialization.jsonObject(with: image.outData) as? [String: Any])
        #expect((object["files"] as? [String])?.count == 1)
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
                        + #"[{"index":0,"message":{"role":"assistant","content":"Hi there"},"finish_reason":"stop"}]}"#))
            let config = try airoute.config(fakeConfig(server, members: ["m"]))
            let chat = try await airoute.run(["-c", config, "--no-state", "--json", "chat", "Hello"], env: ["FAKE_KEY": "sk-x"])
            #expect(chat.status == 0, "\(chat.err)")
            let object = try #require(try JSONSerialization.jsonObject(with: chat.outData) as? [String: Any])
            let usage = try #require(object["usage"] as? [String: Any])
            #expect(usage["estimated"] as? Bool == true)
            #expect(usage["completion_tokens"] as? Int == 2)  // "Hi there": 8 bytes, one token per four
            try await validate("chat", chat.outData)
        }
    }
}
