import Foundation
import Synchronization

/// The router's source of time: reading it, and sleeping until a point in it.
///
/// Inject a ``ManualClock`` in tests so cooldowns, deadlines and half-open probes are driven
/// without real sleeps.
public protocol RouterClock: Sendable {
    /// The current time.
    func now() -> Timestamp
    /// Suspends until `deadline`; throws `CancellationError` when the task is cancelled.
    func sleep(until deadline: Timestamp) async throws
}

/// The system's wall clock.
public struct SystemClock: RouterClock {
    /// Creates the system clock.
    public init() {}

    /// The current wall-clock time.
    public func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(secondsSince1970: Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9)
    }

    /// Sleeps until `deadline` (returns at once if it has passed).
    public func sleep(until deadline: Timestamp) async throws {
        let remaining = deadline.secondsSince1970 - now().secondsSince1970
        guard remaining > 0 else { return }
        try await Task.sleep(for: .seconds(remaining))
    }
}

/// A clock that moves only when told to: for tests of time-dependent logic.
///
/// ```swift
/// @_spi(Testing) import AIRouter
///
/// let clock = ManualClock()
/// clock.advance(by: .seconds(30))   // resumes every sleeper whose deadline has come
/// ```
@_spi(Testing) public final class ManualClock: RouterClock {
    private struct Sleeper {
        let id: UInt64
        let deadline: Timestamp
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Timestamp
        var nextID: UInt64 = 0
        var sleepers: [Sleeper] = []
    }

    private let state: Mutex<State>

    /// Creates a manual clock reading `start` (default 2026-01-01T00:00:00Z).
    public init(start: Timestamp = Timestamp(secondsSince1970: 1_767_225_600)) {
        state = Mutex(State(now: start))
    }

    /// The clock's current reading.
    public func now() -> Timestamp { state.withLock { $0.now } }

    /// How many tasks are sleeping on this clock right now.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// Moves the clock forward and resumes the sleepers whose deadline has come.
    public func advance(by duration: Duration) {
        let due = state.withLock { s -> [Sleeper] in
            s.now = s.now + duration
            let now = s.now
            let due = s.sleepers.filter { $0.deadline <= now }
            s.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Suspends until the clock has been advanced to `deadline`.
    public func sleep(until deadline: Timestamp) async throws {
        let id = state.withLock { s -> UInt64 in
            s.nextID += 1
            return s.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.now >= deadline || Task.isCancelled { return true }
                    s.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return false
                }
                if resumeNow {
                    if Task.isCancelled {
                        continuation.resume(throwing: CancellationError())
                    } else {
                        continuation.resume()
                    }
                }
            }
        } onCancel: {
            let cancelled = state.withLock { s -> Sleeper? in
                guard let index = s.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return s.sleepers.remove(at: index)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Waits (yielding, without sleeping) until at least `count` tasks sleep on this clock.
    public func waitForSleepers(_ count: Int) async {
        while sleeperCount < count { await Task.yield() }
    }
}
