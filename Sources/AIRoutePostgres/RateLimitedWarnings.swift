import AIRouter
import Synchronization

/// Passes at most one warning per topic per interval to the log, counting the rest, so that a
/// database outage under load gives one line a minute, not one per request.
final class RateLimitedWarnings: Sendable {
    private struct Topic {
        var lastSent: Timestamp
        var suppressed: Int
    }

    private let interval: Duration
    private let clock: any RouterClock
    private let sink: @Sendable (String) -> Void
    private let topics = Mutex<[String: Topic]>([:])

    init(interval: Duration = .seconds(60), clock: any RouterClock, sink: @escaping @Sendable (String) -> Void) {
        self.interval = interval
        self.clock = clock
        self.sink = sink
    }

    /// Sends `message` unless a warning of `topic` went out less than the interval ago.
    func warn(_ name: String, _ message: @autoclosure () -> String) {
        let now = clock.now()
        let suppressed = topics.withLock { topics -> Int? in
            if let topic = topics[name], now < topic.lastSent + interval {
                topics[name]?.suppressed += 1
                return nil
            }
            let count = topics[name]?.suppressed ?? 0
            topics[name] = Topic(lastSent: now, suppressed: 0)
            return count
        }
        guard let suppressed else { return }
        sink(suppressed == 0 ? message() : message() + " (\(suppressed) more like it since the last)")
    }

    /// Forgets `topic`, so that its next warning goes out at once (after a recovery).
    func reset(_ name: String) { topics.withLock { _ = $0.removeValue(forKey: name) } }
}
