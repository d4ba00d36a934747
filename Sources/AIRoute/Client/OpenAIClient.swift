import Logging

/// The OpenAI-shaped client: `model` names a capability pool, and every call is routed to the
/// best capable member with automatic failover.
///
/// ```swift
/// let client = try OpenAIClient(configuration: .load())
/// defer { Task { try await client.shutdown() } }
/// let reply = try await client.chat.completions.create(model: "text-generation", messages: [.user("Hi")])
/// print(reply.choices[0].message.content?.text ?? "", reply.routing.member ?? "")
/// ```
///
/// Call ``shutdown()`` when done: it closes the client's connections.
public final class OpenAIClient: Sendable {
    /// The router behind the client (pools, health).
    public let router: Router
    /// `client.chat.completions`.
    public let chat: Chat
    /// `client.embeddings`.
    public let embeddings: Embeddings
    /// `client.audio.speech` and `client.audio.transcriptions`.
    public let audio: Audio
    /// `client.images`.
    public let images: Images
    let engine: ClientEngine

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - configuration: providers, models and pools (see ``AIRouter/Configuration/load(path:environment:)``).
    ///   - health: where member health is kept; in memory by default.
    ///   - clock: the time source; the system clock by default (inject a ``ManualClock`` in tests).
    ///   - random: randomness for weighted choices; the system generator by default.
    ///   - logger: the library logs at `debug`/`trace`, and at `info` when a call failed over. No keys are logged.
    public init(
        configuration: Configuration, health: any HealthStore = InMemoryHealthStore(),
        clock: any RouterClock = SystemClock(), random: any RandomSource = SystemRandomSource(),
        logger: Logger = Logger(label: "airoute", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        let router = Router(configuration: configuration, health: health, clock: clock, random: random)
        let engine = ClientEngine(router: router, logger: logger)
        self.router = router
        self.engine = engine
        self.chat = Chat(completions: ChatCompletions(engine: engine))
        self.embeddings = Embeddings(engine: engine)
        self.audio = Audio(speech: Speech(engine: engine), transcriptions: Transcriptions(engine: engine))
        self.images = Images(engine: engine)
    }

    /// Closes the client's HTTP connections. Calls made afterwards fail.
    public func shutdown() async throws { try await engine.shutdown() }

    /// The ids the provider's model-list endpoint reports (`GET /models`): a probe that costs nothing.
    public func listModels(provider name: String, timeout: Duration = .seconds(10)) async throws -> [String] {
        guard let provider = router.configuration.providers[name] else {
            throw UpstreamFailure(.notFound, message: "no provider named '\(name)'")
        }
        let backend = try engine.backend(for: provider)
        return try await backend.listModels(provider: provider, deadline: router.clock.now() + timeout)
    }
}

/// `client.chat`.
public struct Chat: Sendable {
    /// `client.chat.completions`.
    public let completions: ChatCompletions
}

/// `client.audio`.
public struct Audio: Sendable {
    /// `client.audio.speech`.
    public let speech: Speech
    /// `client.audio.transcriptions`.
    public let transcriptions: Transcriptions
}
