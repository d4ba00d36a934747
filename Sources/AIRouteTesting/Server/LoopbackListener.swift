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

/// A listening socket on `127.0.0.1` (a free port, never any other address) with its accept
/// loop, its event loop group, the open connections and a shutdown that closes them all: the
/// lifecycle ``FakeProviderServer`` and ``FaultProxy`` share.
final class LoopbackListener: Sendable {
    private struct State {
        var channel: (any Channel)?
        var acceptTask: Task<Void, Never>?
        var port: Int?
        var started = false
        var stopped = false
        var connections: [ObjectIdentifier: any Channel] = [:]
    }

    /// The group the listener and its connections run on.
    let group: any EventLoopGroup
    private let ownsGroup: Bool
    private let state = Mutex(State())

    /// - Parameter eventLoopGroup: `nil` creates a one-thread group that ``shutdown()`` shuts
    ///   down; a group passed in stays the caller's.
    init(eventLoopGroup: (any EventLoopGroup)?) {
        if let eventLoopGroup {
            self.group = eventLoopGroup
            self.ownsGroup = false
        } else {
            self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            self.ownsGroup = true
        }
    }

    /// Binds `127.0.0.1:0` and serves each accepted connection in its own child task.
    ///
    /// - Parameters:
    ///   - wrap: Sets up an accepted channel's pipeline (on its event loop) and wraps it.
    ///   - serve: Serves one wrapped connection.
    /// - Throws: ``FakeServerError/alreadyStarted`` on a second call, or when binding fails.
    func start<Connection: Sendable>(
        wrap: @escaping @Sendable (any Channel) throws -> Connection,
        serve: @escaping @Sendable (Connection) async -> Void
    ) async throws {
        try state.withLock { state in
            guard !state.started else { throw FakeServerError.alreadyStarted }
            state.started = true
        }
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture { try wrap(channel) }
            }
        let acceptTask = Task {
            await withDiscardingTaskGroup { group in
                do {
                    try await listener.executeThenClose { inbound in
                        for try await connection in inbound {
                            group.addTask { await serve(connection) }
                        }
                    }
                } catch {
                    // The listening socket closed (shutdown) or failed; either way, stop accepting.
                }
            }
        }
        state.withLock { state in
            state.channel = listener.channel
            state.acceptTask = acceptTask
            state.port = listener.channel.localAddress?.port
        }
    }

    /// The bound port (0 before ``start(wrap:serve:)``).
    var port: Int { state.withLock { $0.port ?? 0 } }

    /// Whether ``shutdown()`` has begun: closes from then on are the listener's, not a peer's.
    var isStopped: Bool { state.withLock { $0.stopped } }

    /// Registers an open connection so that ``shutdown()`` closes it; `false` (register
    /// nothing, close it yourself) once shutdown has begun.
    func track(_ channel: any Channel) -> Bool {
        state.withLock { state in
            guard !state.stopped else { return false }
            state.connections[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    /// Forgets a connection registered with ``track(_:)``.
    func untrack(_ channel: any Channel) {
        _ = state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Stops accepting, closes every open connection, waits for their handlers to finish, and
    /// shuts down the event loop group if the listener owns it. Calling it again does nothing.
    ///
    /// - Throws: When shutting down the owned event loop group fails.
    func shutdown() async throws {
        let (channel, acceptTask, proceed) = state.withLock { state in
            defer { state.stopped = true }
            return (state.channel, state.acceptTask, !state.stopped)
        }
        guard proceed else { return }
        try? await channel?.close()
        let connections = state.withLock { Array($0.connections.values) }
        for connection in connections {
            try? await connection.close()
        }
        await acceptTask?.value
        if ownsGroup {
            try await group.shutdownGracefully()
        }
    }

    /// Closes `channel` with SO_LINGER 0, so the peer sees a TCP reset.
    static func reset(_ channel: any Channel) async {
        if let provider = channel as? any SocketOptionProvider {
            try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close()
    }
}

/// A service started before use and shut down after: the fake server and the fault proxy.
protocol LoopbackService: Sendable {
    func start() async throws
    func shutdown() async throws
}

extension LoopbackService {
    /// Starts the service, runs `body` with it, and shuts it down — also when `body` throws.
    func running<T>(
        isolation: isolated (any Actor)? = #isolation, _ body: (Self) async throws -> T
    ) async throws -> T {
        try await start()
        let result: T
        do {
            result = try await body(self)
        } catch {
            try? await shutdown()
            throw error
        }
        try await shutdown()
        return result
    }
}
