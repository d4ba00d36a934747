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
}

/// Health kept in this process's memory only.
public final class InMemoryHealthStore: HealthStore {
    private let members: Mutex<[String: MemberHealth]>

    /// Creates a store, optionally seeded with a snapshot.
    public init(_ initial: [String: MemberHealth] = [:]) { members = Mutex(initial) }

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
