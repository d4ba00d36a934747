/// A streamed chat completion: OpenAI-shaped chunks as they arrive.
///
/// ```swift
/// let stream = try await client.chat.completions.stream(model: "text-generation", messages: [.user("Hi")])
/// for try await chunk in stream { print(chunk.choices.first?.delta.content ?? "", terminator: "") }
/// ```
///
/// The first chunk carries ``routing``. If the member fails after content was delivered, iteration
/// throws a ``AIRouter/RouteError`` with code `stream_interrupted` saying how much was delivered;
/// a stream never ends cleanly unless the provider finished it properly.
public struct ChatCompletionStream: AsyncSequence, Sendable {
    /// The chunk type.
    public typealias Element = ChatCompletionChunk

    /// The pool, serving member and attempts made to start the stream.
    public let routing: RoutingInfo
    let upstream: UpstreamChatStream
    let member: RouteMember
    let settings: RoutingSettings
    let router: ModelRouter
    /// The request, for the usage estimate of ``collect()``.
    let request: ChatCompletionRequest

    init(
        upstream: UpstreamChatStream, routed: Routed<UpstreamChatStream>, router: ModelRouter,
        request: ChatCompletionRequest
    ) {
        self.request = request
        self.upstream = upstream
        self.routing = routed.routing
        self.member = routed.member
        self.settings = routed.settings
        self.router = router
    }

    /// Creates the iterator.
    public func makeAsyncIterator() -> Iterator {
        Iterator(base: upstream.chunks, stream: self, abandon: AbandonOnDeinit(upstream.cancel))
    }

    /// Abandons the stream and closes the upstream connection.
    public func cancel() { upstream.cancel() }

    /// Iterates the chunks.
    public struct Iterator: AsyncIteratorProtocol {
        let base: ChunkChannel
        let stream: ChatCompletionStream
        /// Closes the upstream connection when the consumer drops the iterator (stops iterating).
        let abandon: AbandonOnDeinit
        var delivered = 0
        var characters = 0

        /// The next chunk, `nil` at the proper end; throws ``AIRouter/RouteError`` if the member failed.
        public mutating func next() async throws -> ChatCompletionChunk? {
            do {
                guard var chunk = try await base.next() else {
                    // The channel ends with nil, not an error, when the consuming task is
                    // cancelled: report that as `cancelled`, never as a clean (complete) end.
                    // (ReliabilityScenarioTests.s25 covers this.)
                    if Task.isCancelled { throw interrupted(CancellationError()) }
                    return nil
                }
                if delivered == 0 { chunk.routing = stream.routing }
                delivered += 1
                for choice in chunk.choices { characters += choice.delta.content?.count ?? 0 }
                return chunk
            } catch {
                // Once the consumer is cancelled, whatever the upstream did next (a reset, an
                // abandoned body) is a consequence of the cancellation: report `cancelled`, and
                // never hold it against the member.
                throw interrupted(Task.isCancelled ? CancellationError() : error)
            }
        }

        private func interrupted(_ error: any Error) -> RouteError {
            let failure: UpstreamFailure
            if let mapped = HTTPTransport.failure(error) {
                failure = mapped
                stream.router.recordLateFailure(failure, member: stream.member, settings: stream.settings)
            } else {
                failure = UpstreamFailure(.cancelled, message: "cancelled")
            }
            var routing = stream.routing
            if var last = routing.attempts.popLast() {
                last.errorClass = failure.errorClass
                last.status = failure.status
                last.message = failure.message
                routing.attempts.append(last)
            }
            return RouteError(
                failure.errorClass == .cancelled ? .cancelled : .interrupted,
                message: "the stream from \(stream.member.model.id) failed after \(delivered) chunk(s) "
                    + "(\(characters) characters delivered): \(failure.message)",
                routing: routing, failure: failure)
        }
    }
}

/// Runs an action when the last reference goes away: a consumer that breaks out of
/// `for try await` drops its iterator, and the upstream connection is closed at once.
final class AbandonOnDeinit: Sendable {
    private let action: @Sendable () -> Void
    init(_ action: @escaping @Sendable () -> Void) { self.action = action }
    deinit { action() }
}
