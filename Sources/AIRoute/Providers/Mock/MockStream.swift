/// Delivers precomputed mock chunks as an ``UpstreamChatStream`` with the HTTP backends'
/// semantics: nothing is yielded before content is ready, `firstContent` resolves at the first
/// content chunk (or the proper end), and `cancel` (or the consumer going away) stops it.
enum MockStream {
    /// Opens a stream of `chunks`, waiting `latency` on `clock` before the first one.
    static func open(
        _ chunks: [ChatCompletionChunk], latency: Duration?, clock: any RouterClock
    ) -> UpstreamChatStream {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ChatCompletionChunk.self)
        let firstContent = OneShot<Void>()
        let producer = Task {
            do {
                if let latency, latency > .zero {
                    try await clock.sleep(until: clock.now() + latency)
                }
                try deliver(chunks, to: continuation, firstContent: firstContent)
                firstContent.succeed(())
                continuation.finish()
            } catch {
                let failure: any Error = Task.isCancelled ? CancellationError() : error
                firstContent.fail(failure)
                continuation.finish(throwing: failure)
            }
        }
        let cancel: @Sendable () -> Void = {
            producer.cancel()
            firstContent.fail(CancellationError())
            continuation.finish(throwing: CancellationError())
        }
        continuation.onTermination = { termination in
            if case .cancelled = termination { producer.cancel() }
        }
        return UpstreamChatStream(chunks: stream, firstContent: firstContent, cancel: cancel)
    }

    /// Yields the chunks, holding those before the first content chunk back until it, and
    /// resolving `firstContent` there. Stops with `CancellationError` when the task is cancelled.
    private static func deliver(
        _ chunks: [ChatCompletionChunk], to continuation: AsyncThrowingStream<ChatCompletionChunk, any Error>.Continuation,
        firstContent: OneShot<Void>
    ) throws {
        var gate = PreContentGate(continuation, firstContent: firstContent)
        for chunk in chunks {
            try Task.checkCancellation()
            gate.pass(chunk)
        }
        gate.flush()
    }
}
