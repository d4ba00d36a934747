import AIRoute
import AIRouteTesting
import Foundation
import Testing

/// One test per fault, through `OpenAIClient` against the loopback fake server: what the caller
/// got, and how many requests each member received.
@Suite(.timeLimit(.minutes(1)))
struct ClientFailoverTests {
    let two = FakeCatalog(members: [.init(id: "a"), .init(id: "b")])

    func chat(_ client: OpenAIClient, _ text: String = "Hi") async throws(RouteError) -> CompletionResponse {
        try await client.chat.completions.create(model: "pool", messages: [.user(text)])
    }

    @Test(arguments: [500, 502, 503, 504, 529])
    func serverErrorsFailOverToTheNextMember(status: Int) async throws {
        try await withClient(two) { client, server in
            server.script(model: "a", [.status(status)])
            let reply = try await chat(client)
            #expect(reply.routing.member == "b")
            #expect(reply.choices.first?.message.content?.text == "Hello from b")
            #expect(reply.routing.attempts.map(\.errorClass) == [.transient, nil])
            #expect(reply.routing.attempts.first?.status == status)
            #expect(server.requestCount(model: "a") == 1)
            #expect(server.requestCount(model: "b") == 1)
        }
    }

    @Test func rateLimitWithRetryAfterFailsOverAndCoolsTheMember() async throws {
        try await withClient(two) { client, server in
            server.script(model: "a", [.rateLimited(retryAfter: "30")])
            let reply1 = try await chat(client)
            #expect(reply1.routing.member == "b")
            // Cooling for 30 s: the next calls do not touch a.
            let reply2 = try await chat(client)
            #expect(reply2.routing.attempts.map(\.member) == ["b"])
            #expect(server.requestCount(model: "a") == 1)
            let health = client.router.health.snapshot().values.first { $0.lastErrorStatus == 429 }
            #expect(health?.openReason == .rateLimited)
        }
    }

    @Test func connectionRefusedFailsOverAtOnce() async throws {
        try await FaultProxy.withProxy(targetPort: 9, mode: .refuse) { proxy in
            var catalog = two
            catalog.members[0].baseURL = "http://127.0.0.1:\(proxy.port)/v1"
            try await withClient(catalog) { client, server in
                let reply = try await chat(client)
                #expect(reply.routing.member == "b")
                #expect(reply.routing.attempts.first?.errorClass == .transient)
                #expect(server.requestCount(model: "b") == 1)
            }
        }
    }

    @Test func connectionResetBeforeAnswerFailsOver() async throws {
        try await withClient(two) { client, server in
            server.script(model: "a", [.reset])
            let reply3 = try await chat(client)
            #expect(reply3.routing.member == "b")
            #expect(server.requestCount(model: "a") == 1)
        }
    }

    @Test func hangBeforeHeadersHitsTheFirstTokenTimeoutAndFailsOver() async throws {
        var catalog = two
        catalog.settings.firstTokenTimeout = FakeCatalog.shortFirstTokenTimeout  // b must answer within it too
        try await withClient(catalog) { client, server in
            server.script(model: "a", [.hang])
            let stream = try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")])
            let (text, error) = await collect(stream)
            #expect(error == nil)
            #expect(text == "Hello from b")
            #expect(stream.routing.attempts.map(\.member) == ["a", "b"])
            #expect(stream.routing.attempts.first?.errorClass == .transient)
            #expect(server.requestCount(model: "a") == 1)
            // The abandoned request's connection was closed.
            #expect(try await server.waitUntil { $0.contains { $0.model == "a" && $0.closedByClient } })
        }
    }

