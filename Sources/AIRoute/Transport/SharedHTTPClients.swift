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
enum SharedHTTPClients {
    private static let clients = Mutex<[Duration: HTTPClient]>([:])

    /// The shared client for `connectTimeout`.
    static func client(connectTimeout: Duration) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[connectTimeout] { return client }
            let client = HTTPTransport.makeClient(connectTimeout: connectTimeout)
            clients[connectTimeout] = client
            return client
        }
    }

    /// How many shared clients exist (one per connect timeout used so far).
    static var count: Int { clients.withLock { $0.count } }
}
