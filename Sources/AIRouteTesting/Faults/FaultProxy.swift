import NIOCore
import NIOPosix
import Synchronization

/// A small TCP proxy on `127.0.0.1` that forwards to a local port and injects transport faults
/// (in the manner of Toxiproxy's toxics).
///
/// ```swift
/// try await FakeProviderServer.withServer { server in
///     try await FaultProxy.withProxy(targetPort: server.port, mode: .resetAfter(bytes: 200)) { proxy in
///         // point a provider at "http://127.0.0.1:\(proxy.port)/v1" …
///     }
/// }
/// ```
///
/// The mode is read when a connection is accepted; changing ``mode`` affects new connections only.
public final class FaultProxy: Sendable, LoopbackService {
    /// What the proxy does with each accepted connection.
    public enum Mode: Sendable, Hashable {
        /// Forward bytes both ways unchanged.
        case passThrough
        /// Forward the request, then reset the client connection (TCP RST) once `bytes` bytes of
        /// the response have been forwarded.
        case resetAfter(bytes: Int)
        /// Forward the response one byte per write (each flushed on its own).
        case slices
        /// Accept the connection, then never read from it nor answer (until the client gives up).
        case silentAccept
        /// Accept the connection and close it at once, before reading anything.
        case refuse
    }

    private typealias Stream = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    private struct State {
        var mode: Mode
        var accepted = 0
    }

    private let listener: LoopbackListener
    private let targetHost: String
    private let targetPort: Int
    private let state: Mutex<State>

    /// Creates a proxy to `targetHost:targetPort`; call ``start()`` then ``shutdown()``, or use
    /// ``withProxy(targetPort:targetHost:mode:eventLoopGroup:isolation:_:)``.
    ///
    /// - Parameters:
    ///   - targetPort: The port to forward to.
    ///   - targetHost: The host to forward to; default `127.0.0.1`.
    ///   - mode: The initial mode.
    ///   - eventLoopGroup: `nil` creates a one-thread group owned (and shut down) by the proxy.
    public init(
        targetPort: Int, targetHost: String = "127.0.0.1", mode: Mode = .passThrough,
        eventLoopGroup: (any EventLoopGroup)? = nil
    ) {
        self.targetHost = targetHost
        self.targetPort = targetPort
        self.state = Mutex(State(mode: mode))
        self.listener = LoopbackListener(eventLoopGroup: eventLoopGroup)
    }

    /// Starts a proxy, runs `body` with it, and shuts it down — also when `body` throws.
    public static func withProxy<T>(
        targetPort: Int, targetHost: String = "127.0.0.1", mode: Mode = .passThrough,
        eventLoopGroup: (any EventLoopGroup)? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (FaultProxy) async throws -> T
    ) async throws -> T {
        let proxy = FaultProxy(
            targetPort: targetPort, targetHost: targetHost, mode: mode, eventLoopGroup: eventLoopGroup)
        return try await proxy.running(isolation: isolation, body)
    }

    /// The mode applied to connections accepted from now on.
    public var mode: Mode {
        get { state.withLock { $0.mode } }
        set { state.withLock { $0.mode = newValue } }
    }

    /// The port the proxy listens on (0 before ``start()``).
    public var port: Int { listener.port }

    /// How many connections the proxy has accepted.
    public var acceptedConnections: Int { state.withLock { $0.accepted } }

    /// Binds `127.0.0.1:0` and starts accepting.
    ///
    /// - Throws: When already started, or binding fails.
    public func start() async throws {
        try await listener.start(
            wrap: { (channel: any Channel) throws -> Stream in try Stream(wrappingChannelSynchronously: channel) },
            serve: { (client: Stream) in await self.serve(client) })
    }

    /// Stops accepting, closes every connection, and shuts down the owned event loop group.
    /// Calling it again does nothing.
    public func shutdown() async throws {
        try await listener.shutdown()
    }

    // MARK: Connections

    private func serve(_ client: Stream) async {
        let mode = state.withLock { state -> Mode in
            state.accepted += 1
            return state.mode
        }
        guard listener.track(client.channel) else {
            try? await client.channel.close()
            return
        }
        defer { listener.untrack(client.channel) }
        switch mode {
        case .refuse:
            try? await client.channel.close()
        case .silentAccept:
            try? await client.channel.setOption(ChannelOptions.autoRead, value: false).get()
            try? await client.channel.closeFuture.get()
        case .passThrough, .slices, .resetAfter:
            await forward(client, mode: mode)
        }
    }

    /// Connects to the target and relays both ways until either side ends.
    private func forward(_ client: Stream, mode: Mode) async {
        guard let upstream = await connectUpstream(for: client) else { return }
        defer { listener.untrack(upstream.channel) }
        let clientChannel = client.channel
        let upstreamChannel = upstream.channel
        try? await client.executeThenClose { clientInbound, _ in
            try await upstream.executeThenClose { upstreamInbound, _ in
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { _ = try? await Self.copy(clientInbound, to: upstreamChannel) }
                    group.addTask { _ = try? await Self.relay(upstreamInbound, to: clientChannel, mode: mode) }
                    // Whichever direction ends first ends the connection pair.
                    await group.next()
                    try? await clientChannel.close()
                    try? await upstreamChannel.close()
                    group.cancelAll()
                }
            }
        }
    }

    /// The connection to the target, tracked; `nil` (the client reset or closed) when it cannot be made.
    private func connectUpstream(for client: Stream) async -> Stream? {
        let upstream: Stream
        do {
            upstream = try await ClientBootstrap(group: listener.group)
                .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .connect(host: targetHost, port: targetPort) { channel in
                    channel.eventLoop.makeCompletedFuture { try Stream(wrappingChannelSynchronously: channel) }
                }
        } catch {
            await LoopbackListener.reset(client.channel)
            return nil
        }
        guard listener.track(upstream.channel) else {
            try? await upstream.channel.close()
            try? await client.channel.close()
            return nil
        }
        return upstream
    }

    /// Forwards the request bytes unchanged.
    private static func copy(
        _ inbound: NIOAsyncChannelInboundStream<ByteBuffer>, to channel: any Channel
    )
        async throws
    {
        for try await buffer in inbound { try await channel.writeAndFlush(buffer) }
    }

    /// Forwards the response bytes to the client as `mode` says.
    private static func relay(
        _ inbound: NIOAsyncChannelInboundStream<ByteBuffer>, to client: any Channel, mode: Mode
    ) async throws {
        var forwarded = 0
        for try await buffer in inbound {
            switch mode {
            case .slices:
                for byte in buffer.readableBytesView { try await client.writeAndFlush(ByteBuffer(bytes: [byte])) }
            case .resetAfter(let limit):
                let allowed = max(0, limit - forwarded)
                guard buffer.readableBytes < allowed else {
                    if allowed > 0, let head = buffer.getSlice(at: buffer.readerIndex, length: allowed) {
                        try await client.writeAndFlush(head)
                    }
                    await LoopbackListener.reset(client)
                    return
                }
                forwarded += buffer.readableBytes
                try await client.writeAndFlush(buffer)
            default:
                try await client.writeAndFlush(buffer)
            }
        }
    }
}
