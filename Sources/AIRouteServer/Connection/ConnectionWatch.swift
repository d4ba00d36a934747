import NIOCore
import Synchronization

/// Watches one client connection so that work done for it stops when the client goes away
/// (docs/server.md, "Streams": a client that disconnects cancels the upstream request at once).
///
/// `GatewayChannel` creates one per connection and makes it the task-local ``current`` while the
/// connection's requests are handled; ``cancellingOnClose(_:)`` runs an operation that is
/// cancelled when the channel closes.
final class ConnectionWatch: Sendable {
    /// The watch of the connection whose request the current task is handling.
    @TaskLocal static var current: ConnectionWatch?

    private struct State {
        var closed = false
        var nextID = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    /// Starts watching `channel`: its close wakes every waiter.
    init(channel: any Channel) {
        channel.closeFuture.whenComplete { [weak self] _ in self?.markClosed() }
    }

    /// For tests: a watch closed by hand.
    init() {}

    /// Whether the client has gone.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Marks the connection closed and wakes every waiter.
    func markClosed() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closed = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when the connection closes, or when the calling task is cancelled.
    func waitForClose() async {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.closed || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Runs `operation`, cancelling it when the connection closes first (it then throws
    /// `CancellationError`, or whatever the cancelled operation throws).
    func cancellingOnClose<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                await self.waitForClose()
                return nil
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let value = next { return value }
                // The connection closed first: cancel the operation and report what it does.
                group.cancelAll()
            }
            throw CancellationError()
        }
    }
}

extension ConnectionWatch {
    /// Runs `operation` under the current connection's watch, or plainly outside a connection.
    static func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let watch = current else { return try await operation() }
        return try await watch.cancellingOnClose(operation)
    }
}
