import Synchronization

/// The queue between a stream's producer task and its one consumer: what
/// `AsyncThrowingStream<ChatCompletionChunk, any Error>` did for airoute's streams, written for
/// the one element type.
///
/// `AsyncThrowingStream` is generic and not inlinable, so each `yield` and `next` looked up its
/// storage's generic metadata at run time: 9.5 % of a streaming client's CPU, with its `Deque`
/// another 2.7 % (BENCHMARKS.md, "Client CPU"). This channel is concrete: a buffer
/// under a lock, and at most one waiting consumer.
///
/// The behaviour is `AsyncThrowingStream`'s with an unbounded buffer: chunks yielded after the
/// end are dropped; chunks buffered before a failure are delivered before it; after the end (or
/// the failure, thrown once) `next` returns `nil`. When the consuming task is cancelled, its
/// `next` returns `nil` (not an error), the buffer is dropped and ``onConsumerCancelled`` runs
/// once — the producer is stopped there.
final class ChunkChannel: Sendable {
    private struct State {
        /// Chunks not yet delivered, from `head` on; slots before `head` are already moved out.
        var buffer: [ChatCompletionChunk?] = []
        var head = 0
        /// Set once the producer finished (`nil` error) or failed; the failure is taken when thrown.
        var ended = false
        var failure: (any Error)?
        var waiter: UnsafeContinuation<ChatCompletionChunk?, any Error>?
        var onConsumerCancelled: (@Sendable () -> Void)?

        /// Moves the next buffered chunk out, releasing its slot.
        mutating func takeBuffered() -> ChatCompletionChunk? {
            guard head < buffer.count else { return nil }
            let chunk = buffer[head].take()
            head += 1
            if head == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64, head * 2 >= buffer.count {
                // A producer that stays ahead would otherwise grow the array without end.
                buffer.removeFirst(head)
                head = 0
            }
            return chunk
        }
    }

    private let state = Mutex(State())

    /// Runs once when the consumer's task is cancelled while it iterates (set before the producer starts).
    func setOnConsumerCancelled(_ action: @escaping @Sendable () -> Void) {
        state.withLock { $0.onConsumerCancelled = action }
    }

    /// Slots in the buffer, delivered ones included (for tests: the buffer is reclaimed).
    var slotCount: Int { state.withLock { $0.buffer.count } }

    /// Whether a consumer is suspended in ``next()`` (for tests of the waking paths).
    var hasWaitingConsumer: Bool { state.withLock { $0.waiter != nil } }

    // MARK: The producer's side

    /// Passes a chunk to the consumer, or buffers it; dropped once the channel has ended.
    func yield(_ chunk: ChatCompletionChunk) {
        let waiter = state.withLock { state -> UnsafeContinuation<ChatCompletionChunk?, any Error>? in
            guard !state.ended else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.buffer.append(chunk)
            return nil
        }
        waiter?.resume(returning: chunk)
    }

    /// Ends the channel: the consumer gets what is buffered, then `nil`, or `failure` once.
    func finish(throwing failure: (any Error)? = nil) {
        let waiter = state.withLock { state -> UnsafeContinuation<ChatCompletionChunk?, any Error>? in
            guard !state.ended else { return nil }
            state.ended = true
            state.onConsumerCancelled = nil
            guard let waiter = state.waiter else {
                state.failure = failure
                return nil
            }
            state.waiter = nil  // a waiting consumer means nothing is buffered
            return waiter
        }
        guard let waiter else { return }
        if let failure { waiter.resume(throwing: failure) } else { waiter.resume(returning: nil) }
    }

    // MARK: The consumer's side

    /// The next chunk; `nil` at the end or when the calling task is cancelled; throws the
    /// producer's failure (once).
    func next() async throws -> ChatCompletionChunk? {
        // Without waiting when a chunk is ready (a burst arrives faster than it is consumed).
        enum Ready {
            case chunk(ChatCompletionChunk)
            case end
            case failure(any Error)
            case wait
        }
        if Task.isCancelled {
            cancelConsumer()
            return nil
        }
        let ready = state.withLock { state -> Ready in
            if let chunk = state.takeBuffered() { return .chunk(chunk) }
            guard state.ended else { return .wait }
            guard let failure = state.failure else { return .end }
            state.failure = nil
            return .failure(failure)
        }
        switch ready {
        case .chunk(let chunk): return chunk
        case .end: return nil
        case .failure(let failure): throw failure
        case .wait: break
        }
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation {
                (continuation: UnsafeContinuation<ChatCompletionChunk?, any Error>) in
                let ready = state.withLock { state -> Result<ChatCompletionChunk?, any Error>? in
                    // Things may have changed since the check above.
                    if let chunk = state.takeBuffered() { return .success(chunk) }
                    if state.ended {
                        guard let failure = state.failure else { return .success(nil) }
                        state.failure = nil
                        return .failure(failure)
                    }
                    precondition(state.waiter == nil, "a ChunkChannel has one consumer")
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            cancelConsumer()
        }
    }

    /// The consumer's task was cancelled: end the channel, wake the waiting `next` with `nil`
    /// and stop the producer.
    private func cancelConsumer() {
        let (waiter, action) = state.withLock {
            state -> (UnsafeContinuation<ChatCompletionChunk?, any Error>?, (@Sendable () -> Void)?) in
            let taken = (state.waiter, state.onConsumerCancelled)
            state.waiter = nil
            state.onConsumerCancelled = nil
            state.ended = true
            state.failure = nil
            state.buffer = []
            state.head = 0
            return taken
        }
        waiter?.resume(returning: nil)
        action?()
    }
}
