import AIRoute
import AIRouteTesting
import Foundation
import Testing

/// S38 and the hostile-input part of the fault matrix: response bodies over the caps, a lying
/// `Content-Length`, an endless SSE line, deeply nested and invalid-UTF-8 JSON. Each must end in a
/// clean error (or a failover to B) with bounded memory; nothing may crash.
@Suite(.timeLimit(.minutes(2)))
struct ReliabilityHostileInputTests {
    let one = FakeCatalog(members: [.init(id: "a")])
    let two = FakeCatalog(members: [.init(id: "a"), .init(id: "b")])

    /// A 200 MB non-streaming body stops at the 64 MiB cap with a clean error; the process's
    /// resident size never grows by more than ~100 MB while it happens.
    @Test func s38_oversizedBodyEndsCleanlyWithBoundedMemory() async throws {
        try await withClient(two) { client, server in
            server.script(model: "a", [.oversized(bytes: 200_000_000)])
            var reply: CompletionResponse?
            let growth = try await ProcessMetrics.peakGrowth {
                reply = try await client.ask()
            }
            #expect(reply?.routing.member == "b")
            #expect(reply?.routing.attempts.first?.message?.contains("exceeded 64 MiB") == true)
            print("ReliabilityHostileInputTests: peak resident growth \(growth / 1_048_576) MiB")
            if !TestMachine.underSanitizer {
                #expect(growth < 100 * 1_048_576, "resident size grew by \(growth / 1_048_576) MiB")
            }
            #expect(server.requestCount(model: "a") == 1 && server.requestCount(model: "b") == 1)
        }
    }

    /// A 200 MB streamed response that is one endless SSE line hits the 16 MiB event cap.
    @Test func s38_endlessSSELineHitsTheEventCap() async throws {
        try await withClient(one) { client, server in
            server.script(model: "a", [.oversized(bytes: 200_000_000)])
            var outcome: (text: String, error: RouteError?) = ("", nil)
            let growth = await ProcessMetrics.peakGrowth {
                do {
                    outcome = await collect(
                        try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")]))
                } catch let error as RouteError {
                    outcome = ("", error)  // failed before any content: the stream never opened
                } catch {
                    Issue.record("unexpected \(error)")
                }
            }
            #expect(outcome.text.isEmpty)
            #expect(outcome.error != nil)
            #expect(outcome.error?.routing.attempts.first?.errorClass == .transient)
            print("ReliabilityHostileInputTests: peak resident growth \(growth / 1_048_576) MiB")
            if !TestMachine.underSanitizer {
                #expect(growth < 100 * 1_048_576, "resident size grew by \(growth / 1_048_576) MiB")
            }
            #expect(server.requestCount(model: "a") == 1)
        }
    }

    /// A `Content-Length` announcing more than is sent, then close: an error, never a short success.
    @Test func s38_lyingContentLengthIsAnError() async throws {
        try await withClient(two) { client, server in
            server.script(model: "a", [.lyingContentLength(extraBytes: 500)])
            let reply = try await client.ask()
            #expect(reply.routing.member == "b")
            #expect(reply.routing.attempts.first?.errorClass == .transient)
            #expect(server.requestCount(model: "a") == 1 && server.requestCount(model: "b") == 1)
        }
    }

    static let nested = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    static let nestedObject =
        String(repeating: #"{"error":"#, count: 50_000) + "1" + String(repeating: "}", count: 50_000)

    /// 100 000-deep JSON in a success body, an error body and a stream chunk: a clean error or
    /// failover, never a stack overflow.
    @Test(arguments: ["success", "error", "stream", "object"])
    func s38_deeplyNestedJSONIsACleanError(place: String) async throws {
        try await withClient(two) { client, server in
            switch place {
            case "success": server.script(model: "a", [.raw(status: 200, body: Self.nested)])
            case "error": server.script(model: "a", [.raw(status: 500, body: Self.nested)])
            case "object": server.script(model: "a", [.raw(status: 200, body: Self.nestedObject)])
            default:
                server.script(
                    model: "a", [.raw(status: 200, body: "data: \(Self.nested)\n\n", contentType: "text/event-stream")])
            }
            if place == "stream" {
                let (text, error) = await collect(
                    try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")]))
                #expect(error == nil)
                #expect(text == "Hello from b")
            } else {
                let reply = try await client.ask()
                #expect(reply.routing.member == "b")
                #expect(reply.routing.attempts.first?.errorClass == .transient)
            }
            #expect(server.requestCount(model: "a") == 1 && server.requestCount(model: "b") == 1)
        }
    }

    /// Invalid UTF-8 (and unpaired surrogate escapes, NUL, ANSI escapes) in success, error and
    /// stream bodies: a clean error, a failover, or a repaired string — never a crash.
    @Test func s38_invalidUTF8BodiesAreHandled() async throws {
        let badJSON: [UInt8] =
            Array(
                #"{"id":"x","object":"chat.completion","created":1,"model":"a","choices":[{"index":0,"message":{"role":"assistant","content":"#
                    .utf8)
            + [0x22, 0xFF, 0xFE, 0xC3, 0x28, 0x22] + Array("}}]}".utf8)
        let badError: [UInt8] =
            Array(#"{"error":{"message":"bad \#u{1B}[31m"#.utf8) + [0xFF, 0x00, 0xC0]
            + Array(#"","type":"server_error"}}"#.utf8)
        let surrogate =
            #"{"id":"x","object":"chat.completion","created":1,"model":"a","choices":[{"index":0,"message":{"role":"assistant","content":"\uD800 lone"},"finish_reason":"stop"}]}"#
        let badStream: [UInt8] =
            Array(
                #"data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"a","choices":[{"index":0,"delta":{"content":"#
                    .utf8)
            + [0x22, 0xED, 0xA0, 0x80, 0xFF, 0x22] + Array("},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n".utf8)
        var catalog = two
        catalog.settings.failureThreshold = 10  // keep a in play for every variant
        try await withClient(catalog) { client, server in
            server.script(
                model: "a",
                [
                    .raw(status: 200, bytes: badJSON), .raw(status: 503, bytes: badError),
                    .raw(status: 200, body: surrogate),
                    .raw(status: 200, bytes: badStream, contentType: "text/event-stream"),
                ])
            for _ in 0..<3 {
                do {
                    let reply = try await client.ask()
                    // Repaired text is acceptable; the answer must still be a whole answer.
                    #expect(reply.routing.member == "a" || reply.routing.member == "b")
                } catch {
                    Issue.record("a two-member pool should survive hostile bytes: \(error)")
                }
            }
            let (_, error) = await collect(
                try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")]))
            #expect(error == nil)
            #expect(server.requestCount(model: "a") == 4)
            let text = server.requests.map(\.description).joined()
            #expect(!text.isEmpty)
        }
    }
}
