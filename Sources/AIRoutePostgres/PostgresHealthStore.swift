import AIRouter
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Member health shared by every process that names the same PostgreSQL table: `airoute serve`
/// replicas behind a load balancer, CLI runs on many CI runners (docs/shared-health.md).
///
/// Routing reads and writes this process's memory only. What the fleet must know — a circuit
/// opening (class, reason, until when), closing, and the half-open probe lease — is written to
/// PostgreSQL in the background and pushed to the other processes with `LISTEN`/`NOTIFY`, which
/// merge it into their own state. The one round trip a request can wait for is the probe lease
/// when a cooldown ends (bounded by `write_timeout`), so that exactly one process in the fleet
/// probes. When PostgreSQL is slow or gone, writes are dropped with a rate-limited warning and
/// the process runs on local state; it reconnects, re-subscribes and reloads without a restart.
///
/// ```swift
/// let store = await PostgresHealthStore.open(settings: configuration.state, location: location)
/// let client = OpenAIClient(configuration: configuration, health: store)
/// store.setKnownMembers(Set(client.router.healthIDs.values))
/// let sharing = Task { await store.run() }          // until cancelled
/// ```
public final class PostgresHealthStore: HealthStore {
    struct LocalState {
        var members: [String: MemberHealth] = [:]
        /// The newest row version applied per member.
        var versions: [String: Int64] = [:]
        /// Members whose probe lease this process holds.
        var leases: Set<String> = []
        /// The configured members; rows of others are ignored (none set: every row is taken).
        var known: Set<String> = []
    }

    /// Fingerprints keys under the salt kept in the table's `_meta` row, so every replica
    /// computes the same member ids.
    public let fingerprinter: KeyFingerprinter
    /// This process in `probe_holder` and `changed_by`: host, process id and a random suffix.
    public let processID: String
    let settings: StateSettings
    let location: PostgresLocation
    let schema: SharedHealthSchema
    let clock: any RouterClock
    let warnings: RateLimitedWarnings
    let inform: @Sendable (String) -> Void
    let logger: Logger
    let state = Mutex(LocalState())
    /// The connection writes and leases use; `nil` while PostgreSQL is unreachable.
    let live = Mutex<PostgresConnection?>(nil)
    /// A connection made by ``open(settings:location:clock:secretCache:warn:inform:)``, for ``run()`` to adopt.
    let initial = Mutex<PostgresConnection?>(nil)
    /// Whether the salt of the table matches ``fingerprinter``; sharing stops when it does not.
    let salt: [UInt8]
    let outbox: Outbox
    let connections = Atomic<Int>(0)
    let connectedAtStart = Atomic(false)
    /// Finished by ``shutdown()``.
    let stop = AsyncStream<Void>.makeStream()

