import AIRouteTesting
import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// A raw TCP connection to the gateway on loopback, for the tests that need control of the bytes:
/// half a request head, a chunked body, a client that vanishes mid-request, a kept-alive
/// connection left idle.
///
/// Everything the server sends is collected as it arrives; tests wait on it with generous
/// bounds (``waitUntil(within:_:)``), never with fixed sleeps.
final class WireConnection: Sendable {
    /// What arrived so far, and whether the server closed (or reset) the connection.
    struct Received: Sendable {
        var bytes: [UInt8] = []
        var closed = false

        /// The bytes as text (invalid UTF-8 repaired).
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    private let channel: any Channel
    private let box: Box

    private init(channel: any Channel, box: Box) {
        self.channel = channel
        self.box = box
    }

    /// Connects to `127.0.0.1:port`.
    static func open(port: Int) async throws -> WireConnection {
        let box = Box()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Collector(box)) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return WireConnection(channel: channel, box: box)
    }

    /// Sends `text` as UTF-8.
    func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    /// Sends `bytes`.
    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).get()
    }

    /// Sends one request (`Content-Length` set from `body`).
    func send(request: WireRequest) async throws { try await send(request.bytes) }

    /// Closes the connection from the client's side, as a client that gives up does.
    func close() async { try? await channel.close().get() }

    /// What arrived so far.
    var received: Received { box.state.withLock { $0 } }

    /// Waits until `condition` holds for what arrived, polling every 10 ms, up to `bound` (widened
    /// under a sanitizer). Returns whether it held.
    @discardableResult
    func waitUntil(within bound: Duration, _ condition: (Received) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + TestMachine.allowing(bound)
        while ContinuousClock.now < deadline {
            if condition(received) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(received)
    }

    /// Waits for the server to close the connection.
    func waitForClose(within bound: Duration) async -> Bool {
        await waitUntil(within: bound) { $0.closed }
    }

    /// Waits for the first complete response (also when the server closes right after it).
    func response(within bound: Duration = .seconds(30)) async throws -> WireResponse {
        let parsed = await responseIfAny(within: bound)
        return try #require(parsed, "no complete response; received: \(received.text.prefix(500))")
    }

    /// The first complete response, or `nil` when the connection closes (or `bound` passes) without one.
    func responseIfAny(within bound: Duration = .seconds(30)) async -> WireResponse? {
        var parsed: WireResponse?
        await waitUntil(within: bound) { received in
            parsed = WireResponse.parse(received.bytes, closed: received.closed)
            return parsed != nil || received.closed
        }
        return parsed
    }

    /// Keeps what the event loop delivers.
    private final class Box: Sendable {
        let state = Mutex(Received())
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let box: Box
        init(_ box: Box) { self.box = box }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            box.state.withLock { $0.bytes += buffer.readableBytesView }
        }

        func channelInactive(context: ChannelHandlerContext) {
            box.state.withLock { $0.closed = true }
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            // A reset is the server closing too.
            box.state.withLock { $0.closed = true }
            context.close(promise: nil)
        }
    }
}

extension WireConnection {
    /// Opens a connection, sends `request`, and reads its response.
    static func exchange(
        port: Int, _ request: WireRequest, within bound: Duration = .seconds(30)
    ) async throws
        -> WireResponse
    {
        let connection = try await open(port: port)
        do {
            try await connection.send(request: request)
            let response = try await connection.response(within: bound)
            await connection.close()
            return response
        } catch {
            await connection.close()
            throw error
        }
    }
}

/// An HTTP/1.1 request as bytes.
struct WireRequest: Sendable {
    var method = "POST"
    var path: String
    var headers: [(String, String)] = []
    var body: [UInt8] = []

    /// A JSON request with a `Content-Length`.
    static func json(_ path: String, _ json: String, headers: [(String, String)] = []) -> WireRequest {
        WireRequest(path: path, headers: [("Content-Type", "application/json")] + headers, body: Array(json.utf8))
    }

    /// `GET path`.
    static func get(_ path: String, headers: [(String, String)] = []) -> WireRequest {
        WireRequest(method: "GET", path: path, headers: headers)
    }

    /// A chat request to `model`, whole or streamed.
    static func chat(_ model: String, stream: Bool = false, headers: [(String, String)] = []) -> WireRequest {
        json(
            "/v1/chat/completions",
            #"{"model":"\#(model)","messages":[{"role":"user","content":"Hi"}],"stream":\#(stream)}"#,
            headers: headers)
    }

    /// The same request with `Authorization: Bearer key`.
    func bearer(_ key: String) -> WireRequest {
        var copy = self
        copy.headers.append(("Authorization", "Bearer \(key)"))
        return copy
    }

    /// The request line, headers (with `Host` and `Content-Length`) and body.
    var bytes: [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if method != "GET" || !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + body
    }
}
