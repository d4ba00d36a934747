/// An open upstream chat stream: OpenAI-shaped chunks, and a signal that content has begun.
struct UpstreamChatStream: Sendable {
    /// The chunks. Pre-content chunks (role, metadata) are held back until the first content
    /// chunk, so that a failure before content can fail over invisibly.
    let chunks: ChunkChannel
    /// Resolves when the first content chunk (or a proper end) has arrived; throws the failure
    /// that came first instead.
    let firstContent: OneShot<Void>
    /// Abandons the stream and closes the upstream connection.
    let cancel: @Sendable () -> Void
}

extension UpstreamChatStream {
    /// Produces one stream's chunks: passes each to the sink, calls ``StreamSink/touch()`` when
    /// data arrives, returns at the proper end and throws on a failure.
    typealias Producer = @Sendable (inout StreamSink) async throws -> Void

    /// Starts a stream: the one way every backend (HTTP and mock) runs its producer.
    ///
    /// One task runs `produce` (and, with `idle`, a watchdog beside it in a task group). The
    /// stream ends cleanly only when `produce` returns; anything it throws ends the stream with
    /// that failure, mapped once by ``HTTPTransport/transportFailure(_:)``. Cancellation has one
    /// story: ``cancel`` or the consumer going away cancels that task, which stops the producer
    /// (an HTTP body read ends and its connection closes) and ends the stream with
    /// `CancellationError`.
    ///
    /// - Parameters:
    ///   - idle: the longest silence between two ``StreamSink/touch()``es, on `clock`, before the
    ///     stream fails (`idle_timeout`); `nil` for a producer that cannot stall.
    ///   - produce: the producer.
    static func start(
        idle: (timeout: Duration, clock: any RouterClock)?, _ produce: @escaping Producer
    )
        -> UpstreamChatStream
    {
        let chunks = ChunkChannel()
        let firstContent = OneShot<Void>()
        let task = Task {
            do {
                if let idle {
                    try await watched(produce, idle: idle.timeout, clock: idle.clock) { activity in
                        StreamSink(chunks, firstContent: firstContent, activity: activity)
                    }
                } else {
                    var sink = StreamSink(chunks, firstContent: firstContent, activity: nil)
                    try await produce(&sink)
                    sink.flush()
                }
                firstContent.succeed(())
                chunks.finish()
            } catch {
                let failure = Task.isCancelled ? CancellationError() : HTTPTransport.transportFailure(error)
                firstContent.fail(failure)
                chunks.finish(throwing: failure)
            }
        }
        chunks.setOnConsumerCancelled { task.cancel() }
        return UpstreamChatStream(chunks: chunks, firstContent: firstContent, cancel: { task.cancel() })
    }

    /// Runs `produce` beside an idle watchdog: whichever ends first cancels the other. The
    /// watchdog throws when no data arrived for `idle`.
    private static func watched(
        _ produce: @escaping Producer, idle: Duration, clock: any RouterClock,
        sink: @escaping @Sendable (ActivityMark) -> StreamSink
    ) async throws {
        let activity = ActivityMark(clock: clock)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var sink = sink(activity)
                try await produce(&sink)
                sink.flush()
            }
            group.addTask {
                while true {
                    let wake = activity.last + idle
                    if clock.now() >= wake {
                        throw UpstreamFailure(
                            .transient, message: "the stream stalled: no data for \(Int(idle.seconds)) s (idle_timeout)"
                        )
                    }
                    try await clock.sleep(until: wake)
                }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }
}