    init(
        settings: StateSettings, location: PostgresLocation, salt: [UInt8], clock: any RouterClock,
        warn: @escaping @Sendable (String) -> Void, inform: @escaping @Sendable (String) -> Void
    ) {
        self.settings = settings
        self.location = location
        self.schema = SharedHealthSchema(schema: settings.schema, table: settings.table)
        self.salt = salt
        self.fingerprinter = KeyFingerprinter(secret: salt)
        self.clock = clock
        self.warnings = RateLimitedWarnings(clock: clock, sink: warn)
        self.inform = inform
        self.processID = Self.makeProcessID()
        self.outbox = Outbox()
        var logger = Logger(label: "airoute.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        self.logger = logger
    }

    /// Sets the health ids of the configured members (``AIRouter/ModelRouter/healthIDs``); rows
    /// of other members are ignored with a warning.
    public func setKnownMembers(_ members: Set<String>) { state.withLock { $0.known = members } }

    /// Whether ``open(settings:location:clock:secretCache:warn:inform:)`` reached PostgreSQL.
    public var isConnectedAtStart: Bool { connectedAtStart.load(ordering: .relaxed) }

    /// The live connection, unless its channel has closed since. PostgresNIO loses a query
    /// written to a channel that is already closed (its promise is never completed), so nothing is
    /// sent on one: the caller goes on with local state, as when there is no connection.
    func liveConnection() -> PostgresConnection? {
        guard let connection = live.withLock({ $0 }), !connection.isClosed else { return nil }
        return connection
    }

    /// Whether this process holds the member's half-open probe lease.
    func holdsLease(_ member: String) -> Bool { state.withLock { $0.leases.contains(member) } }

    /// Whether the process is connected and subscribed: what it learns is shared now.
    public var isSharing: Bool { live.withLock { $0 != nil } }

    // MARK: HealthStore

    /// This process's view of one member.
    public func health(of member: String) -> MemberHealth {
        state.withLock { $0.members[member] ?? MemberHealth() }
    }

    /// This process's view of every member.
    public func snapshot() -> [String: MemberHealth] { state.withLock { $0.members } }

    /// Updates the member in memory; a circuit transition is queued for PostgreSQL.
    public func update<R>(_ member: String, _ body: (inout MemberHealth) -> R) -> R {
        let now = clock.now()
        let (result, transition) = state.withLock { state -> (R, HealthTransition?) in
            let before = state.members[member] ?? MemberHealth()
            var after = before
            let result = body(&after)
            state.members[member] = after
            let heldLease = state.leases.contains(member)
            if after.probeUntil == nil { state.leases.remove(member) }
            return (result, HealthTransition.between(before, after, member: member, at: now, heldLease: heldLease))
        }
        if let transition { outbox.send(transition) }
        return result
    }

    /// Takes the member for one attempt. A member whose cooldown is over is probed by one
    /// process in the fleet: the lease is a conditional write in PostgreSQL (bounded by
    /// `write_timeout`); without PostgreSQL this process decides alone.
    public func acquire(_ member: String, at now: Timestamp, leaseUntil: Timestamp) async -> Bool {
        let availability = state.withLock { ($0.members[member] ?? MemberHealth()).availability(at: now) }
        switch availability {
        case .available: return true
        case .unavailable: return false
        case .probe: break
        }
        guard let connection = liveConnection() else {
            return takeLocally(member, at: now, leaseUntil: leaseUntil)
        }
        do {
            let outcome = try await withDeadline(settings.writeTimeout) { [self] in
                try await lease(member, at: now, until: leaseUntil, on: connection)
            }
            switch outcome {
            case .won(let row):
                apply(row)
                return takeLocally(member, at: now, leaseUntil: leaseUntil)
            case .lost(let row):
                apply(row)
                return state.withLock { state in
                    guard case .available = (state.members[member] ?? MemberHealth()).availability(at: now) else {
                        return false
                    }
                    return true
                }
            case .unknownToTheFleet:
                return takeLocally(member, at: now, leaseUntil: leaseUntil)
            }
        } catch {
            writeFailed(error, doing: "taking a probe lease")
            return takeLocally(member, at: now, leaseUntil: leaseUntil)
        }
    }

    /// Takes the member in this process, remembering a probe lease as this process's own.
    private func takeLocally(_ member: String, at now: Timestamp, leaseUntil: Timestamp) -> Bool {
        state.withLock { state in
            var health = state.members[member] ?? MemberHealth()
            let probing = health.availability(at: now) == .probe
            let taken = health.acquire(at: now, leaseUntil: leaseUntil)
            state.members[member] = health
            if taken && probing { state.leases.insert(member) }
            return taken
        }
    }

    // MARK: Rows

    /// Merges a row from PostgreSQL into local state, unless it is older than what was applied,
    /// untrustworthy or about a member this configuration does not have.
    func apply(_ row: SharedHealthRow, reloading: Bool = false) {
        if let problem = row.problem(at: clock.now()) {
            warnings.warn("row: " + problem, "ignoring a shared health row with \(problem) (\(schema.qualifiedTable))")
            return
        }
        let unknown = state.withLock { state -> Bool in
            guard state.known.isEmpty || state.known.contains(row.member) else { return true }
            if !reloading, let seen = state.versions[row.member], row.version <= seen { return false }
            state.versions[row.member] = row.version
            var health = state.members[row.member] ?? MemberHealth()
            row.merge(into: &health, holdsLease: state.leases.contains(row.member), me: processID)
            state.members[row.member] = health
            return false
        }
        if unknown {
            warnings.warn(
                "unknown",
                "ignoring shared health of a member this configuration does not have (another "
                    + "configuration writes to \(schema.qualifiedTable))")
        }
    }

    /// Handles one `NOTIFY` payload.
    func receive(_ payload: String) {
        guard let row = SharedHealthRow.decode(payload) else {
            warnings.warn("malformed", "ignoring a malformed shared health notification (\(schema.qualifiedTable))")
            return
        }
        apply(row)
    }

    func writeFailed(_ error: any Error, doing what: String) {
        warnings.warn(
            Self.outage,
            "shared health: \(what) failed (\(Self.describe(error))); routing goes on with this process's state")
    }

    /// One line about a PostgresNIO error, never its query or bindings.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return "PostgreSQL: \(message)" }
            return "PostgreSQL: \(error.code.description)"
        }
        return String(describing: error).prefix(200).description
    }

    private static func makeProcessID() -> String {
        var name = [CChar](repeating: 0, count: 256)
        let host =
            gethostname(&name, name.count) == 0
            ? name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } : "host"
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return "\(host.prefix(64)):\(getpid()):\(suffix)"
    }
}
