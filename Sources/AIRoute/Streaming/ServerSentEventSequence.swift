/// The server-sent events of an asynchronous sequence of byte chunks, such as an HTTP response
/// body.
///
/// ```swift
/// let events = ServerSentEventSequence(response.body)   // AsyncHTTPClient: ByteBuffer chunks
/// for try await event in events {
///     if event.isDone { break }
///     let chunk = try JSONDecoder().decode(ChatCompletionChunk.self, from: Data(event.data.utf8))
/// }
/// ```
///
/// Pull-based: a chunk is read from `Base` only when the events of the previous ones are used
/// up, and cancelling the consuming task stops the iteration. When `Base` ends inside an event,
/// iteration throws ``ServerSentEventError/Code/truncatedEvent`` unless created with
/// `throwsOnTruncatedEvent: false` (the event is then discarded, as the specification says).
public struct ServerSentEventSequence<Base: AsyncSequence>: AsyncSequence {
    /// A server-sent event.
    public typealias Element = ServerSentEvent
    /// Errors of `Base` and ``ServerSentEventError``.
    public typealias Failure = any Error

    private let base: Base
    private let maximumEventSize: Int
    private let throwsOnTruncatedEvent: Bool
    private let appendChunk: @Sendable (inout ServerSentEventDecoder, Base.Element) -> Void

    /// Creates the events of any sequence of chunks, given how to append a chunk's bytes.
    ///
    /// - Parameters:
    ///   - base: The byte chunks.
    ///   - maximumEventSize: The largest line, and the largest data of one event, in bytes.
    ///   - throwsOnTruncatedEvent: Whether ending inside an event is an error.
    ///   - appendChunk: Appends a chunk's bytes to the decoder, e.g.
    ///     `{ decoder, chunk in decoder.append(chunk.bytes) }`.
    public init(
        _ base: Base,
        maximumEventSize: Int = ServerSentEventDecoder.defaultMaximumEventSize,
        throwsOnTruncatedEvent: Bool = true,
        appendChunk: @escaping @Sendable (inout ServerSentEventDecoder, Base.Element) -> Void
    ) {
        self.base = base
        self.maximumEventSize = maximumEventSize
        self.throwsOnTruncatedEvent = throwsOnTruncatedEvent
        self.appendChunk = appendChunk
    }

    /// Creates the events of a sequence of byte collections (`[UInt8]`, `Data`, `ArraySlice<UInt8>`…).
    ///
    /// - Parameters:
    ///   - base: The byte chunks.
    ///   - maximumEventSize: The largest line, and the largest data of one event, in bytes.
    ///   - throwsOnTruncatedEvent: Whether ending inside an event is an error.
    public init(
        _ base: Base,
        maximumEventSize: Int = ServerSentEventDecoder.defaultMaximumEventSize,
        throwsOnTruncatedEvent: Bool = true
    ) where Base.Element: Sequence<UInt8> & SendableMetatype {
        self.init(
            base, maximumEventSize: maximumEventSize, throwsOnTruncatedEvent: throwsOnTruncatedEvent,
            appendChunk: { decoder, chunk in decoder.append(chunk) })
    }

    /// Creates an iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            base: base.makeAsyncIterator(), decoder: ServerSentEventDecoder(maximumEventSize: maximumEventSize),
            throwsOnTruncatedEvent: throwsOnTruncatedEvent, appendChunk: appendChunk)
    }

    /// Reads chunks from the base iterator and decodes their events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private var base: Base.AsyncIterator
        private var decoder: ServerSentEventDecoder
        private let throwsOnTruncatedEvent: Bool
        private let appendChunk: @Sendable (inout ServerSentEventDecoder, Base.Element) -> Void
        private var remaining: [ServerSentEvent] = []
        private var pendingError: ServerSentEventError?
        private var isFinished = false

        init(
            base: Base.AsyncIterator, decoder: ServerSentEventDecoder, throwsOnTruncatedEvent: Bool,
            appendChunk: @escaping @Sendable (inout ServerSentEventDecoder, Base.Element) -> Void
        ) {
            self.base = base
            self.decoder = decoder
            self.throwsOnTruncatedEvent = throwsOnTruncatedEvent
            self.appendChunk = appendChunk
        }

        /// The next event, or `nil` at the end of a stream that ended between events.
        ///
        /// - Throws: An error of the base sequence, or a ``ServerSentEventError``.
        public mutating func next(isolation actor: isolated (any Actor)? = #isolation) async throws -> ServerSentEvent?
        {
            while true {
                if !remaining.isEmpty { return remaining.removeFirst() }
                if let error = pendingError {
                    pendingError = nil
                    throw error
                }
                if isFinished { return nil }
                if let event = try decoder.next() { return event }
                if let chunk = try await base.next(isolation: actor) {
                    appendChunk(&decoder, chunk)
                    continue
                }
                isFinished = true
                let end = try decoder.finish()
                remaining = end.events
                if throwsOnTruncatedEvent, let truncated = end.truncatedEvent {
                    pendingError = ServerSentEventError(code: .truncatedEvent, truncatedEvent: truncated)
                }
            }
        }

        /// The next event, or `nil` at the end of a stream that ended between events.
        ///
        /// - Throws: An error of the base sequence, or a ``ServerSentEventError``.
        public mutating func next() async throws -> ServerSentEvent? {
            try await next(isolation: nil)
        }
    }
}

extension ServerSentEventSequence: Sendable where Base: Sendable {}
