import AIRoute
import AIRouteTesting
import Foundation
import NIOCore
import Testing

@testable import AIRouteServer

/// The limits (docs/server.md, "Limits"): body size, concurrent requests, header and idle
/// timeouts. Waits are bounded and generous; nothing asserts how fast something happened.
struct GatewayLimitTests {
    /// A chat request body of exactly `size` bytes (padded in the message).
    static func chatBody(size: Int) -> [UInt8] {
        let empty = #"{"model":"text-generation","messages":[{"role":"user","content":""}]}"#
        let padded =
            #"{"model":"text-generation","messages":[{"role":"user","content":""#
            + String(repeating: "x", count: max(0, size - empty.utf8.count)) + #""}]}"#
        return Array(padded.utf8)
    }

    static let chatHead = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"

    // MARK: max_body_size

    @Test func aBodyOverTheLimitIs413AndTheLimitItselfIsServed() async throws {
        try await GatewayRig.with(server: ["max_body_size: 2KiB"]) { rig in
            var atLimit = WireRequest(path: "/v1/chat/completions", body: Self.chatBody(size: 2048))
            atLimit.headers = [("Content-Type", "application/json")]
            #expect(try await rig.send(atLimit).status == 200)
            var over = atLimit
            over.body = Self.chatBody(size: 2049)
            let refused = try await rig.send(over)
            #expect(refused.status == 413)
            #expect(refused.errorCode == "request_too_large")
            #expect(refused.errorType == "invalid_request_error")
            // Every model endpoint, audio uploads included.
            for path in ["/v1/embeddings", "/v1/audio/speech", "/v1/audio/transcriptions", "/v1/images/generations"] {
                var upload = over
                upload.path = path
                upload.headers = [("Content-Type", "multipart/form-data; boundary=x")]
                #expect(try await rig.send(upload).status == 413, "\(path)")
            }
            #expect(rig.fake.requestCount == 1)
        }
    }

    /// A `Content-Length` over the limit is refused from the head alone: the body never comes.
    @Test func aDeclaredLengthOverTheLimitIsRefusedBeforeTheBody() async throws {
        try await GatewayRig.with(server: ["max_body_size: 2KiB"]) { rig in
            let connection = try await WireConnection.open(port: rig.port)
            try await connection.send(Self.chatHead + "Content-Length: 10000000\r\n\r\n{\"model\":")
            let response = try await connection.response()
            await connection.close()
            #expect(response.status == 413)
            #expect(response.errorCode == "request_too_large")
        }
    }

    /// A chunked body is counted as it arrives: past the limit it is refused, without waiting
    /// for the rest (the last chunk is never sent).
    @Test func aChunkedBodyOverTheLimitIs413() async throws {
        try await GatewayRig.with(server: ["max_body_size: 2KiB"]) { rig in
            let connection = try await WireConnection.open(port: rig.port)
            try await connection.send(Self.chatHead + "Transfer-Encoding: chunked\r\n\r\n")
            let body = Self.chatBody(size: 4096)
            for start in stride(from: 0, to: body.count, by: 512) {
                let piece = body[start..<min(start + 512, body.count)]
                // The gateway answers 413 and closes the connection as soon as the limit is passed,
                // without reading the rest: a later write may meet the closed socket.
                do {
                    try await connection.send(
                        Array(String(piece.count, radix: 16).utf8) + [13, 10] + piece + [13, 10])
                } catch {
                    break
                }
            }
            let response = try await connection.response()
            await connection.close()
            #expect(response.status == 413)
            #expect(response.errorCode == "request_too_large")
            #expect(rig.fake.requestCount == 0)

            // Within the limit, chunked is served.
            let small = try await WireConnection.open(port: rig.port)
            let smallBody = Self.chatBody(size: 300)
            try await small.send(Self.chatHead + "Transfer-Encoding: chunked\r\n\r\n")
            try await small.send(
                Array(String(smallBody.count, radix: 16).utf8) + [13, 10] + smallBody + Array("\r\n0\r\n\r\n".utf8))
            #expect(try await small.response().status == 200)
            await small.close()
        }
    }

    // MARK: max_concurrent_requests

    /// One over the limit is shed at once; a finished request gives its slot back.
    @Test func theRequestOverTheLimitIsShedWith503AndRetryAfter() async throws {
        try await GatewayRig.with(
            server: ["max_concurrent_requests: 2"], script: { $0.setDefault(model: "slow-a", behavior: .hang) }
        ) { rig in
            let first = try await rig.open(.chat("slow"))
            let second = try await rig.open(.chat("slow"))
            #expect(try await rig.fake.waitUntil { $0.count == 2 })

            let shed = try await rig.send(.chat("text-generation"))
            #expect(shed.status == 503)
            #expect(shed.header("retry-after") == "1")
            #expect(shed.errorCode == "overloaded")
            #expect(shed.errorType == "service_unavailable_error")
            #expect(rig.fake.requestCount(model: "chat-a") == 0)
            // Probes are no model requests: they still answer.
            #expect(try await rig.send(.get("/healthz")).status == 200)

            await first.close()
            #expect(try await rig.waitForInFlight(1))
            #expect(try await rig.send(.chat("text-generation")).status == 200)
            await second.close()
            #expect(try await rig.waitForInFlight(0))
        }
    }

