import Foundation
import Testing

@_spi(Testing) @testable import AIRoute

/// The in-process `mock` provider, exercised through the public ``OpenAIClient``.
@Suite struct MockBackendTests {
    // MARK: Fixture

    /// A configuration of mock providers: `flaky` (failing as told) and `mock` (healthy), with a
    /// model per operation and the standard pools; `text-generation` tries the flaky model first.
    static func configuration(
        failure: MockFailure? = .status(503), latency: Duration? = nil, timeout: Duration = .seconds(30),
        firstTokenTimeout: Duration = .seconds(20)
    ) -> Configuration {
        let chat: CapabilitySet = [.chat, .streaming, .tools, .jsonOutput]
        let settings = RoutingSettings(timeout: timeout, firstTokenTimeout: firstTokenTimeout)
        var flaky = ProviderConfiguration(name: "flaky", type: .mock)
        flaky.mockFailure = failure
        return Configuration(
            defaults: settings,
            providers: [
                flaky,
                ProviderConfiguration(name: "mock", type: .mock, mockLatency: latency),
            ],
            models: [
                ModelConfiguration(id: "flaky-chat", provider: "flaky", capabilities: chat),
                ModelConfiguration(id: "mock-chat", provider: "mock", capabilities: chat),
                ModelConfiguration(
                    id: "mock-embed", provider: "mock", upstreamName: "mock-embedding-v1", capabilities: [.embeddings],
                    dimensions: [8, 16]),
                ModelConfiguration(
                    id: "mock-tts", provider: "mock", capabilities: [.speech],
                    voices: ["alloy": "alloy", "nova": "nova"],
                    formats: ["wav", "pcm"]),
                ModelConfiguration(id: "mock-tts-any", provider: "mock", capabilities: [.speech]),
                ModelConfiguration(id: "mock-stt", provider: "mock", capabilities: [.transcription]),
                ModelConfiguration(id: "mock-image", provider: "mock", capabilities: [.imageGeneration]),
            ],
            pools: [
                PoolConfiguration(
                    name: "text-generation", operation: .chat,
                    members: [
                        PoolMember(model: "flaky-chat", priority: 1), PoolMember(model: "mock-chat", priority: 2),
                    ],
                    settings: settings),
                PoolConfiguration(
                    name: "healthy-chat", operation: .chat, members: [PoolMember(model: "mock-chat", priority: 1)],
                    settings: settings),
                PoolConfiguration(
                    name: "flaky-only", operation: .chat, members: [PoolMember(model: "flaky-chat", priority: 1)],
                    settings: settings),
                PoolConfiguration(
                    name: "embeddings", operation: .embeddings, members: [PoolMember(model: "mock-embed", priority: 1)],
                    settings: settings),
                PoolConfiguration(
                    name: "text-to-speech", operation: .speech, members: [PoolMember(model: "mock-tts", priority: 1)],
                    settings: settings),
                PoolConfiguration(
                    name: "speech-to-text", operation: .transcription,
                    members: [PoolMember(model: "mock-stt", priority: 1)], settings: settings),
                PoolConfiguration(
                    name: "text-to-image", operation: .imageGeneration,
                    members: [PoolMember(model: "mock-image", priority: 1)], settings: settings),
            ])
    }

    /// A client over ``configuration(failure:latency:timeout:firstTokenTimeout:)`` with a manual clock.
    static func client(
        failure: MockFailure? = .status(503), latency: Duration? = nil, clock: ManualClock = ManualClock(),
        timeout: Duration = .seconds(30), firstTokenTimeout: Duration = .seconds(20)
    ) -> OpenAIClient {
        OpenAIClient(
            configuration: configuration(
                failure: failure, latency: latency, timeout: timeout, firstTokenTimeout: firstTokenTimeout),
            clock: clock)
    }

    /// `response` without the parts that legitimately differ between calls (routing).
    static func unrouted(_ response: CompletionResponse) -> CompletionResponse {
        var copy = response
        copy.routing = .unrouted
        return copy
    }

    // MARK: Chat