    @Test func silentMemberIsAbandonedAtTheCallDeadline() async throws {
        var catalog = FakeCatalog(members: [.init(id: "a")])
        catalog.settings.timeout = .seconds(3)  // room for the request to arrive on a loaded machine
        try await withClient(catalog) { client, server in
            server.script(model: "a", [.hang])
            let start = ContinuousClock.now
            let error = await #expect(throws: RouteError.self) { try await chat(client) }
            // The bound is wall time from before the call: inside the whole suite's parallel run on
            // two cores, reaching the server and unwinding the cancelled request took up to 1.3 s.
            #expect(ContinuousClock.now - start < .seconds(3) + TestMachine.allowing(.seconds(2)))
            #expect(error?.code == .deadlineExceeded || error?.code == .exhausted)
            #expect(server.requestCount(model: "a") == 1)
        }
    }

    @Test func stallMidStreamEndsWithAnIdleTimeoutError() async throws {
        var catalog = two
        catalog.settings.idleTimeout = .milliseconds(300)
        try await withClient(catalog) { client, server in
            server.script(model: "a", [.stall(afterChunks: 2)])
            let stream = try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")])
            let (text, error) = await collect(stream)
            #expect(!text.isEmpty)
            #expect(error?.code == .interrupted)
            #expect(error?.message.contains("idle_timeout") == true)
            #expect(server.requestCount(model: "b") == 0)
        }
    }

    @Test func streamCutBeforeContentFailsOverInvisibly() async throws {
        try await withClient(two) { client, server in
            server.script(model: "a", [.cut(afterChunks: 0)])
            let stream = try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")])
            let (text, error) = await collect(stream)
            #expect(error == nil)
            #expect(text == "Hello from b")
            #expect(server.requestCount(model: "a") == 1 && server.requestCount(model: "b") == 1)
        }
    }

    @Test func streamCutAfterContentIsAnErrorNeverACleanEnd() async throws {
        try await withClient(two) { client, server in
            server.script(model: "a", [.cut(afterChunks: 2)])
            let stream = try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")])
            let (text, error) = await collect(stream)
            #expect(!text.isEmpty && text != "Hello from a")
            #expect(error?.code == .interrupted)
            #expect(error?.message.contains("2 chunk(s)") == true || error?.message.contains("chunk(s)") == true)
            #expect(server.requestCount(model: "b") == 0)
            // The broken stream counts against a's health.
            #expect(client.router.health.snapshot().values.contains { $0.failures == 1 })
        }
    }

