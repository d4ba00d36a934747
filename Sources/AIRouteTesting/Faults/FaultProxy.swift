import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
public final class FaultProxy: Sendable {
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
        var connections: [ObjectIdentifier: any Channel] = [:]
        var accepted = 0
        var port: Int?
        var listener: (any Channel)?
        var acceptTask: Task<Void, Never>?
        var started = false
        var stopped = false
    }

    private let group: any EventLoopGroup
    private let ownsGroup: Bool
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
        if let eventLoopGroup {
            self.group = eventLoopGroup
            self.ownsGroup = false
        } else {
            self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            self.ownsGroup = true
        }
    }

    /// Starts a proxy, runs `body` with it, and shuts it down — also when `body` throws.
    public static func withProxy<T>(
        targetPort: Int, targetHost: String = "127.0.0.1", mode: Mode = .passThrough,
        eventLoopGroup: (any EventLoopGroup)? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (FaultProxy) async throws -> T
    ) async throws -> T {
        let proxy = FaultProxy(targetPort: targetPort, targetHost: targetHost, mode: mode, eventLoopGroup: eventLoopGroup)
        try await proxy.start()
        let result: T
        do {
            result = try await body(proxy)
        } catch {
            try? await proxy.shutdown()
            throw error
        }
        try await proxy.shutdown()
        return result
    }

    /// The mode applied to connections accepted from now on.
    public var mode: Mode {
        get { state.withLock { $0.mode } }
        set { state.withLock { $0.mode = newValue } }
    }

    /// The port the proxy listens on (0 before ``start()``).
    public var port: Int { state.withLock { $0.port ?? 0 } }

    /// How many connections the proxy has accepted.
    public var acceptedConnections: Int { state.withLock { $0.accepted } }

    /// Binds `127.0.0.1:0` and starts accepting.
    ///
    /// - Throws: When already started, or binding fails.
    public func start() async throws {
        try state.withLock { state in
            guard !state.started else { throw FakeServerError.alreadyStarted }
            state.started = true
        }
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture { try Stream(wrappingChannelSynchronously: channel) }
            }
        let task = Task {
            await withDiscardingTaskGroup { group in
                do {
                    try await listener.executeThenClose { inbound in
                        for try await client in inbound {
                            group.addTask { await self.serve(client) }
                        }
                    }
                } catch {
                    // Listener closed: stop accepting.
                }
            }
        }
        state.withLock { state in
            state.listener = listener.channel
            state.acceptTask = task
            state.port = listener.channel.localAddress?.port
        }
    }

    /// Stops accepting, closes every connection, and shuts down the owned event loop group.
    /// Calling it again does nothing.
    public func shutdown() async throws {
        let (listener, task, connections, proceed) = state.withLock { state in
            defer { state.stopped = true }
            return (state.listener, state.acceptTask, Array(state.connections.values), !state.stopped)
        }
        guard proceed else { return }
        try? await listener?.close()
        for connection in connections { try? await connection.close() }
        await task?.value
        if ownsGroup { try await group.shutdownGracefully() }
    }

    // MARK: Connections

    private func track(_ channel: any Channel) -> Bool {
        state.withLock { state in
            guard !state.stopped else { return false }
            state.connections[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    private func untrack(_ channel: any Channel) {
        _ = state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    private func serve(_ client: Stream) async {
        let mode = state.withLock { state -> Mode in
            state.accepted += 1
            return state.mode
        }
        guard track(client.channel) else {
            try? await client.channel.close()
            return
        }
        defer { untrack(client.channel) }
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

    private func forward(_ client: Stream, mode: Mode) async {
        let upstream: Stream
        do {
            upstream = try await ClientBootstrap(group: group)
                .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .connect(host: targetHost, port: targetPort) { channel in
                    channel.eventLoop.makeCompletedFuture { try Stream(wrappingChannelSynchronously: channel) }
                }
        } catch {
            await Self.reset(client.channel)
            return
        }
        guard track(upstream.channel) else {
            try? await upstream.channel.close()
            try? await client.channel.close()
            return
        }
        defer { untrack(upstream.channel) }
        let clientChannel = client.channel
        let upstreamChannel = upstream.channel
        try? await client.executeThenClose { clientInbound, _ in
            try await upstream.executeThenClose { upstreamInbound, _ in
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        do {
                            for try await buffer in clientInbound { try await upstreamChannel.writeAndFlush(buffer) }
                        } catch {}
                    }
                    group.addTask {
                        do {
                            var forwarded = 0
                            for try await buffer in upstreamInbound {
                                switch mode {
                                case .slices:
                                    for byte in buffer.readableBytesView {
                                        try await clientChannel.writeAndFlush(ByteBuffer(bytes: [byte]))
                                    }
                                case .resetAfter(let limit):
                                    let allowed = max(0, limit - forwarded)
                                    if buffer.readableBytes >= allowed {
                                        if allowed > 0, let head = buffer.getSlice(at: buffer.readerIndex, length: allowed) {
                                            try await clientChannel.writeAndFlush(head)
                                        }
                                        await Self.reset(clientChannel)
                                        return
                                    }
                                    forwarded += buffer.readableBytes
                                    try await clientChannel.writeAndFlush(buffer)
                                default:
                                    try await clientChannel.writeAndFlush(buffer)
                                }
                            }
                        } catch {}
                    }
                    // Whichever direction ends first ends the connection pair.
                    await group.next()
                    try? await clientChannel.close()
                    try? await upstreamChannel.close()
                    group.cancelAll()
                }
            }
        }
    }

    /// Closes `channel` with SO_LINGER 0, so the peer sees a TCP reset.
    private static func reset(_ channel: any Channel) async {
        if let provider = channel as? any SocketOptionProvider {
            try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close()
    }
}