    @Test func chatIsDeterministicAndLabelled() async throws {
        let client = Self.client()
        let messages: [ChatMessage] = [
            .system("Be brief."), .user("Tell me   about\nthe weather in Paris today, please."),
        ]
        let first = try await client.chat.completions.create(model: "healthy-chat", messages: messages)
        let second = try await client.chat.completions.create(model: "healthy-chat", messages: messages)
        let other = Self.client()
        let third = try await other.chat.completions.create(model: "healthy-chat", messages: messages)

        #expect(first.text == "Mock reply from mock-chat: Tell me about the weather in Paris today, please.")
        #expect(first.id.hasPrefix("chatcmpl-mock-"))
        #expect(Self.unrouted(first) == Self.unrouted(second))
        #expect(Self.unrouted(first) == Self.unrouted(third))
        #expect(first.model == "mock-chat")
        #expect(first.finishReason == .stop)
        let usage = first.usage
        #expect(!usage.isEstimated)
        #expect(usage.promptTokens > 0 && usage.completionTokens > 0)
        #expect(usage.totalTokens == usage.promptTokens + usage.completionTokens)
        #expect(first.routing.member == "mock-chat")

        let different = try await client.chat.completions.create(model: "healthy-chat", messages: [.user("Other")])
        #expect(different.id != first.id)
        try await client.shutdown()
        try await other.shutdown()
    }

    @Test func chatQuotesOnlyTheStartOfLongPrompts() async throws {
        let client = Self.client()
        let prompt = String(repeating: "abcdefghij ", count: 20)
        let reply = try await client.chat.completions.create(model: "healthy-chat", messages: [.user(prompt)])
        let text = try #require(reply.text)
        #expect(text.hasPrefix("Mock reply from mock-chat: abcdefghij abcdefghij"))
        #expect(text.hasSuffix("…"))
        #expect(text.count == "Mock reply from mock-chat: ".count + 61)

        let cut = try await client.chat.completions.create(
            model: "healthy-chat", messages: [.user(prompt)], maxTokens: 3)
        #expect(cut.finishReason == .length)
        #expect(cut.text == "Mock reply f")
        try await client.shutdown()
    }

    @Test func chatCallsAMentionedTool() async throws {
        let client = Self.client()
        let tools = [
            Tool(function: .init(name: "get_time")),
            Tool(function: .init(name: "get_weather", parameters: ["type": "object"])),
        ]
        let call = try await client.chat.completions.create(
            model: "healthy-chat", messages: [.user("Please use GET_WEATHER for Paris")], tools: tools)
        #expect(call.finishReason == .toolCalls)
        let toolCall = try #require(call.toolCalls.first)
        #expect(toolCall.function.name == "get_weather")
        #expect(toolCall.id.hasPrefix("call_mock_"))
        let arguments = try JSONDecoder().decode(JSONValue.self, from: Data(toolCall.function.arguments.utf8))
        #expect(arguments.objectValue != nil)
        #expect(call.message?.content == nil)

        let plain = try await client.chat.completions.create(
            model: "healthy-chat", messages: [.user("Hello there")], tools: tools)
        #expect(plain.toolCalls.isEmpty && plain.finishReason == .stop)

        let answered = try await client.chat.completions.create(
            model: "healthy-chat",
            messages: [
                .user("Please use get_weather"), .assistant(toolCalls: [toolCall]),
                .tool(id: toolCall.id, content: "sunny, 21 °C"),
            ],
            tools: tools)
        #expect(answered.toolCalls.isEmpty)
        #expect(answered.text == "Mock reply from mock-chat after the tool result: sunny, 21 °C")
        try await client.shutdown()
    }

    @Test func jsonModeAnswersJSON() async throws {
        let client = Self.client()
        let reply = try await client.chat.completions.create(
            model: "healthy-chat", messages: [.user("Hi")], responseFormat: .jsonObject)
        let object = try JSONDecoder().decode(JSONValue.self, from: Data((reply.text ?? "").utf8))
        #expect(object["mock"] == true)
        #expect(object["reply"]?.stringValue == "Mock reply from mock-chat: Hi")
        try await client.shutdown()
    }

    // MARK: Streaming

    @Test func streamReassemblesToTheWholeAnswer() async throws {
        let client = Self.client()
        let messages: [ChatMessage] = [.user("one two three four five six seven eight nine ten eleven twelve thirteen")]
        let whole = try await client.chat.completions.create(model: "healthy-chat", messages: messages)
        let stream = try await client.chat.completions.stream(model: "healthy-chat", messages: messages)
        var accumulator = ChatCompletionAccumulator()
        var chunks: [ChatCompletionChunk] = []
        for try await chunk in stream {
            chunks.append(chunk)
            accumulator.add(chunk)
        }
        #expect(chunks.first?.choices.first?.delta.role == .assistant)
        #expect(chunks.first?.routing?.member == "mock-chat")
        let contentChunks = chunks.filter { $0.choices.contains { ($0.delta.content ?? "").isEmpty == false } }
        #expect(contentChunks.count >= 3)
        #expect(chunks.last?.usage != nil)
        #expect(chunks.last?.choices.first?.finishReason == .stop)
        #expect(Self.unrouted(accumulator.makeResponse(routing: .unrouted)) == Self.unrouted(whole))
        try await client.shutdown()
    }

