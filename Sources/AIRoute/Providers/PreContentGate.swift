/// Holds back the chunks that come before the first content chunk (role, metadata), so that a
/// failure before content stays invisible and can fail over; releases them together with the
/// first content chunk and resolves `firstContent` there (docs/routing.md, "The streaming commit
/// point"). Shared by every backend that produces an ``UpstreamChatStream``.
struct PreContentGate {
    typealias Continuation = AsyncThrowingStream<ChatCompletionChunk, any Error>.Continuation

    private let continuation: Continuation
    private let firstContent: OneShot<Void>
    private var held: [ChatCompletionChunk] = []
    private var committed = false

    init(_ continuation: Continuation, firstContent: OneShot<Void>) {
        self.continuation = continuation
        self.firstContent = firstContent
    }

    /// Passes one chunk: held before content, yielded from the first content chunk on.
    mutating func pass(_ chunk: ChatCompletionChunk) {
        if committed {
            continuation.yield(chunk)
        } else if chunk.hasContent {
            committed = true
            for early in held { continuation.yield(early) }
            held = []
            continuation.yield(chunk)
            firstContent.succeed(())
        } else {
            held.append(chunk)
        }
    }

    /// The stream ended properly: yields whatever is still held (a reply without content).
    mutating func flush() {
        for early in held { continuation.yield(early) }
        held = []
    }
}
