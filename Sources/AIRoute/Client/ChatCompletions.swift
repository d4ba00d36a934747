import Synchronization

/// `client.chat.completions`: chat completions, whole or streamed.
public struct ChatCompletions: Sendable {
    let engine: ClientEngine

    /// Creates a chat completion, routed to the best capable member of the pool `request.model`.
    /// Its ``CompletionResponse/usage`` is always set: estimated when the provider reported none.
    ///
    /// - Throws: ``AIRouter/RouteError`` when no member could serve the request.
    public func create(_ request: ChatCompletionRequest) async throws(RouteError) -> CompletionResponse {
        try await engine.respond(request.model, Requirements(request, streaming: false)) { backend, context in
            try await backend.chat(request, context: context).estimatingUnreportedUsage(for: request)
        }
    }

    /// Creates a chat completion from the common parameters; `extra` passes any other parameter through.
    public func create(
        model: String, messages: [ChatMessage], temperature: Double? = nil, maxTokens: Int? = nil,
        tools: [Tool]? = nil, toolChoice: ToolChoice? = nil, responseFormat: ResponseFormat? = nil,
        stop: StopSequences? = nil, seed: Int? = nil, user: String? = nil, extra: [String: JSONValue] = [:]
    ) async throws(RouteError) -> CompletionResponse {
        try await create(
            ChatCompletionRequest(
                model: model, messages: messages, temperature: temperature, maxTokens: maxTokens, stop: stop,
                seed: seed, user: user, tools: tools, toolChoice: toolChoice, responseFormat: responseFormat,
                extra: extra))
    }

    /// Streams a chat completion. Failover before the first content chunk is invisible; a failure
    /// after it ends the stream with a ``AIRouter/RouteError`` (code `stream_interrupted`), never
    /// a clean end. Stopping iteration closes the upstream connection.
    ///
    /// - Throws: ``AIRouter/RouteError`` when no member could start the stream.
    public func stream(_ request: ChatCompletionRequest) async throws(RouteError) -> ChatCompletionStream {
        let engine = self.engine
        let result = try await engine.route(request.model, Requirements(request, streaming: true)) { backend, context in
            let upstream = try await Self.firstContent(
                request, backend: backend, context: context, router: engine.router)
            context.commit()
            return upstream
        }
        return ChatCompletionStream(upstream: result.value, routed: result, router: engine.router, request: request)
    }

    /// Streams a chat completion from the common parameters.
    public func stream(
        model: String, messages: [ChatMessage], temperature: Double? = nil, maxTokens: Int? = nil,
        tools: [Tool]? = nil, toolChoice: ToolChoice? = nil, responseFormat: ResponseFormat? = nil,
        stop: StopSequences? = nil, seed: Int? = nil, user: String? = nil, extra: [String: JSONValue] = [:]
    ) async throws(RouteError) -> ChatCompletionStream {
        try await stream(
            ChatCompletionRequest(
                model: model, messages: messages, temperature: temperature, maxTokens: maxTokens, stop: stop,
                seed: seed, user: user, tools: tools, toolChoice: toolChoice, responseFormat: responseFormat,
                extra: extra))
    }

    /// Opens the stream on the attempt's member and waits for its first content (or its proper
    /// end). The one place the first-token deadline is computed and enforced: `first_token_timeout`
    /// from the attempt's start, within the call's deadline, bounds the response head and the
    /// first content together; past it the stream is abandoned (its connection closed) and the
    /// attempt fails over.
    private static func firstContent(
        _ request: ChatCompletionRequest, backend: any ProviderBackend, context: AttemptContext, router: ModelRouter
    ) async throws -> UpstreamChatStream {
        let limit = context.settings.firstTokenTimeout
        let opened = OpenedStream()
        do {
            return try await router.withDeadline(min(context.deadline, context.startedAt + limit)) {
                let upstream = try await backend.chatStream(request, context: context)
                opened.set(upstream)
                try await upstream.firstContent.value
                return upstream
            }
        } catch {
            opened.cancel()
            guard error is DeadlineReached else { throw error }
            throw UpstreamFailure(
                .transient,
                message: "the first token timed out: no content within \(Int(limit.seconds)) s (first_token_timeout)")
        }
    }
}

/// The stream an attempt opened, to abandon when its first content does not come in time.
private final class OpenedStream: Sendable {
    private let stream = Mutex<UpstreamChatStream?>(nil)

    func set(_ upstream: UpstreamChatStream) { stream.withLock { $0 = upstream } }

    /// Abandons the stream, if one was opened.
    func cancel() { stream.withLock { $0 }?.cancel() }
}
