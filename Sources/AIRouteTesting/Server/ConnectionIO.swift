import NIOCore
import NIOHTTP1
import Synchronization

/// One server connection: ordered writes that complete when the bytes left, closing and
/// resetting, waits that end early when the peer goes away, and the bookkeeping that marks
/// the in-flight request as abandoned when the client closes the connection.
final class ConnectionIO: Sendable {
    private struct Flags {
        var inFlight: Int?
        var serverClosing = false
    }

    let channel: any Channel
    private let flags = Mutex(Flags())

    init(channel: any Channel, server: FakeProviderServer) {
        self.channel = channel
        channel.closeFuture.whenComplete { _ in
            let abandoned: Int? = self.flags.withLock { $0.serverClosing ? nil : $0.inFlight }
            guard let abandoned, !server.listener.isStopped else { return }
            let now = ContinuousClock.now
            server.update(request: abandoned) { request in
                request.closedByClient = true
                request.closedAt = now
            }
        }
    }

    /// Marks request `id` as in flight: a client close from now on abandons it.
    func begin(_ id: Int) { flags.withLock { $0.inFlight = id } }

    /// Marks the in-flight request as answered (call just before the write that completes the response).
    func finishing() { flags.withLock { $0.inFlight = nil } }

    // MARK: Writing

    func write(_ part: HTTPServerResponsePart) async throws {
        try await channel.writeAndFlush(part)
    }

    func writeHead(status: Int, headers: HTTPHeaders) async throws {
        try await write(
            .head(
                HTTPResponseHead(
                    version: .http1_1, status: HTTPResponseStatus(statusCode: status),
                    headers: headers)))
    }

    func writeBody(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty else { return }
        try await write(.body(.byteBuffer(ByteBuffer(bytes: bytes))))
    }

    func writeBody(_ string: String) async throws {
        try await writeBody(Array(string.utf8))
    }

    func writeEnd() async throws {
        try await write(.end(nil))
    }

    // MARK: Closing

    /// Closes the connection (FIN) as the server's decision.
    func close() async {
        flags.withLock { $0.serverClosing = true }
        try? await channel.close()
    }

    /// Resets the connection (SO_LINGER 0, then close: the peer sees RST).
    func reset() async {
        flags.withLock { $0.serverClosing = true }
        await LoopbackListener.reset(channel)
    }

    // MARK: Waiting

    /// Waits until the connection closes (client gone or server shutdown).
    func waitForClose() async {
        try? await channel.closeFuture.get()
    }

    /// Sleeps for `duration`; returns `true` if the connection closed first (the sleep ends then).
    func sleep(_ duration: Duration) async -> Bool {
        guard duration > .zero else { return !channel.isActive }
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let once = ResumeOnce(continuation)
            let timer = channel.eventLoop.scheduleTask(in: TimeAmount(duration)) { once.resume(false) }
            channel.closeFuture.whenComplete { _ in
                timer.cancel()
                once.resume(true)
            }
        }
    }
}

/// Resumes a continuation at most once, whichever of several events comes first.
private final class ResumeOnce: Sendable {
    private let continuation: Mutex<CheckedContinuation<Bool, Never>?>

    init(_ continuation: CheckedContinuation<Bool, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ value: Bool) {
        let pending = continuation.withLock { stored in
            defer { stored = nil }
            return stored
        }
        pending?.resume(returning: value)
    }
}
