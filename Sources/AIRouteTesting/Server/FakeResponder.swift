import NIOCore
import NIOHTTP1

/// Carries out one ``FakeBehavior`` on one connection: normal answers, errors and every fault.
///
/// Each method returns whether the connection stays open for another request.
struct Responder {
    let server: FakeProviderServer
    let io: ConnectionIO
    let requestID: Int
    let wire: FakeWireFormat
    let keepAlive: Bool

    /// Answers with a wire-shaped error, no scripting involved.
    func error(_ error: FakeError) async -> Bool {
        await run(FakeBehavior(fault: .error(error))) { throw BadRequest("unreachable") }
    }

    /// Applies `behavior`; `makeReply` builds the well-behaved answer when the behaviour needs one
    /// (it throws ``BadRequest`` for an invalid request, answered with 400).
    func run(_ behavior: FakeBehavior, reply makeReply: () throws -> FakeReply) async -> Bool {
        do {
            return try await perform(behavior, makeReply)
        } catch {
            // A write failed: the client is gone.
            return false
        }
    }

    private func perform(_ behavior: FakeBehavior, _ makeReply: () throws -> FakeReply) async throws -> Bool {
        if let delay = behavior.headerDelay, await io.sleep(delay) { return false }
        let headers = wire.baseHeaders(requestID: requestID) + behavior.extraHeaders
        if let keepOpen = try await answerWithoutReply(behavior, headers: headers) { return keepOpen }

        let reply: FakeReply
        do {
            reply = try makeReply()
        } catch let bad as BadRequest {
            let body = wire.errorBody(FakeError(status: 400, message: bad.message), requestID: requestID)
            return try await complete(status: 400, contentType: "application/json", body: body.bytes, headers: headers)
        }
        switch reply.body {
        case .bytes(let body): return try await deliver(body, reply: reply, behavior: behavior, headers: headers)
        case .stream(let plan): return try await deliver(plan, reply: reply, behavior: behavior, headers: headers)
        }
    }

    /// The faults that replace the answer altogether; `nil` when the behaviour needs the answer.
    private func answerWithoutReply(_ behavior: FakeBehavior, headers: [(String, String)]) async throws -> Bool? {
        switch behavior.fault {
        case .hang?:
            await io.waitForClose()
            return false
        case .reset?:
            await io.reset()
            return false
        case .close?:
            await io.close()
            return false
        case .error(let error)?:
            return try await complete(
                status: error.status, contentType: "application/json",
                body: wire.errorBody(error, requestID: requestID).bytes, headers: headers)
        case .raw(let status, let body, let contentType)?:
            return try await complete(status: status, contentType: contentType, body: body, headers: headers)
        case .redirect(let location, let status)?:
            return try await complete(
                status: status, contentType: "text/plain", body: [],
                headers: headers + [("location", location)])
        case .errorInOKBody(let error)?:
            return try await complete(
                status: 200, contentType: "application/json",
                body: wire.errorBody(error, requestID: requestID).bytes, headers: headers)
        default:
            return nil
        }
    }

    /// A whole-body answer, with the behaviour's fault applied.
    private func deliver(
        _ body: [UInt8], reply: FakeReply, behavior: FakeBehavior, headers: [(String, String)]
    )
        async throws -> Bool
    {
        switch behavior.fault {
        case nil:
            return try await complete(
                status: reply.status, contentType: reply.contentType, body: body, headers: headers)
        case .inBandError(_, let error)?:
            return try await complete(
                status: 200, contentType: "application/json",
                body: wire.errorBody(error, requestID: requestID).bytes, headers: headers)
        case .stall?:
            try await partialBody(body, reply: reply, headers: headers)
            await io.waitForClose()
            return false
        case .cut?, .halfEvent?:
            try await partialBody(body, reply: reply, headers: headers)
            await settleThenClose(behavior)
            return false
        case .malformedChunk?:
            let broken = Array(body.prefix(body.count / 2)) + Array("<<malformed>>".utf8)
            return try await complete(
                status: reply.status, contentType: reply.contentType, body: broken,
                headers: headers)
        case .lyingContentLength(let extra)?:
            return try await lyingContentLength(extra, body: body, reply: reply, behavior: behavior, headers: headers)
        case .oversized(let size)?:
            return try await oversized(size, stream: false, reply: reply, headers: headers)
        case .error?, .raw?, .redirect?, .errorInOKBody?, .hang?, .reset?, .close?:
            return false  // answered without the reply
        }
    }

    /// A streamed (SSE) answer, with the behaviour's fault applied.
    private func deliver(
        _ plan: SSEPlan, reply: FakeReply, behavior: FakeBehavior, headers: [(String, String)]
    )
        async throws -> Bool
    {
        func prefix(_ count: Int, malformedAt: Int? = nil) async throws -> Bool {
            try await streamPrefix(
                plan, count: count, behavior: behavior, reply: reply, headers: headers,
                malformedAt: malformedAt)
        }
        switch behavior.fault {
        case nil:
            guard try await prefix(plan.content.count) else { return false }
            return try await streamTail(plan.terminal)
        case .inBandError(let n, let error)?:
            guard try await prefix(n) else { return false }
            return try await streamTail([wire.streamErrorEvent(error)])
        case .stall(let n)?:
            guard try await prefix(n) else { return false }
            await io.waitForClose()
            return false
        case .cut(let n)?:
            guard try await prefix(n) else { return false }
            await settleThenClose(behavior)
            return false
        case .halfEvent(let n)?:
            guard try await prefix(n) else { return false }
            let next =
                n < plan.content.count ? plan.content[n] : (plan.terminal.first ?? plan.content.last ?? "data: {}\n\n")
            let bytes = Array(next.utf8)
            try await io.writeBody(Array(bytes.prefix(max(1, bytes.count / 2))))
            await settleThenClose(behavior)
            return false
        case .malformedChunk(let index)?:
            guard try await prefix(plan.content.count, malformedAt: index) else { return false }
            let tail = index >= plan.content.count ? [wire.malformedEvent] + plan.terminal : plan.terminal
            return try await streamTail(tail)
        case .lyingContentLength(let extra)?:
            return try await lyingContentLength(
                extra, body: Array(plan.all.joined().utf8), reply: reply, behavior: behavior, headers: headers)
        case .oversized(let size)?:
            return try await oversized(size, stream: true, reply: reply, headers: headers)
        case .error?, .raw?, .redirect?, .errorInOKBody?, .hang?, .reset?, .close?:
            return false  // answered without the reply
        }
    }

