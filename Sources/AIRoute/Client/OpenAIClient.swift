import AsyncHTTPClient
import Logging

/// The OpenAI-shaped client: `model` names a capability pool, and every call is routed to the
/// best capable member with automatic failover.
///
/// ```swift
/// let client = try OpenAIClient(configuration: .load())
/// let reply = try await client.chat.completions.create(model: "text-generation", messages: [.user("Hi")])
/// print(reply.choices[0].message.content?.text ?? "", reply.routing.member ?? "")
/// ```
///
/// Like the OpenAI SDKs' clients, it needs no shutdown: every client airoute creates shares one
/// process-wide HTTP client (per connect timeout) that lives as long as the process, so a client
/// that is simply dropped costs nothing. ``shutdown()`` stays available and only makes later
/// calls fail.
public final class OpenAIClient: Sendable {
    /// The router behind the client (pools, health).
    public let router: ModelRouter
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
    ///   - configuration: providers, models and pools (see ``Configuration/load(path:environment:)``).
    ///   - health: where member health is kept; in memory by default.
    ///   - clock: the time source; the system clock by default (inject a ``ManualClock`` in tests).
    ///   - random: randomness for weighted choices; the system generator by default.
    ///   - logger: the library logs at `debug`/`trace`, and at `info` when a call failed over. No keys are logged.
    ///   - httpClient: an AsyncHTTPClient to send requests with, instead of airoute's process-wide
    ///     one; its own settings (redirects, retries, timeouts) then apply. airoute never shuts it
    ///     down: that stays the caller's job.
    public init(
        configuration: Configuration, health: any HealthStore = InMemoryHealthStore(),
        clock: any RouterClock = SystemClock(), random: any RandomSource = SystemRandomSource(),
        logger: Logger = Logger(label: "airoute", factory: { _ in SwiftLogNoOpLogHandler() }),
        httpClient: HTTPClient? = nil
    ) {
        let router = ModelRouter(configuration: configuration, health: health, clock: clock, random: random)
        let engine = ClientEngine(router: router, logger: logger, httpClient: httpClient)
        self.router = router
        self.engine = engine
        self.chat = Chat(completions: ChatCompletions(engine: engine))
        self.embeddings = Embeddings(engine: engine)
        self.audio = Audio(speech: Speech(engine: engine), transcriptions: Transcriptions(engine: engine))
        self.images = Images(engine: engine)
    }

    /// Makes later calls fail (with ``AIRouter/ErrorClass/cancelled``). Optional: a client that is
    /// simply dropped releases everything it holds. It never shuts down an HTTP client passed to
    /// ``init(configuration:health:clock:random:logger:httpClient:)``.
    public func shutdown() async throws { engine.shutdown() }

    /// The ids the provider's model-list endpoint reports (`GET /models`): a probe that costs
    /// nothing and changes no health.
    ///
    /// - Throws: ``UpstreamFailure`` (secret-free), also for no answer within `timeout`.
    public func listModels(
        provider name: String, timeout: Duration = .seconds(10)
    ) async throws(UpstreamFailure)
        -> [String]
    {
        guard let provider = router.configuration.providers[name] else {
            throw UpstreamFailure(.notFound, message: "no provider named '\(name)'")
        }
        let deadline = router.clock.now() + timeout
        do {
            let backend = try engine.backend(for: provider)
            return try await router.withDeadline(deadline) {
                try await backend.listModels(provider: provider, deadline: deadline)
            }
        } catch {
            throw Self.probeFailure(error)
        }
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
