import Synchronization
import Testing

@_spi(Testing) @testable import AIRouter

/// The router's deadline timers, driven by a manual clock: actions fire at their deadlines and in
/// order, cancelled ones never, one task sleeps for all of them, and `run(until:)` keeps the
/// contract of a per-call deadline.
struct DeadlineTimersTests {
    /// What fired, in order.
    final class Log: Sendable {
        let fired = Mutex<[Int]>([])
        func append(_ value: Int) { fired.withLock { $0.append(value) } }
        var values: [Int] { fired.withLock { $0 } }
    }

    /// A flag set from another task.
    final class Flag: Sendable {
        private let state = Mutex(false)
        func set() { state.withLock { $0 = true } }
        var isSet: Bool { state.withLock { $0 } }
    }

    /// Yields until `condition` holds (the sleeper runs actions on its own task), without sleeping.
    func settle(_ condition: () -> Bool) async {
        for _ in 0..<100_000 where !condition() { await Task.yield() }
    }

    @Test func actionsFireAtTheirDeadlinesInOrderAndNotBefore() async {
        let clock = ManualClock()
        let timers = DeadlineTimers(clock: clock)
        let log = Log()
        let start = clock.now()
        for (index, seconds) in [30, 10, 20].enumerated() {
            _ = timers.schedule(at: start + .seconds(seconds)) { log.append(index) }
        }
        await clock.waitForSleepers(1)
        #expect(clock.sleeperCount == 1)  // one sleeping task for the three deadlines
        clock.advance(by: .seconds(9))
        #expect(log.values.isEmpty)
        clock.advance(by: .seconds(1))
        await settle { log.values == [1] }
        #expect(log.values == [1])
        clock.advance(by: .seconds(20))
        await settle { log.values.count == 3 }
        #expect(log.values == [1, 2, 0])
        #expect(timers.pendingCount == 0)
        await settle { clock.sleeperCount == 0 }
        #expect(clock.sleeperCount == 0)
    }

    @Test func cancelledActionsNeverFireAndTheLastCancelStopsTheSleeper() async {
        let clock = ManualClock()
        let timers = DeadlineTimers(clock: clock)
        let log = Log()
        let start = clock.now()
        let first = timers.schedule(at: start + .seconds(5)) { log.append(1) }
        let second = timers.schedule(at: start + .seconds(6)) { log.append(2) }
        await clock.waitForSleepers(1)
        #expect(timers.cancel(first))
        #expect(!timers.cancel(first))  // already gone
        #expect(timers.cancel(second))
        await settle { clock.sleeperCount == 0 }
        #expect(clock.sleeperCount == 0)
        clock.advance(by: .seconds(60))
        for _ in 0..<1000 { await Task.yield() }
        #expect(log.values.isEmpty)
    }

    @Test func anEarlierDeadlineReplacesTheSleeper() async {
        let clock = ManualClock()
        let timers = DeadlineTimers(clock: clock)
        let log = Log()
        let start = clock.now()
        _ = timers.schedule(at: start + .seconds(60)) { log.append(60) }
        await clock.waitForSleepers(1)
        _ = timers.schedule(at: start + .seconds(1)) { log.append(1) }
        clock.advance(by: .seconds(1))
        await settle { log.values == [1] }
        #expect(log.values == [1])
        await settle { clock.sleeperCount == 1 }
        #expect(clock.sleeperCount == 1)  // the replaced sleeper is gone; one waits for the 60 s deadline
        clock.advance(by: .seconds(59))
        await settle { log.values == [1, 60] }
        #expect(log.values == [1, 60])
    }

    /// The heap under random schedules and cancellations: exactly the live actions fire, in
    /// deadline order.
    @Test(arguments: [1 as UInt64, 7, 42])
    func randomSchedulesAndCancellations(seed: UInt64) async {
        let clock = ManualClock()
        let timers = DeadlineTimers(clock: clock)
        let random = SeededRandomSource(seed: seed)
        let log = Log()
        let start = clock.now()
        var live: [(deadline: Int, id: Int)] = []
        var tokens: [(token: DeadlineTimers.Token, deadline: Int, id: Int)] = []
        for id in 0..<300 {
            let deadline = 1 + Int(random.nextUnit() * 1000)
            let token = timers.schedule(at: start + .milliseconds(deadline)) { log.append(id) }
            tokens.append((token, deadline, id))
        }
        for entry in tokens {
            if random.nextUnit() < 0.4 {
                #expect(timers.cancel(entry.token))
            } else {
                live.append((entry.deadline, entry.id))
            }
        }
        #expect(timers.pendingCount == live.count)
        clock.advance(by: .seconds(2))
        await settle { log.values.count == live.count }
        let fired = log.values
        #expect(Set(fired) == Set(live.map(\.id)))
        let deadlineOf = Dictionary(uniqueKeysWithValues: live.map { ($0.id, $0.deadline) })
        let firedDeadlines = fired.map { deadlineOf[$0] ?? -1 }
        #expect(firedDeadlines == firedDeadlines.sorted())
        #expect(timers.pendingCount == 0)
    }

    // MARK: run(until:)

    @Test func runReturnsTheValueWhenTheOperationIsFirst() async throws {
        let clock = ManualClock()
        let timers = DeadlineTimers(clock: clock)
        let value = try await timers.run(until: clock.now() + .seconds(5)) { 42 }
        #expect(value == 42)
        #expect(timers.pendingCount == 0)
    }

    @Test func runThrowsDeadlineReachedAndCancelsTheOperation() async {
        let clock = ManualClock()
        let timers = DeadlineTimers(clock: clock)
        let sawCancellation = Flag()
        let call = Task {
            try await timers.run(until: clock.now() + .seconds(5)) {
                do {
                    try await clock.sleep(until: clock.now() + .seconds(3600))
                } catch {
                    sawCancellation.set()
                    throw error
                }
            }
        }
        await clock.waitForSleepers(2)  // the timer and the operation
        clock.advance(by: .seconds(5))
        let result = await call.result
        #expect(throws: DeadlineReached.self) { try result.get() }
        #expect(sawCancellation.isSet)
        #expect(timers.pendingCount == 0)
    }

    @Test func callerCancellationIsNotADeadline() async {
        let clock = ManualClock()
        let timers = DeadlineTimers(clock: clock)
        let call = Task {
            try await timers.run(until: clock.now() + .seconds(5)) {
                try await clock.sleep(until: clock.now() + .seconds(3600))
            }
        }
        await clock.waitForSleepers(2)
        call.cancel()
        let result = await call.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(timers.pendingCount == 0)
        await settle { clock.sleeperCount == 0 }
        #expect(clock.sleeperCount == 0)
    }

    @Test func aDeadlineInThePastNeverStartsTheOperation() async {
        let clock = ManualClock()
        let timers = DeadlineTimers(clock: clock)
        let started = Flag()
        await #expect(throws: DeadlineReached.self) {
            try await timers.run(until: clock.now()) { started.set() }
        }
        #expect(!started.isSet)
    }
}
