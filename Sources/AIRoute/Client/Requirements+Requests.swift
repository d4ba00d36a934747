extension Requirements {
    /// What a chat request needs: tools, vision for image parts, audio input for `input_audio`
    /// parts, JSON output, streaming, room in the context window for the estimated prompt plus
    /// `max_tokens`, and its largest attachment within the member's `max_attachment_size`.
    init(_ request: ChatCompletionRequest, streaming: Bool) {
        var capabilities: CapabilitySet = []
        if let tools = request.tools, !tools.isEmpty { capabilities.insert(.tools) }
        let attachments = request.attachments
        if attachments.images { capabilities.insert(.vision) }
        if attachments.audio { capabilities.insert(.audioInput) }
        switch request.responseFormat {
        case .jsonObject?, .jsonSchema?: capabilities.insert(.jsonOutput)
        default: break
        }
        if streaming { capabilities.insert(.streaming) }
        self.init(
            operation: .chat, capabilities: capabilities, estimatedPromptTokens: request.estimatedPromptTokens,
            maxTokens: request.effectiveMaxTokens,
            attachmentBytes: attachments.largestBytes > 0 ? attachments.largestBytes : nil)
    }

    /// What an embeddings request needs: its dimensions, and room in the context window for its
    /// largest input (each input is embedded on its own, however many share a request).
    init(_ request: EmbeddingRequest) {
        self.init(
            operation: .embeddings, estimatedPromptTokens: request.input.largestEstimatedTokens,
            dimensions: request.dimensions)
    }

    /// What a speech request needs: its voice and format.
    init(_ request: SpeechRequest) {
        self.init(
            operation: .speech, estimatedPromptTokens: (request.input.utf8.count + 3) / 4,
            voice: request.voice.rawValue,
            format: request.responseFormat?.rawValue)
    }

    /// What a transcription request needs: room for the upload.
    init(_ request: TranscriptionRequest) {
        self.init(operation: .transcription, fileBytes: request.file.count)
    }

    /// What an image request needs: its size.
    init(_ request: ImageGenerationRequest) {
        self.init(operation: .imageGeneration, imageSize: request.size)
    }
}
