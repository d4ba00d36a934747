import Synchronization

/// The operation did not finish in time.
struct DeadlineExceeded: Error, CustomStringConvertible {
    let limit: Duration
    var description: String { "no answer within \(limit)" }
}

/// Runs `operation` and returns its result, or throws ``DeadlineExceeded`` after `limit` without
/// waiting for it: PostgresNIO's queries do not stop when their task is cancelled, so the
/// operation runs on in an unstructured task, and a result that arrives too late is handed to
/// `late` (to close a connection nobody will use).
func withDeadline<T: Sendable>(
    _ limit: Duration, late: @escaping @Sendable (T) async -> Void = { _ in },
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let pending = PendingResult<T>()
    return try await withCheckedThrowingContinuation { continuation in
        pending.set(continuation)
        let timer = Task {
            try await Task.sleep(for: limit)
            pending.take()?.resume(throwing: DeadlineExceeded(limit: limit))
        }
        Task {
            do {
                let value = try await operation()
                timer.cancel()
                if let waiting = pending.take() {
                    waiting.resume(returning: value)
                } else {
                    await late(value)
                }
            } catch {
                timer.cancel()
                pending.take()?.resume(throwing: error)
            }
        }
    }
}

/// The continuation that the first of the operation and the timer resumes.
private final class PendingResult<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<T, any Error>?>(nil)
    func set(_ value: CheckedContinuation<T, any Error>) { continuation.withLock { $0 = value } }
    func take() -> CheckedContinuation<T, any Error>? { continuation.withLock { $0.take() } }
}