    @Test func streamedToolCallMatchesTheWholeAnswer() async throws {
        let client = Self.client()
        let tools = [Tool(function: .init(name: "lookup"))]
        let messages: [ChatMessage] = [.user("lookup the answer")]
        let whole = try await client.chat.completions.create(model: "healthy-chat", messages: messages, tools: tools)
        var accumulator = ChatCompletionAccumulator()
        for try await chunk in try await client.chat.completions.stream(
            model: "healthy-chat", messages: messages, tools: tools)
        {
            accumulator.add(chunk)
        }
        #expect(accumulator.incompleteToolCalls.isEmpty)
        #expect(Self.unrouted(accumulator.makeResponse()) == Self.unrouted(whole))
        #expect(whole.toolCalls.first?.function.name == "lookup")
        try await client.shutdown()
    }

    @Test func streamFailsOverFromAFailingMember() async throws {
        let client = Self.client(failure: .status(500))
        let stream = try await client.chat.completions.stream(model: "text-generation", messages: [.user("Hi")])
        var text = ""
        for try await chunk in stream { text += chunk.choices.first?.delta.content ?? "" }
        #expect(text == "Mock reply from mock-chat: Hi")
        #expect(stream.routing.attempts.map(\.member) == ["flaky-chat", "mock-chat"])
        #expect(stream.routing.attempts.first?.status == 500)
        try await client.shutdown()
    }

    @Test func streamWithATimingOutMemberFailsOverAtTheFirstTokenDeadline() async throws {
        let clock = ManualClock()
        let client = Self.client(failure: .timeout, clock: clock, firstTokenTimeout: .seconds(2))
        let task = Task { try await client.chat.completions.stream(model: "text-generation", messages: [.user("Hi")]) }
        await clock.waitForSleepers(2)  // the call's deadline and the mock's silence
        clock.advance(by: .seconds(2))
        let stream = try await task.value
        #expect(stream.routing.member == "mock-chat")
        #expect(stream.routing.attempts.first?.errorClass == .transient)
        #expect(stream.routing.attempts.first?.message?.contains("timed out") == true)
        var text = ""
        for try await chunk in stream { text += chunk.choices.first?.delta.content ?? "" }
        #expect(text == "Mock reply from mock-chat: Hi")
        try await client.shutdown()
    }

    @Test func streamWaitsItsLatencyBeforeTheFirstChunk() async throws {
        let clock = ManualClock()
        let client = Self.client(latency: .milliseconds(50), clock: clock)
        let task = Task { try await client.chat.completions.stream(model: "healthy-chat", messages: [.user("Hi")]) }
        // The router's deadline timer (the call's and the first token's deadlines share its one
        // sleeping task) and the mock's latency.
        await clock.waitForSleepers(2)
        clock.advance(by: .milliseconds(49))
        #expect(clock.sleeperCount == 2)
        clock.advance(by: .milliseconds(1))
        let stream = try await task.value
        var text = ""
        for try await chunk in stream { text += chunk.choices.first?.delta.content ?? "" }
        #expect(text == "Mock reply from mock-chat: Hi")
        try await client.shutdown()
    }

    // MARK: Failures

    @Test func failingMemberFailsOverToTheHealthyOne() async throws {
        let client = Self.client(failure: .status(503))
        let reply = try await client.chat.completions.create(model: "text-generation", messages: [.user("Hi")])
        #expect(reply.routing.member == "mock-chat")
        #expect(reply.routing.failedOver)
        let attempts = reply.routing.attempts
        #expect(attempts.map(\.member) == ["flaky-chat", "mock-chat"])
        #expect(attempts[0].errorClass == .transient)
        #expect(attempts[0].status == 503)
        #expect(attempts[0].message == "mock provider 'flaky' configured to fail with HTTP 503")
        #expect(attempts[1].errorClass == nil)
        try await client.shutdown()
    }