    /// The whole body under a `Content-Length` that promises `extra` more bytes, then a close.
    private func lyingContentLength(
        _ extra: Int, body: [UInt8], reply: FakeReply, behavior: FakeBehavior, headers: [(String, String)]
    ) async throws -> Bool {
        var lying = httpHeaders(headers, contentType: reply.contentType)
        lying.replaceOrAdd(name: "content-length", value: String(body.count + extra))
        try await io.writeHead(status: reply.status, headers: lying)
        io.finishing()
        try await io.writeBody(body)
        await settleThenClose(behavior)
        return false
    }

    // MARK: Building blocks

    /// Waits the behaviour's settle delay (see ``FakeBehavior/withSettleDelay(_:)``), then closes.
    private func settleThenClose(_ behavior: FakeBehavior) async {
        if await io.sleep(behavior.settleDelay) { return }
        await io.close()
    }

    private func httpHeaders(_ extra: [(String, String)], contentType: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: contentType)
        headers.add(name: "server", value: "airoute-fake")
        for (name, value) in extra { headers.add(name: name, value: value) }
        if !keepAlive { headers.replaceOrAdd(name: "connection", value: "close") }
        return headers
    }

    /// A complete response with `Content-Length`.
    private func complete(
        status: Int, contentType: String, body: [UInt8], headers: [(String, String)]
    ) async throws
        -> Bool
    {
        var head = httpHeaders(headers, contentType: contentType)
        head.replaceOrAdd(name: "content-length", value: String(body.count))
        try await io.writeHead(status: status, headers: head)
        server.update(request: requestID) { $0.responseStatus = status }
        io.finishing()
        try await io.writeBody(body)
        try await io.writeEnd()
        if !keepAlive { await io.close() }
        return keepAlive
    }

    /// The head announcing the whole body, then its first half.
    private func partialBody(_ body: [UInt8], reply: FakeReply, headers: [(String, String)]) async throws {
        var head = httpHeaders(headers, contentType: reply.contentType)
        head.replaceOrAdd(name: "content-length", value: String(body.count))
        try await io.writeHead(status: reply.status, headers: head)
        server.update(request: requestID) { $0.responseStatus = reply.status }
        try await io.writeBody(Array(body.prefix(body.count / 2)))
    }

    /// Head (chunked), preamble, then the first `count` content events with the scripted delays.
    /// Returns `false` when the client closed the connection during a delay.
    private func streamPrefix(
        _ plan: SSEPlan, count: Int, behavior: FakeBehavior, reply: FakeReply, headers: [(String, String)],
        malformedAt: Int? = nil
    ) async throws -> Bool {
        var head = httpHeaders(headers, contentType: reply.contentType)
        head.replaceOrAdd(name: "cache-control", value: "no-cache")
        try await io.writeHead(status: reply.status, headers: head)
        server.update(request: requestID) { $0.responseStatus = reply.status }
        for event in plan.preamble { try await io.writeBody(event) }
        for index in 0..<min(count, plan.content.count) {
            let delay = index == 0 ? (behavior.firstChunkDelay ?? behavior.chunkDelay) : behavior.chunkDelay
            if let delay, await io.sleep(delay) { return false }
            if index == malformedAt { try await io.writeBody(wire.malformedEvent) }
            try await io.writeBody(plan.content[index])
        }
        return true
    }

    /// The final events, then the end of the chunked body.
    private func streamTail(_ events: [String]) async throws -> Bool {
        for event in events { try await io.writeBody(event) }
        io.finishing()
        try await io.writeEnd()
        if !keepAlive { await io.close() }
        return keepAlive
    }

    /// `size` bytes of padding, written 64 KiB at a time (each write awaited: back-pressure).
    private func oversized(
        _ size: Int, stream: Bool, reply: FakeReply, headers: [(String, String)]
    ) async throws
        -> Bool
    {
        let prefix = stream ? "data: {\"padding\":\"" : "{\"padding\":\""
        let suffix = stream ? "\"}\n\n" : "\"}"
        var head = httpHeaders(headers, contentType: reply.contentType)
        if !stream { head.replaceOrAdd(name: "content-length", value: String(size)) }
        try await io.writeHead(status: 200, headers: head)
        server.update(request: requestID) { $0.responseStatus = 200 }
        try await io.writeBody(prefix)
        let piece = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024)
        var remaining = max(0, size - prefix.utf8.count - suffix.utf8.count)
        while remaining > 0 {
            let count = min(remaining, piece.readableBytes)
            try await io.write(.body(.byteBuffer(piece.getSlice(at: 0, length: count) ?? piece)))
            remaining -= count
        }
        io.finishing()
        try await io.writeBody(suffix)
        try await io.writeEnd()
        if !keepAlive { await io.close() }
        return keepAlive
    }
}
