/// The `server:` section: how `airoute serve` listens, whom it admits and what it limits
/// (docs/server.md, "Configuration").
///
/// Plain data, read with the rest of the configuration; only the gateway (AIRouteServer) acts on it.
public struct ServerSettings: Sendable, Hashable {
    /// A client key: who may call the gateway, and which pools they may name.
    public struct ClientKey: Sendable, Hashable {
        /// The key itself (never logged; ``Secret`` hides it from every description).
        public var key: Secret
        /// The label shown in the access log and metrics instead of the key.
        public var name: String
        /// The pools (or model ids) this key may name; `nil` means every one.
        public var pools: Set<String>?

        /// Creates a client key.
        public init(key: Secret, name: String, pools: Set<String>? = nil) {
            self.key = key
            self.name = name
            self.pools = pools
        }
    }

    /// The default listen address.
    public static let defaultListen = "127.0.0.1:4000"

    /// `HOST:PORT` to listen on.
    public var listen: String = Self.defaultListen
    /// The client keys; empty means no authentication (and loopback only, unless overridden).
    public var keys: [ClientKey] = []
    /// Listen on a non-loopback address with no keys.
    public var allowPublicWithoutKeys = false
    /// The largest request body accepted, in bytes.
    public var maxBodySize = 25 * 1_048_576
    /// Model requests in flight at once; more are shed with 503.
    public var maxConcurrentRequests = 256
    /// How long a client may take to send its request head.
    public var headerTimeout: Duration = .seconds(10)
    /// How long a keep-alive connection may stay idle.
    public var idleTimeout: Duration = .seconds(60)
    /// How long in-flight requests may finish after SIGTERM.
    public var shutdownGrace: Duration = .seconds(30)
    /// The health file; `nil` means the CLI's default path.
    public var healthFile: String?
    /// The pools `/readyz` checks; `nil` means every pool.
    public var readyPools: [String]?
    /// Whether one access-log line is written per request.
    public var accessLog = true

    /// The defaults.
    public init() {}
}