    @Test func statusesAreClassifiedLikeRealProviders() async throws {
        for (status, expected) in [
            (500, ErrorClass.transient), (529, .transient), (401, .auth), (403, .auth),
            (404, .notFound), (402, .quota),
        ] {
            let client = Self.client(failure: .status(status))
            let reply = try await client.chat.completions.create(model: "text-generation", messages: [.user("Hi")])
            #expect(reply.routing.attempts.first?.errorClass == expected, "HTTP \(status)")
            try await client.shutdown()
        }
        let client = Self.client(failure: .status(400))
        await #expect {
            _ = try await client.chat.completions.create(model: "text-generation", messages: [.user("Hi")])
        } throws: { error in
            (error as? RouteError)?.code == .rejected && (error as? RouteError)?.failure?.errorClass == .invalidRequest
        }
        try await client.shutdown()
    }

    @Test func rateLimitedMemberCoolsDownForItsRetryAfter() async throws {
        let clock = ManualClock()
        let client = Self.client(failure: .status(429), clock: clock)
        let reply = try await client.chat.completions.create(model: "text-generation", messages: [.user("Hi")])
        #expect(reply.routing.attempts.first?.errorClass == .rateLimited)
        #expect(reply.routing.member == "mock-chat")

        let configuration = client.router.configuration
        let member = RouteMember(
            model: try #require(configuration.models["flaky-chat"]),
            provider: try #require(configuration.providers["flaky"]),
            priority: 1, weight: 1, fingerprinter: client.router.health.fingerprinter)
        let health = client.router.health.health(of: member.healthID)
        #expect(health.availability(at: clock.now()) == .unavailable(until: clock.now() + .seconds(1)))

        // While cooling, the flaky member is skipped without a request.
        let next = try await client.chat.completions.create(model: "text-generation", messages: [.user("Hi")])
        #expect(next.routing.attempts.map(\.member) == ["mock-chat"])

        // After the Retry-After second, the member is probed again (and fails again).
        clock.advance(by: .seconds(1))
        let probed = try await client.chat.completions.create(model: "text-generation", messages: [.user("Hi")])
        #expect(probed.routing.attempts.map(\.member) == ["flaky-chat", "mock-chat"])
        try await client.shutdown()
    }

    @Test func refusedConnectionIsTransient() async throws {
        let client = Self.client(failure: .refused)
        await #expect {
            _ = try await client.chat.completions.create(model: "flaky-only", messages: [.user("Hi")])
        } throws: { error in
            guard let error = error as? RouteError else { return false }
            return error.code == .exhausted && error.failure?.errorClass == .transient
                && error.failure?.message.contains("connection refused") == true
        }
        try await client.shutdown()
    }

    @Test func latencyWaitsOnTheInjectedClock() async throws {
        let clock = ManualClock()
        let client = Self.client(latency: .milliseconds(50), clock: clock)
        let task = Task { try await client.embeddings.create(model: "embeddings", input: ["a"]) }
        await clock.waitForSleepers(2)  // the call's deadline and the mock's latency
        clock.advance(by: .milliseconds(49))
        #expect(clock.sleeperCount == 2)
        clock.advance(by: .milliseconds(1))
        let response = try await task.value
        #expect(response.data.count == 1)
        try await client.shutdown()
    }

    @Test func latencyIsCancellable() async throws {
        let clock = ManualClock()
        let client = Self.client(latency: .seconds(5), clock: clock)
        let task = Task { try await client.chat.completions.create(model: "healthy-chat", messages: [.user("Hi")]) }
        await clock.waitForSleepers(2)
        task.cancel()
        await #expect {
            _ = try await task.value
        } throws: { error in
            (error as? RouteError)?.code == .cancelled
        }
        #expect(clock.sleeperCount == 0)
        try await client.shutdown()
    }

    @Test func timingOutMemberRunsIntoTheDeadline() async throws {
        let clock = ManualClock()
        let client = Self.client(failure: .timeout, clock: clock, timeout: .seconds(5))
        let task = Task { try await client.chat.completions.create(model: "flaky-only", messages: [.user("Hi")]) }
        await clock.waitForSleepers(2)
        clock.advance(by: .seconds(5))
        await #expect {
            _ = try await task.value
        } throws: { error in
            (error as? RouteError)?.routing.attempts.first?.errorClass == .transient
        }
        try await client.shutdown()
    }

    // MARK: Embeddings

    @Test func embeddingsAreDeterministicUnitVectors() async throws {
        let client = Self.client()
        let first = try await client.embeddings.create(
            model: "embeddings", input: ["a red fox", "a brown dog", "a red fox"])
        let second = try await client.embeddings.create(model: "embeddings", input: ["a red fox"])
        #expect(first.model == "mock-embedding-v1")
        #expect(first.vectors.count == 3)
        for vector in first.vectors {
            #expect(vector.count == 8)
            let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
        }
        #expect(first.vectors[0] == first.vectors[2])
        #expect(first.vectors[0] == second.vectors[0])
        #expect(first.vectors[0] != first.vectors[1])
        #expect(first.usage.promptTokens > 0)

        let wide = try await client.embeddings.create(model: "embeddings", input: ["a red fox"], dimensions: 16)
        #expect(wide.vectors[0].count == 16)
        let tokens = try await client.embeddings.create(
            EmbeddingRequest(model: "embeddings", input: .tokens([1, 2, 3])))
        #expect(tokens.vectors[0].count == 8)
        try await client.shutdown()
    }

    // MARK: Speech

    @Test func speechIsAValidDeterministicWAV() async throws {
        let client = Self.client()
        let wav = try await client.audio.speech.create(
            model: "text-to-speech", input: "Hello world", voice: .alloy, responseFormat: .wav)
        let again = try await client.audio.speech.create(
            model: "text-to-speech", input: "Hello world", voice: .alloy, responseFormat: .wav)
        #expect(wav == again)
        let bytes = [UInt8](wav)
        func ascii(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << ($1 * 8) } }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        #expect(
            ascii(0..<4) == "RIFF" && ascii(8..<12) == "WAVE" && ascii(12..<16) == "fmt " && ascii(36..<40) == "data")
        #expect(u32(4) == bytes.count - 8)
        #expect(u16(20) == 1 && u16(22) == 1 && u32(24) == 16_000 && u32(28) == 32_000 && u16(34) == 16)
        #expect(u32(40) == bytes.count - 44)
        #expect(u32(40) == 11 * 800 * 2)  // 11 characters × 50 ms × 16 kHz × 2 bytes
        #expect(bytes[44...].contains { $0 != 0 })  // not silence

        let nova = try await client.audio.speech.create(
            model: "text-to-speech", input: "Hello world", voice: .nova, responseFormat: .wav)
        #expect(nova.count == wav.count && nova != wav)

        let pcm = try await client.audio.speech.create(
            model: "text-to-speech", input: "Hello world", voice: .alloy, responseFormat: .pcm)
        #expect(pcm.count == 11 * 1200 * 2)  // raw samples at 24 kHz, no header

        let long = try await client.audio.speech.create(
            model: "text-to-speech", input: String(repeating: "x", count: 500), voice: .alloy, responseFormat: .wav)
        #expect(long.count == 44 + 5 * 16_000 * 2)  // capped at 5 s
        try await client.shutdown()
    }

    @Test func speechRejectsFormatsItCannotEncode() async throws {
        let client = Self.client()
        // The pool's member declares [wav, pcm]: the router never sends it mp3.
        await #expect {
            _ = try await client.audio.speech.create(
                model: "text-to-speech", input: "Hi", voice: .alloy, responseFormat: .mp3)
        } throws: { error in
            (error as? RouteError)?.code == .noCapableMember
        }
        // A member that declares no formats gets the request, and the mock refuses it.
        await #expect {
            _ = try await client.audio.speech.create(
                model: "mock-tts-any", input: "Hi", voice: .alloy, responseFormat: .mp3)
        } throws: { error in
            guard let error = error as? RouteError else { return false }
            return error.code == .rejected && error.failure?.errorClass == .invalidRequest
                && error.failure?.message == "the mock provider produces wav and pcm only"
        }
        try await client.shutdown()
    }

    // MARK: Transcription

    @Test func transcriptionInEveryFormat() async throws {
        let client = Self.client()
        let file = Data([1, 2, 3, 4, 5])
        let expected = "This is a mock transcript of memo.mp3 (5 bytes)."
        func transcribe(_ format: TranscriptionFormat?) async throws -> TranscriptionResponse {
            try await client.audio.transcriptions.create(
                model: "speech-to-text", file: file, fileName: "memo.mp3", responseFormat: format)
        }
        #expect(try await transcribe(nil).text == expected)
        #expect(try await transcribe(.json).text == expected)
        #expect(try await transcribe(.text).text == expected)
        #expect(try await transcribe(.srt).text == "1\n00:00:00,000 --> 00:00:02,000\n\(expected)\n\n")
        #expect(try await transcribe(.vtt).text == "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n\(expected)\n\n")
        let verbose = try await transcribe(.verboseJSON)
        #expect(verbose.text == expected)
        #expect(verbose.language == "en" && verbose.duration == 2 && verbose.task == "transcribe")
        #expect(verbose.segments?.count == 1 && verbose.segments?.first?.end == 2)
        #expect(try await transcribe(.verboseJSON) == verbose)

        // A WAV file's real duration is reported.
        let wav = try await client.audio.speech.create(
            model: "text-to-speech", input: "Hello world", voice: .alloy, responseFormat: .wav)
        let measured = try await client.audio.transcriptions.create(
            model: "speech-to-text", file: wav, fileName: "hello.wav", responseFormat: .verboseJSON)
        #expect(abs((measured.duration ?? 0) - 0.55) < 1e-9)

        await #expect {
            _ = try await client.audio.transcriptions.create(
                model: "speech-to-text", file: Data(), fileName: "empty.wav")
        } throws: { error in
            (error as? RouteError)?.failure?.message == "empty audio file"
                && (error as? RouteError)?.failure?.errorClass == .invalidRequest
        }
        try await client.shutdown()
    }

    // MARK: Images

    /// The chunks of a PNG, after checking its signature and every chunk's CRC.
    static func pngChunks(_ data: Data) throws -> [(type: String, data: [UInt8])] {
        let bytes = [UInt8](data)
        try #require(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 << 8 | UInt32(bytes[at + $1]) } }
        var chunks: [(String, [UInt8])] = []
        var offset = 8
        while offset < bytes.count {
            try #require(offset + 12 <= bytes.count)
            let length = Int(u32(offset))
            try #require(offset + 12 + length <= bytes.count)
            let typeAndData = Array(bytes[offset + 4..<offset + 8 + length])
            #expect(CRC32.checksum(typeAndData) == u32(offset + 8 + length))
            chunks.append((String(decoding: typeAndData[0..<4], as: UTF8.self), Array(typeAndData[4...])))
            offset += 12 + length
        }
        return chunks
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func imagesAreValidDeterministicPNGs() async throws {
        let client = Self.client()
        let response = try await client.images.generate(
            model: "text-to-image", prompt: "a red fox", n: 2, size: "320x200")
        let again = try await client.images.generate(model: "text-to-image", prompt: "a red fox", n: 2, size: "320x200")
        #expect(response.data.count == 2)
        #expect(response.data.map(\.b64JSON) == again.data.map(\.b64JSON))
        #expect(response.data[0].b64JSON != response.data[1].b64JSON)

        let png = try #require(response.data[0].imageData)
        let chunks = try Self.pngChunks(png)
        #expect(chunks.map(\.type) == ["IHDR", "tEXt", "IDAT", "IEND"])
        let header = chunks[0].data
        func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 << 8 | Int(header[at + $1]) } }
        #expect(u32(0) == 320 && u32(4) == 200)
        #expect(Array(header[8...]) == [8, 2, 0, 0, 0])
        #expect(String(decoding: chunks[1].data, as: UTF8.self) == "Software\0airoute mock provider")
        let idat = chunks[2].data
        #expect(idat.starts(with: [0x78, 0x01]))

        let defaulted = try await client.images.generate(model: "text-to-image", prompt: "a red fox")
        let defaultHeader = try Self.pngChunks(try #require(defaulted.data.first?.imageData))[0].data
        #expect(defaultHeader[0..<8].elementsEqual([0, 0, 1, 0, 0, 0, 1, 0]))  // 256×256

        let big = try await client.images.generate(model: "text-to-image", prompt: "a red fox", size: "1024x1024")
        #expect((big.data.first?.imageData?.count ?? .max) < 64 * 1024)

        let url = try await client.images.generate(
            model: "text-to-image", prompt: "a red fox", size: "320x200", responseFormat: .url)
        let link = try #require(url.data.first?.url)
        #expect(link == "data:image/png;base64,\(response.data[0].b64JSON ?? "")")
        #expect(url.data.first?.b64JSON == nil)

        await #expect {
            _ = try await client.images.generate(model: "text-to-image", prompt: "x", size: "huge")
        } throws: { error in
            (error as? RouteError)?.failure?.errorClass == .invalidRequest
        }
        try await client.shutdown()
    }

    // MARK: Models

    @Test func listModelsNamesTheProvidersModels() async throws {
        let client = Self.client()
        let models = try await client.listModels(provider: "mock")
        #expect(models == ["mock-chat", "mock-embedding-v1", "mock-tts", "mock-tts-any", "mock-stt", "mock-image"])
        await #expect(throws: UpstreamFailure.self) { _ = try await client.listModels(provider: "flaky") }
        try await client.shutdown()
    }
}
