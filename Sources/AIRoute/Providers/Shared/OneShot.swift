import Synchronization

/// A value delivered once to any number of waiters: the first `succeed`/`fail` wins.
/// A waiting task that is cancelled stops waiting with `CancellationError`.
final class OneShot<Value: Sendable>: Sendable {
    private struct State {
        var result: Result<Value, any Error>?
        var waiters: [UInt64: CheckedContinuation<Value, any Error>] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Delivers the value (ignored if already resolved).
    func succeed(_ value: Value) { resolve(.success(value)) }
    /// Delivers the error (ignored if already resolved).
    func fail(_ error: any Error) { resolve(.failure(error)) }

    private func resolve(_ result: Result<Value, any Error>) {
        let waiters = state.withLock { s -> [CheckedContinuation<Value, any Error>] in
            guard s.result == nil else { return [] }
            s.result = result
            defer { s.waiters = [:] }
            return Array(s.waiters.values)
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    /// Waits for the outcome.
    var value: Value {
        get async throws {
            let id = state.withLock { s -> UInt64 in
                s.nextID += 1
                return s.nextID
            }
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let ready = state.withLock { s -> Result<Value, any Error>? in
                        if let result = s.result { return result }
                        if Task.isCancelled { return .failure(CancellationError()) }
                        s.waiters[id] = continuation
                        return nil
                    }
                    if let ready { continuation.resume(with: ready) }
                }
            } onCancel: {
                let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
                waiter?.resume(throwing: CancellationError())
            }
        }
    }
}
