import AsyncHTTPClient
import Synchronization

/// The process-wide HTTP clients airoute sends with: one per connect timeout, created on first
/// use with airoute's settings (``HTTPTransport/makeClient(connectTimeout:)``) and never shut down,
/// as AsyncHTTPClient's own `HTTPClient.shared` is.
///
/// So an ``OpenAIClient`` that is dropped without ``OpenAIClient/shutdown()`` neither trips
/// AsyncHTTPClient's "Client not shut down before the deinit" check (these clients are never
/// deinitialised) nor leaves a client behind per ``OpenAIClient``: every client with the same
/// connect timeout shares one connection pool, on NIO's singleton event loop group.
package enum SharedHTTPClients {
    private struct Key: Hashable {
        var connectTimeout: Duration
        var maxConnectionsPerHost: Int
    }

    private static let clients = Mutex<[Key: HTTPClient]>([:])

    /// The shared client for `connectTimeout` (and, for the gateway, a larger per-host connection
    /// limit than the default: ``HTTPTransport/makeClient(connectTimeout:maxConnectionsPerHost:)``).
    package static func client(
        connectTimeout: Duration, maxConnectionsPerHost: Int = HTTPTransport.defaultMaxConnectionsPerHost
    ) -> HTTPClient {
        let key = Key(connectTimeout: connectTimeout, maxConnectionsPerHost: maxConnectionsPerHost)
        return clients.withLock { clients in
            if let client = clients[key] { return client }
            let client = HTTPTransport.makeClient(
                connectTimeout: connectTimeout, maxConnectionsPerHost: maxConnectionsPerHost)
            clients[key] = client
            return client
        }
    }

    /// How many shared clients exist (one per connect timeout and limit used so far).
    static var count: Int { clients.withLock { $0.count } }
}
