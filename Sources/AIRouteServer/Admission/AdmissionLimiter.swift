import Synchronization

/// Bounds the model requests in flight (`max_concurrent_requests`): one more is shed at once with
/// 503 + `Retry-After`, never queued (docs/server.md, "Limits"). Also refuses everything once the
/// gateway is draining for shutdown.
final class AdmissionLimiter: Sendable {
    private let limit: Int
    private let inFlight = Atomic<Int>(0)
    private let draining = Atomic<Bool>(false)

    init(limit: Int) { self.limit = limit }

    /// Why a request was not admitted.
    enum Refusal: Sendable { case overloaded, draining }

    /// Takes a slot, or says why none is available. A taken slot must be given back with ``release()``.
    func acquire() -> Refusal? {
        if draining.load(ordering: .relaxed) { return .draining }
        let now = inFlight.wrappingAdd(1, ordering: .relaxed).newValue
        if now > limit {
            inFlight.wrappingSubtract(1, ordering: .relaxed)
            return .overloaded
        }
        return nil
    }

    /// Gives a slot back.
    func release() { inFlight.wrappingSubtract(1, ordering: .relaxed) }

    /// Requests in flight now.
    var current: Int { inFlight.load(ordering: .relaxed) }

    /// Whether the gateway is draining for shutdown.
    var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// From now on every request is refused (graceful shutdown).
    func startDraining() { draining.store(true, ordering: .relaxed) }
}