    @Test func halfEventThenCloseIsAnError() async throws {
        try await withClient(two) { client, server in
            server.script(model: "a", [.halfEvent(afterChunks: 2)])
            let (_, error) = await collect(
                try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")]))
            #expect(error?.code == .interrupted)
        }
    }

    @Test func malformedChunkAfterContentIsAnError() async throws {
        try await withClient(two) { client, server in
            server.script(model: "a", [.malformedChunk(at: 3)])
            let (_, error) = await collect(
                try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")]))
            #expect(error?.code == .interrupted)
            #expect(error?.message.contains("malformed") == true)
        }
    }

    @Test func malformedFirstChunkFailsOver() async throws {
        try await withClient(two) { client, server in
            server.script(model: "a", [.malformedChunk(at: 0)])
            let (text, error) = await collect(
                try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")]))
            #expect(error == nil)
            #expect(text == "Hello from b")
        }
    }

    @Test func inBandErrorBeforeContentFailsOverAfterContentInterrupts() async throws {
        try await withClient(two) { client, server in
            server.script(model: "a", [.inBandError(afterChunks: 0), .inBandError(afterChunks: 2)])
            let first = await collect(try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")]))
            #expect(first.error == nil && first.text == "Hello from b")
            let second = await collect(try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")]))
            #expect(second.error?.code == .interrupted)
        }
    }

    @Test func errorInsideA200BodyIsNotASuccess() async throws {
        try await withClient(two) { client, server in
            server.script(model: "a", [.errorInOKBody(status: 503)])
            let reply = try await chat(client)
            #expect(reply.routing.member == "b")
            #expect(reply.routing.attempts.first?.errorClass == .transient)
        }
    }

    @Test(arguments: [400, 422])
    func invalidRequestIsReturnedNotFailedOver(status: Int) async throws {
        try await withClient(two) { client, server in
            server.script(model: "a", [.status(status, message: "temperature must be at most 2")])
            let error = await #expect(throws: RouteError.self) { try await chat(client) }
            #expect(error?.code == .rejected)
            #expect(error?.failure?.errorClass == .invalidRequest)
            #expect(error?.message.contains("temperature must be at most 2") == true)
            #expect(server.requestCount(model: "b") == 0)
        }
    }

    @Test func contextLengthEscalatesToTheLargerWindow() async throws {
        let catalog = FakeCatalog(members: [
            .init(id: "small", contextWindow: 8000), .init(id: "same", contextWindow: 8000),
            .init(id: "large", contextWindow: 128_000),
        ])
        try await withClient(catalog) { client, server in
            server.script(
                model: "small",
                [.status(400, code: "context_length_exceeded", message: "maximum context length is 8000 tokens")])
            let reply = try await chat(client, "short prompt")
            #expect(reply.routing.member == "large")
            #expect(server.requestCount(model: "same") == 0)
        }
    }

    @Test func authFailureCoolsTheMemberAndNamesTheKeyVariableNotTheKey() async throws {
        var catalog = FakeCatalog(members: [
            .init(id: "a", key: "sk-canary-0123456789abcdef", keyVariable: "CANARY_KEY")
        ])
        catalog.settings.maxAttempts = 2
        try await withClient(catalog) { client, server in
            server.script(model: "a", [.status(401, message: "Incorrect API key provided: sk-canary-0123456789abcdef")])
            let error = await #expect(throws: RouteError.self) { try await chat(client) }
            let text = "\(String(describing: error))"
            #expect(!text.contains("sk-canary"))
            #expect(error?.failure?.errorClass == .auth)
            // Cooled: the next call sends nothing.
            let again = await #expect(throws: RouteError.self) { try await chat(client) }
            #expect(again?.code == .allMembersUnavailable)
            #expect(server.requestCount(model: "a") == 1)
            // The key went in the Authorization header, and only there.
            let request = server.requests(model: "a").first
            #expect(
                request?.headers.contains {
                    $0.name.lowercased() == "authorization" && $0.value == "Bearer sk-canary-0123456789abcdef"
                } == true)
            #expect(request?.uri.contains("sk-canary") == false)
        }
    }

    @Test func toolsRequestSkipsAMemberWithoutTools() async throws {
        let catalog = FakeCatalog(members: [
            .init(id: "plain"), .init(id: "tooled", capabilities: [.chat, .streaming, .tools]),
        ])
        try await withClient(catalog) { client, server in
            let tool = Tool(
                function: .init(name: "get_weather", description: "Weather", parameters: ["type": "object"]))
            server.script(
                model: "tooled", [.ok(toolCall: FakeToolCall(name: "get_weather", arguments: #"{"city":"Oslo"}"#))])
            let reply = try await client.chat.completions.create(
                model: "pool", messages: [.user("Weather in Oslo?")], tools: [tool])
            #expect(reply.routing.member == "tooled")
            #expect(reply.choices.first?.message.toolCalls?.first?.function.name == "get_weather")
            #expect(server.requestCount(model: "plain") == 0)
        }
    }

    @Test func streamedToolCallArgumentsAreAssembled() async throws {
        let catalog = FakeCatalog(members: [.init(id: "tooled", capabilities: [.chat, .streaming, .tools])])
        try await withClient(catalog) { client, server in
            let tool = Tool(
                function: .init(name: "get_weather", description: "Weather", parameters: ["type": "object"]))
            server.script(
                model: "tooled",
                [.ok(chunks: 4, toolCall: FakeToolCall(name: "get_weather", arguments: #"{"city":"Oslo","unit":"C"}"#))]
            )
            let stream = try await client.chat.completions.stream(
                model: "pool", messages: [.user("Weather?")], tools: [tool])
            var accumulator = ChatCompletionAccumulator()
            for try await chunk in stream { accumulator.add(chunk) }
            let call = accumulator.makeResponse().choices.first?.message.toolCalls?.first
            #expect(call?.function.arguments == #"{"city":"Oslo","unit":"C"}"#)
            #expect(accumulator.incompleteToolCalls.isEmpty)
        }
    }

    @Test func visionRequestSkipsAMemberWithoutVision() async throws {
        let catalog = FakeCatalog(members: [
            .init(id: "blind"), .init(id: "seeing", capabilities: [.chat, .streaming, .vision]),
        ])
        try await withClient(catalog) { client, server in
            let reply = try await client.chat.completions.create(
                model: "pool", messages: [.user(text: "What is this?", imageURL: "data:image/png;base64,iVBORw0KGgo=")])
            #expect(reply.routing.member == "seeing")
            #expect(server.requestCount(model: "blind") == 0)
        }
    }

    @Test func oneLogicalAttemptIsExactlyOneHTTPRequest() async throws {
        let catalog = FakeCatalog(members: [.init(id: "a"), .init(id: "b"), .init(id: "c")])
        try await withClient(catalog) { client, server in
            server.script(model: "a", [.status(503)])
            server.script(model: "b", [.reset])
            server.script(model: "c", [.status(500)])
            let error = await #expect(throws: RouteError.self) { try await chat(client) }
            #expect(error?.routing.attempts.count == 3)
            #expect(server.requestCount == 3)
        }
    }

    @Test func redirectIsNotFollowed() async throws {
        try await withClient(two) { client, server in
            server.script(model: "a", [.redirect(to: "http://127.0.0.2:1/steal")])
            let reply = try await chat(client)
            #expect(reply.routing.member == "b")
            #expect(server.requestCount == 2)
        }
    }

    @Test(arguments: ["http://example.invalid/v1", "HTTP://Example.Invalid/v1"])
    func keyIsNotSentOverPlainHTTPToARemoteHost(baseURL: String) async throws {
        var catalog = two
        catalog.members[0].baseURL = baseURL
        try await withClient(catalog) { client, server in
            let reply = try await chat(client)
            #expect(reply.routing.member == "b")
            #expect(reply.routing.attempts.first?.errorClass == .auth)
            #expect(reply.routing.attempts.first?.message?.contains("plain http") == true)
        }
    }

    @Test func consumerThatStopsIteratingClosesTheUpstreamConnection() async throws {
        try await withClient(FakeCatalog(members: [.init(id: "a")])) { client, server in
            server.script(model: "a", [FakeBehavior.ok(chunks: 50).delayingChunks(by: .milliseconds(50))])
            let stream = try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")])
            var received = 0
            for try await _ in stream {
                received += 1
                if received == 3 { break }
            }
            #expect(
                try await server.waitUntil(timeout: TestMachine.allowing(.seconds(2))) {
                    $0.contains { $0.closedByClient }
                })
        }
    }

    @Test func everyOperationOverTheOpenAIWire() async throws {
        var catalog = FakeCatalog(members: [
            .init(id: "m", capabilities: [.chat, .streaming, .embeddings, .speech, .transcription, .imageGeneration])
        ])
        catalog.operation = .embeddings
        try await withClient(catalog) { client, server in
            let vectors = try await client.embeddings.create(model: "m", input: ["a", "b"], dimensions: 4)
            #expect(vectors.data.count == 2 && vectors.data[0].embedding.count == 4)
            let audio = try await client.audio.speech.create(
                model: "m", input: "Hi", voice: "alloy", responseFormat: .wav)
            #expect(audio.prefix(4) == Data("RIFF".utf8))
            let transcript = try await client.audio.transcriptions.create(
                model: "m", file: audio, fileName: "a.wav", responseFormat: .text)
            #expect(!transcript.text.isEmpty)
            let images = try await client.images.generate(model: "m", prompt: "a fox", responseFormat: .b64JSON)
            #expect(images.data.first?.imageData?.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
            #expect(images.routing.member == "m")
        }
    }
}
