import Synchronization

/// Runs actions at deadlines on a ``RouterClock``, with one sleeping task for all of them.
///
/// Racing every call against its own sleeping child task costs two child tasks and a system
/// timer per call (and on Linux a cancelled `Task.sleep` keeps its dispatch timer until it would
/// have fired). Here a call's deadline goes into a min-heap under a lock, and one sleeper task
/// waits for the earliest deadline. The sleeper is replaced only when an earlier deadline
/// arrives — rare when a pool's calls share one timeout — and is cancelled when no deadline is
/// left, so nothing sleeps on the clock while no call is in flight.
final class DeadlineTimers: Sendable {
    /// Identifies a scheduled action, to cancel it.
    typealias Token = UInt64

    private struct Entry {
        var deadline: Timestamp
        var token: Token
        var action: @Sendable () -> Void
    }

    private struct State {
        /// A binary min-heap on `deadline`; `positions` maps each token to its index.
        var heap: [Entry] = []
        var positions: [Token: Int] = [:]
        var nextToken: Token = 0
        var sleeper: Task<Void, Never>?
        var sleepingUntil: Timestamp?
        /// Bumped whenever the sleeper is replaced, so a superseded sleeper stops.
        var generation: UInt64 = 0
    }

    let clock: any RouterClock
    private let state = Mutex(State())

    init(clock: any RouterClock) {
        self.clock = clock
    }

    /// How many actions are waiting for their deadline.
    var pendingCount: Int { state.withLock { $0.heap.count } }

    /// Runs `action` (once, on the sleeper task) when `deadline` comes, unless cancelled first.
    func schedule(at deadline: Timestamp, _ action: @escaping @Sendable () -> Void) -> Token {
        state.withLock { state in
            state.nextToken &+= 1
            let token = state.nextToken
            state.heap.append(Entry(deadline: deadline, token: token, action: action))
            state.positions[token] = state.heap.count - 1
            Self.siftUp(&state, from: state.heap.count - 1)
            if state.sleepingUntil.map({ deadline < $0 }) ?? true {
                startSleeper(&state, until: deadline)
            }
            return token
        }
    }

    /// Removes an action that has not run. Returns `false` when it has already been taken to run.
    @discardableResult
    func cancel(_ token: Token) -> Bool {
        state.withLock { state in
            guard let index = state.positions[token] else { return false }
            Self.remove(&state, at: index)
            if state.heap.isEmpty {
                state.sleeper?.cancel()
                state.sleeper = nil
                state.sleepingUntil = nil
                state.generation &+= 1
            }
            return true
        }
    }

    // MARK: The sleeper

    private func startSleeper(_ state: inout State, until deadline: Timestamp) {
        state.sleeper?.cancel()
        state.generation &+= 1
        let generation = state.generation
        state.sleepingUntil = deadline
        state.sleeper = Task { [self] in await sleep(until: deadline, generation: generation) }
    }

    /// Sleeps until `target`, runs what is due, and goes on to the next deadline; stops when
    /// superseded by an earlier deadline's sleeper or when no deadline is left.
    private func sleep(until target: Timestamp, generation: UInt64) async {
        var target = target
        while true {
            try? await clock.sleep(until: target)
            let now = clock.now()
            let (due, next) = state.withLock { state -> ([@Sendable () -> Void], Timestamp?) in
                guard state.generation == generation else { return ([], nil) }
                var due: [@Sendable () -> Void] = []
                while let first = state.heap.first, first.deadline <= now {
                    due.append(first.action)
                    Self.remove(&state, at: 0)
                }
                state.sleepingUntil = state.heap.first?.deadline
                if state.sleepingUntil == nil { state.sleeper = nil }
                return (due, state.sleepingUntil)
            }
            for action in due { action() }
            guard let next, !Task.isCancelled else { return }
            target = next
        }
    }

    // MARK: The heap

    private static func remove(_ state: inout State, at index: Int) {
        let last = state.heap.count - 1
        state.positions[state.heap[index].token] = nil
        if index != last {
            state.heap[index] = state.heap[last]
            state.positions[state.heap[index].token] = index
        }
        state.heap.removeLast()
        guard index < state.heap.count else { return }
        siftUp(&state, from: index)
        siftDown(&state, from: state.positions[state.heap[index].token] ?? index)
    }

    private static func siftUp(_ state: inout State, from start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard state.heap[child].deadline < state.heap[parent].deadline else { return }
            swapAt(&state, child, parent)
            child = parent
        }
    }

    private static func siftDown(_ state: inout State, from start: Int) {
        var parent = start
        let count = state.heap.count
        while true {
            var smallest = parent
            let left = 2 * parent + 1
            let right = left + 1
            if left < count, state.heap[left].deadline < state.heap[smallest].deadline { smallest = left }
            if right < count, state.heap[right].deadline < state.heap[smallest].deadline { smallest = right }
            guard smallest != parent else { return }
            swapAt(&state, parent, smallest)
            parent = smallest
        }
    }

    private static func swapAt(_ state: inout State, _ a: Int, _ b: Int) {
        state.heap.swapAt(a, b)
        state.positions[state.heap[a].token] = a
        state.positions[state.heap[b].token] = b
    }
}

extension DeadlineTimers {
    /// Runs `operation`, cancelling it and throwing ``DeadlineReached`` when `deadline` comes
    /// first. The operation's own errors, cancellation included, propagate unchanged; cancelling
    /// the caller cancels the operation.
    func run<Value: Sendable>(
        until deadline: Timestamp, _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        if clock.now() >= deadline { throw DeadlineReached() }
        let expiry = Expiry()
        let task = Task { try await operation() }
        let token = schedule(at: deadline) {
            expiry.fired.store(true, ordering: .releasing)
            task.cancel()
        }
        defer { cancel(token) }
        return try await withTaskCancellationHandler {
            let result = await task.result
            if expiry.fired.load(ordering: .acquiring) { throw DeadlineReached() }
            return try result.get()
        } onCancel: {
            task.cancel()
        }
    }

    /// Whether a call's deadline action ran.
    private final class Expiry: Sendable {
        let fired = Atomic(false)
    }
}
