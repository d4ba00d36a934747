import Synchronization

/// Where the router keeps member health: in memory by default, or persisted so that several
/// processes learn from each other (the CLI's file-backed store).
///
/// Every read-modify-write goes through ``update(_:_:)``, which a store performs atomically
/// (under its lock, and for a shared store under an advisory file lock), so concurrent updates
/// are merged rather than lost.
public protocol HealthStore: Sendable {
    /// The current health of one member (a never-seen member is `MemberHealth()`).
    func health(of member: String) -> MemberHealth
    /// Every member's health.
    func snapshot() -> [String: MemberHealth]
    /// Atomically reads, mutates and stores one member's health; returns what `body` returns.
    func update<R>(_ member: String, _ body: (inout MemberHealth) -> R) -> R
    /// Fingerprints API keys for member identity (``RouteMember/healthID``). A store that
    /// persists health keeps its secret beside the state, so identities survive restarts and
    /// agree between the processes that share it.
    var fingerprinter: KeyFingerprinter { get }
    /// Takes `member` for one attempt at `now` (``MemberHealth/acquire(at:leaseUntil:)``); `false`
    /// when it is cooling down. A store shared between processes settles a half-open probe lease
    /// across all of them here (docs/shared-health.md, "One probe across the fleet"); the default
    /// decides in this process with ``update(_:_:)``.
    func acquire(_ member: String, at now: Timestamp, leaseUntil: Timestamp) async -> Bool
}

extension HealthStore {
    /// Takes the member in this process alone.
    public func acquire(_ member: String, at now: Timestamp, leaseUntil: Timestamp) async -> Bool {
        update(member) { $0.acquire(at: now, leaseUntil: leaseUntil) }
    }

    /// Forgets what is known of `members`: each is as if never observed.
    public func reset(_ members: some Sequence<String>) {
        for member in members { update(member) { $0 = MemberHealth() } }
    }
}

/// Health kept in this process's memory only.
public final class InMemoryHealthStore: HealthStore {
    private let members: Mutex<[String: MemberHealth]>
    /// Under a random secret: nothing outlives the process.
    public let fingerprinter: KeyFingerprinter

    /// Creates a store, optionally seeded with a snapshot (and, to match its ids, the fingerprinter it was made with).
    public init(_ initial: [String: MemberHealth] = [:], fingerprinter: KeyFingerprinter = .random()) {
        members = Mutex(initial)
        self.fingerprinter = fingerprinter
    }

    /// The current health of one member.
    public func health(of member: String) -> MemberHealth {
        members.withLock { $0[member] ?? MemberHealth() }
    }

    /// Every member's health.
    public func snapshot() -> [String: MemberHealth] { members.withLock { $0 } }

    /// Atomically mutates one member's health.
    public func update<R>(_ member: String, _ body: (inout MemberHealth) -> R) -> R {
        members.withLock { body(&$0[member, default: MemberHealth()]) }
    }
}
