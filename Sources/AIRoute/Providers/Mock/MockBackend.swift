import Foundation

/// The in-process `mock` provider: answers every operation deterministically, without a network
/// (docs/configuration.md, "`providers:`"), and misbehaves on request (`fail: 503 | 429 |
/// timeout | refused`, `latency`).
///
/// The same request always gets the same answer: text derived from the prompt, vectors seeded by
/// a hash of the text, a WAV tone, a solid-colour PNG, a fixed transcript. Every answer is
/// labelled as mock output. All waiting happens on the injected ``RouterClock``, so tests drive
/// latency and timeouts with a ``ManualClock``.
struct MockBackend: ProviderBackend {
    /// The clock for latency and timeouts.
    let clock: any RouterClock
    /// The configuration, for the provider's model list; `nil` lists no models.
    let configuration: Configuration?

    /// Creates the mock backend.
    ///
    /// - Parameters:
    ///   - clock: the clock to wait on (latency, timeouts).
    ///   - configuration: where ``listModels(provider:deadline:)`` finds the provider's models.
    init(clock: any RouterClock, configuration: Configuration? = nil) {
        self.clock = clock
        self.configuration = configuration
    }

    // MARK: Operations

    /// `Mock reply from MODEL: …` (or a tool call), after the configured latency.
    func chat(_ request: ChatCompletionRequest, context: AttemptContext) async throws -> CompletionResponse {
        try await misbehave(context.member.provider, deadline: context.deadline)
        try await delay(context.member.provider)
        return MockChat(request: request, model: context.member.model.upstreamName)
            .response(created: createdNow())
    }

    /// The same answer as ``chat(_:context:)``, as role, content and finish chunks; the latency
    /// is waited before the first chunk, a configured failure is thrown before the stream opens
    /// (a `timeout` stays silent until the caller's first-token deadline cuts it off).
    func chatStream(_ request: ChatCompletionRequest, context: AttemptContext) async throws -> UpstreamChatStream {
        let provider = context.member.provider
        try await misbehave(provider, deadline: context.deadline)
        let chunks = MockChat(request: request, model: context.member.model.upstreamName)
            .chunks(created: createdNow())
        let latency = provider.mockLatency
        let clock = self.clock
        return .start(idle: nil) { sink in
            if let latency, latency > .zero { try await clock.sleep(until: clock.now() + latency) }
            for chunk in chunks {
                try Task.checkCancellation()
                sink.yield(chunk)
            }
        }
    }

    /// One hash-seeded unit vector per input, of the requested size, else the model's first
    /// declared size, else 8.
    func embeddings(_ request: EmbeddingRequest, context: AttemptContext) async throws -> EmbeddingResponse {
        try await misbehave(context.member.provider, deadline: context.deadline)
        try await delay(context.member.provider)
        let model = context.member.model
        let dimensions = request.dimensions ?? model.dimensions.first ?? MockVectors.defaultDimensions
        guard MockVectors.dimensionRange.contains(dimensions) else {
            throw UpstreamFailure(
                .invalidRequest, status: 400,
                message:
                    "the mock provider produces 1 to \(MockVectors.dimensionRange.upperBound) dimensions, not \(dimensions)"
            )
        }
        let seeds = MockVectors.seeds(of: request.input)
        guard !seeds.isEmpty else { throw UpstreamFailure(.invalidRequest, status: 400, message: "empty input") }
        let data = seeds.enumerated().map { index, seed in
            EmbeddingResponse.Embedding(index: index, embedding: MockVectors.vector(seed: seed, dimensions: dimensions))
        }
        let tokens = request.input.estimatedTokens
        return EmbeddingResponse(
            data: data, model: model.upstreamName, usage: .init(promptTokens: tokens, totalTokens: tokens))
    }

    /// A quiet tone as WAV (16 kHz) or raw PCM (24 kHz); other formats are refused.
    func speech(_ request: SpeechRequest, context: AttemptContext) async throws -> Data {
        try await misbehave(context.member.provider, deadline: context.deadline)
        try await delay(context.member.provider)
        let voice = context.member.model.voices[request.voice.rawValue] ?? request.voice.rawValue
        return try MockAudio.speech(request, voice: voice)
    }

    /// A fixed transcript naming the file, in the requested format.
    func transcription(_ request: TranscriptionRequest, context: AttemptContext) async throws -> TranscriptionResponse {
        try await misbehave(context.member.provider, deadline: context.deadline)
        try await delay(context.member.provider)
        return try MockAudio.transcription(request)
    }

    /// `n` solid-colour PNGs of the requested size, as base64 or `data:` URLs.
    func images(_ request: ImageGenerationRequest, context: AttemptContext) async throws -> ImageResponse {
        try await misbehave(context.member.provider, deadline: context.deadline)
        try await delay(context.member.provider)
        return try MockImage.response(request, created: createdNow())
    }

    /// The upstream names of the configured models of this provider, in declaration order
    /// (empty without a configuration). Fails and waits as the provider is told to, so health
    /// probes see a failing mock as failing.
    func listModels(provider: ProviderConfiguration, deadline: Timestamp) async throws -> [String] {
        try await misbehave(provider, deadline: deadline)
        try await delay(provider)
        guard let configuration else { return [] }
        var seen = Set<String>()
        return configuration.modelOrder.compactMap { id -> String? in
            guard let model = configuration.models[id], model.provider == provider.name,
                seen.insert(model.upstreamName).inserted
            else { return nil }
            return model.upstreamName
        }
    }

    // MARK: Misbehaviour

    /// Throws the configured failure: `refused` at once, `timeout` when `deadline` comes (the
    /// router's own deadline usually wins first), an HTTP status after the configured latency.
    /// Returns when the provider is healthy.
    func misbehave(_ provider: ProviderConfiguration, deadline: Timestamp) async throws {
        switch provider.mockFailure {
        case nil:
            return
        case .refused?:
            throw UpstreamFailure(.transient, message: "connection refused (mock provider '\(provider.name)')")
        case .timeout?:
            try await clock.sleep(until: deadline)
            try Task.checkCancellation()
            throw UpstreamFailure(.transient, message: "mock provider '\(provider.name)' timed out")
        case .status(let status)?:
            try await delay(provider)
            throw Self.failure(status: status, provider: provider.name)
        }
    }

    /// The classified failure of a mock told to answer `status`.
    static func failure(status: Int, provider: String) -> UpstreamFailure {
        UpstreamFailure(
            ErrorClassifier.classify(status: status), status: status,
            message: "mock provider '\(provider)' configured to fail with HTTP \(status)",
            retryAfter: status == 429 ? .seconds(1) : nil)
    }

    /// Waits the configured latency on the clock (throws `CancellationError` if cancelled).
    func delay(_ provider: ProviderConfiguration) async throws {
        guard let latency = provider.mockLatency, latency > .zero else { return }
        try await clock.sleep(until: clock.now() + latency)
    }

    /// The clock's time in whole seconds, for `created` fields.
    private func createdNow() -> Int { Int(clock.now().secondsSince1970) }
}
