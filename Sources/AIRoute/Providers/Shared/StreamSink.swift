import Synchronization

/// Where a backend's stream producer puts its chunks (see ``UpstreamChatStream/start(idle:_:)``).
///
/// Holds back the chunks that come before the first content chunk (role, metadata), so that a
/// failure before content stays invisible and can fail over; releases them together with the
/// first content chunk and resolves `firstContent` there (docs/routing.md, "The streaming commit
/// point"). Reasoning counts as content (``ChatCompletionChunk/hasContent``).
///
/// Chunks are handed to the consumer in batches, one per network read (``endOfRead()``): a
/// 200-chunk answer that arrives in a few reads wakes the consumer a few times, not 200 times
/// (Benchmarks: issue 16). Nothing waits for a batch to fill: each read's chunks go at its end.
struct StreamSink {
    typealias Continuation = AsyncThrowingStream<[ChatCompletionChunk], any Error>.Continuation

    private let continuation: Continuation
    private let firstContent: OneShot<Void>
    private let activity: ActivityMark?
    /// Chunks before the first content chunk: released with it, dropped if the stream fails.
    private var held: [ChatCompletionChunk] = []
    /// Chunks of the current read, from the first content chunk on.
    private var batch: [ChatCompletionChunk] = []
    private var committed = false
    /// The first content chunk is in `batch`: `firstContent` resolves once it is handed over.
    private var committing = false

    init(_ continuation: Continuation, firstContent: OneShot<Void>, activity: ActivityMark?) {
        self.continuation = continuation
        self.firstContent = firstContent
        self.activity = activity
    }

    /// Passes one chunk: held before content, batched from the first content chunk on.
    mutating func yield(_ chunk: ChatCompletionChunk) {
        if committed {
            batch.append(chunk)
        } else if chunk.hasContent {
            committed = true
            committing = true
            batch = held
            held = []
            batch.append(chunk)
        } else {
            held.append(chunk)
        }
    }

    /// Hands this read's chunks to the consumer (and, with the first content chunk among them,
    /// resolves `firstContent`). Producers call it when they are about to wait for more input,
    /// and when they fail, so that content already received is delivered before the failure.
    mutating func endOfRead() {
        if !batch.isEmpty {
            continuation.yield(batch)
            batch = []
            batch.reserveCapacity(16)
        }
        if committing {
            committing = false
            firstContent.succeed(())
        }
    }

    /// Notes that data arrived, for the idle watchdog.
    func touch() { activity?.touch() }

    /// The stream ended properly: hands over the last read's chunks and whatever is still held
    /// (a reply without content).
    mutating func flush() {
        batch += held
        held = []
        endOfRead()
    }
}

/// The time of the last data received on a stream, for the idle watchdog.
final class ActivityMark: Sendable {
    private let clock: any RouterClock
    private let mark: Mutex<Timestamp>

    init(clock: any RouterClock) {
        self.clock = clock
        mark = Mutex(clock.now())
    }

    /// Records that data arrived now.
    func touch() {
        let now = clock.now()
        mark.withLock { $0 = now }
    }

    /// When data last arrived.
    var last: Timestamp { mark.withLock { $0 } }
}
