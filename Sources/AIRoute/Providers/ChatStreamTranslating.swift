/// What a stream translator made of one SSE event.
struct StreamStep: Sendable {
    /// Chunks to hand to the caller, in OpenAI's shape.
    var chunks: [ChatCompletionChunk] = []
    /// The provider's terminal event arrived: the stream ended properly.
    var finished = false
}

/// Turns one provider's SSE events into OpenAI-shaped chunks; one value per stream (stateful).
protocol ChatStreamTranslating: Sendable {
    /// Translates one event. Throws ``UpstreamFailure`` for an in-band error or a malformed event.
    mutating func translate(_ event: ServerSentEvent) throws(UpstreamFailure) -> StreamStep
    /// Called at the end of the body: whether the stream may be considered complete even though
    /// the terminal event was missing (OpenAI: a `finish_reason` arrived but `[DONE]` did not).
    func completesWithoutTerminalEvent() -> Bool
}