    /// After every way a request can end — answered, streamed, failed, refused, abandoned by
    /// its client whole or mid-stream — all the slots are free again: exactly the limit is admitted.
    @Test func noSlotLeaksWhateverWayARequestEnds() async throws {
        try await GatewayRig.with(server: ["max_concurrent_requests: 2", "max_body_size: 4KiB"]) { rig in
            rig.fake.setDefault(model: "solo-a", behavior: .status(500))
            #expect(try await rig.send(.chat("text-generation")).status == 200)
            #expect(try await rig.send(.chat("text-generation", stream: true)).text.contains("data: [DONE]"))
            #expect(try await rig.send(.chat("solo")).status == 502)
            #expect(try await rig.send(.chat("no-such-pool")).status == 404)
            #expect(try await rig.send(.json("/v1/chat/completions", "{not json")).status == 400)
            var large = WireRequest(path: "/v1/chat/completions", body: Self.chatBody(size: 5000))
            large.headers = [("Content-Type", "application/json")]
            #expect(try await rig.send(large).status == 413)

            // Abandoned: a hanging answer, a stream before its first chunk, a stream mid-way.
            rig.fake.script(model: "slow-a", [.hang, .stall(afterChunks: 0), .stall(afterChunks: 2)])
            for (index, stream) in [false, true, true].enumerated() {
                let connection = try await rig.open(.chat("slow", stream: stream))
                #expect(try await rig.fake.waitUntil { $0.count(where: { $0.model == "slow-a" }) == index + 1 })
                if index == 2 {
                    #expect(await connection.waitUntil(within: .seconds(20)) { $0.text.contains("\"content\"") })
                }
                await connection.close()
            }
            #expect(try await rig.waitForInFlight(0), "a slot leaked")

            try await Self.expectCapacity(2, rig)
        }
    }

    /// Exactly `limit` hanging requests are admitted (each reaches the provider), the next is shed.
    static func expectCapacity(_ limit: Int, _ rig: GatewayRig) async throws {
        rig.fake.setDefault(model: "slow-a", behavior: .hang)
        let before = rig.fake.requestCount(model: "slow-a")
        var held: [WireConnection] = []
        for _ in 0..<limit { held.append(try await rig.open(.chat("slow"))) }
        #expect(try await rig.fake.waitUntil { $0.count(where: { $0.model == "slow-a" }) == before + limit })
        let shed = try await rig.send(.chat("text-generation"))
        #expect(shed.status == 503 && shed.errorCode == "overloaded", "\(shed.status) \(shed.text)")
        for connection in held { await connection.close() }
    }

    // MARK: header_timeout, idle_timeout

    @Test func aClientThatSendsHalfARequestHeadIsDisconnected() async throws {
        try await GatewayRig.with(server: ["header_timeout: 2s", "idle_timeout: 10m"]) { rig in
            let half = try await WireConnection.open(port: rig.port)
            try await half.send(Self.chatHead)
            let silent = try await WireConnection.open(port: rig.port)
            #expect(await half.waitForClose(within: .seconds(30)))
            #expect(await silent.waitForClose(within: .seconds(30)))
            #expect(half.received.bytes.isEmpty)

            // On a kept-alive connection, the clock restarts with the next request's first byte.
            let kept = try await WireConnection.open(port: rig.port)
            try await kept.send(request: .get("/healthz"))
            #expect(try await kept.response().status == 200)
            try await kept.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            #expect(await kept.waitForClose(within: .seconds(30)))
            #expect(rig.fake.requestCount == 0)
        }
    }

    /// `header_timeout: 1500ms` is 1.5 s on the event loop, not 1 s, and `500ms` is not zero
    /// (which would close every connection at once).
    @Test func subSecondTimeoutsKeepTheirMilliseconds() {
        #expect(Gateway.timeAmount(.milliseconds(1500)) == .milliseconds(1500))
        #expect(Gateway.timeAmount(.milliseconds(500)) == .milliseconds(500))
        #expect(Gateway.timeAmount(.seconds(60)) == .seconds(60))
    }

    @Test func anIdleKeptAliveConnectionIsClosedButALongAnswerIsNot() async throws {
        try await GatewayRig.with(server: ["idle_timeout: 2s", "header_timeout: 10m"]) { rig in
            // An answer and a stream that each take longer than the idle timeout still complete.
            rig.fake.setDefault(model: "slow-a", behavior: .ok().delayingHeaders(by: .seconds(3)))
            #expect(try await rig.send(.chat("slow")).status == 200)
            rig.fake.setDefault(model: "slow-a", behavior: .ok(chunks: 2).delayingChunks(by: .milliseconds(2500)))
            #expect(try await rig.send(.chat("slow", stream: true)).text.contains("data: [DONE]"))

            let connection = try await WireConnection.open(port: rig.port)
            try await connection.send(request: .get("/healthz"))
            #expect(try await connection.response().status == 200)
            #expect(await connection.waitForClose(within: .seconds(30)))
        }
    }
}
