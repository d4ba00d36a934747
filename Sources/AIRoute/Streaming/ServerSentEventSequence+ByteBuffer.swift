public import NIOCore

extension ServerSentEventSequence where Base.Element == ByteBuffer {
    /// Creates the events of a sequence of `ByteBuffer`s, such as AsyncHTTPClient's
    /// `HTTPClientResponse.Body`.
    ///
    /// - Parameters:
    ///   - base: The byte chunks.
    ///   - maximumEventSize: The largest line, and the largest data of one event, in bytes.
    ///   - throwsOnTruncatedEvent: Whether ending inside an event is an error.
    public init(
        _ base: Base,
        maximumEventSize: Int = ServerSentEventDecoder.defaultMaximumEventSize,
        throwsOnTruncatedEvent: Bool = true
    ) {
        self.init(
            base, maximumEventSize: maximumEventSize, throwsOnTruncatedEvent: throwsOnTruncatedEvent,
            appendChunk: { decoder, buffer in decoder.append(buffer.readableBytesView) })
    }
}
