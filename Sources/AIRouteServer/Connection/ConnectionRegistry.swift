import NIOCore
import Synchronization

/// The watches of the open connections, so that shutdown can end what still runs once
/// `shutdown_grace` is over (docs/server.md, "Limits"): a request still waiting for its answer
/// is cancelled, and a stream ends with an in-band error event, both written by their own
/// handlers, which a cancelled server task could no longer do.
final class ConnectionRegistry: Sendable {
    private let watches = Mutex<[ObjectIdentifier: ConnectionWatch]>([:])

    /// Keeps `watch` until `channel` closes.
    func add(_ watch: ConnectionWatch, closingWith channel: any Channel) {
        let id = ObjectIdentifier(watch)
        watches.withLock { $0[id] = watch }
        channel.closeFuture.whenComplete { [weak self] _ in
            self?.watches.withLock { _ = $0.removeValue(forKey: id) }
        }
    }

    /// Ends the work of every open connection, as if each client had gone.
    func cutOffAll() {
        let open = watches.withLock { Array($0.values) }
        for watch in open { watch.markClosed() }
    }
}
