// Usage for answers whose provider reported none: counted with the same tokenizer-free rule as
// ``ChatCompletionRequest/estimatedPromptTokens`` and marked estimated.

extension Usage {
    /// An estimate for a completion of `request` whose generated text is `completion`: the
    /// request's ``ChatCompletionRequest/estimatedPromptTokens`` and one token per four UTF-8
    /// bytes of the completion, marked ``isEstimated``.
    public static func estimated(for request: ChatCompletionRequest, completion: CompletionResponse) -> Usage {
        var bytes = 0
        for choice in completion.choices {
            let message = choice.message
            bytes += (message.text?.utf8.count ?? 0) + (message.refusal?.utf8.count ?? 0)
            for call in message.toolCalls ?? [] {
                bytes += call.function.name.utf8.count + call.function.arguments.utf8.count
            }
        }
        return Usage(
            promptTokens: request.estimatedPromptTokens, completionTokens: (bytes + 3) / 4, isEstimated: true)
    }
}

extension CompletionResponse {
    /// The same completion, with ``usage`` estimated for `request` when the provider reported none
    /// (reported usage is kept as it is).
    public func estimatingUnreportedUsage(for request: ChatCompletionRequest) -> CompletionResponse {
        guard usage.isEstimated else { return self }
        var copy = self
        copy.usage = .estimated(for: request, completion: self)
        return copy
    }
}

extension EmbeddingResponse {
    /// The same response, with ``usage`` estimated for `request` when the provider reported none
    /// (``EmbeddingInput/estimatedTokens``).
    public func estimatingUnreportedUsage(for request: EmbeddingRequest) -> EmbeddingResponse {
        guard usage.isEstimated else { return self }
        var copy = self
        let tokens = request.input.estimatedTokens
        copy.usage = Usage(promptTokens: tokens, totalTokens: tokens, isEstimated: true)
        return copy
    }
}
