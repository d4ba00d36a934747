extension ChatCompletionStream {
    /// Reads the whole stream and assembles it into the completion a non-streamed call would have
    /// returned, with ``routing`` attached and ``CompletionResponse/usage`` estimated when no chunk
    /// reported it.
    ///
    /// ```swift
    /// let stream = try await client.chat.completions.stream(model: "text-generation", messages: [.user("Hi")])
    /// let reply = try await stream.collect()
    /// print(reply.text ?? "", reply.usage.totalTokens)
    /// ```
    ///
    /// - Throws: ``AIRouter/RouteError`` when the stream fails, as iteration does.
    public func collect() async throws -> CompletionResponse {
        var accumulator = ChatCompletionAccumulator()
        for try await chunk in self { accumulator.add(chunk) }
        return accumulator.makeResponse(for: request, routing: routing)
    }
}

extension ChatCompletionAccumulator {
    /// The response assembled so far, with ``CompletionResponse/usage`` estimated for `request`
    /// when no chunk reported it.
    ///
    /// - Parameters:
    ///   - request: The request that was streamed.
    ///   - routing: The routing to attach (see ``makeResponse(routing:)``).
    public func makeResponse(for request: ChatCompletionRequest, routing: RoutingInfo? = nil) -> CompletionResponse {
        makeResponse(routing: routing).estimatingUnreportedUsage(for: request)
    }
}
