import AIRoute
import AIRouteTesting
import Testing

/// A configuration of OpenAI-compatible members served by one fake server.
struct FakeCatalog {
    /// A first-token timeout short enough to fail over from a silent member in a test, long enough
    /// for the healthy member to answer in time: 3 s, 10 s under a sanitizer (the whole suite's
    /// first wave there takes over 10 s per test on two cores).
    static let shortFirstTokenTimeout: Duration = TestMachine.underSanitizer ? .seconds(10) : .seconds(3)
    /// How long such a failover may take in all: under 15 s (19 s under a sanitizer), before a
    /// member that answers only after 20 s would.
    static let failoverBound: Duration = TestMachine.underSanitizer ? .seconds(19) : .seconds(15)

    struct Member {
        var id: String
        var capabilities: CapabilitySet = [.chat, .streaming]
        var contextWindow: Int?
        var baseURL: String?
        var key: String? = "sk-test-key"
        var keyVariable: String? = "TEST_KEY"
        var type: ProviderType = .openai
        var maxBatchInputs: Int?
    }

    var members: [Member]
    /// Timeouts far above any healthy answer on a loaded 2-core machine under AddressSanitizer
    /// (the first wave of parallel tests there takes 3–5 s): only tests that inject a silent or
    /// stalled member lower the one they exercise.
    var settings = RoutingSettings(timeout: .seconds(30), firstTokenTimeout: .seconds(20), idleTimeout: .seconds(20))
    var operation: ModelOperation = .chat

    func configuration(_ server: FakeProviderServer) -> Configuration {
        var providers: [ProviderConfiguration] = []
        var models: [ModelConfiguration] = []
        for member in members {
            // One provider per member, so each member's key and endpoint are its own.
            providers.append(
                ProviderConfiguration(
                    name: "prov-\(member.id)", type: member.type,
                    baseURL: member.baseURL
                        ?? server.baseURL(
                            for: member.type == .anthropic
                                ? .anthropic
                                : member.type == .gemini ? .gemini : .openAI),
                    apiKey: member.key.map(Secret.init), apiKeyVariable: member.keyVariable))
            models.append(
                ModelConfiguration(
                    id: member.id, provider: "prov-\(member.id)", capabilities: member.capabilities,
                    contextWindow: member.contextWindow, maxBatchInputs: member.maxBatchInputs))
        }
        let pool = PoolConfiguration(
            name: "pool", operation: operation,
            members: members.enumerated().map { PoolMember(model: $1.id, priority: $0 + 1) }, settings: settings)
        return Configuration(defaults: settings, providers: providers, models: models, pools: [pool])
    }
}

/// Runs `body` with a fake server and a client over `catalog`; shuts both down.
func withClient(
    _ catalog: FakeCatalog, _ body: (OpenAIClient, FakeProviderServer) async throws -> Void
) async throws {
    try await FakeProviderServer.withServer { server in
        let client = OpenAIClient(configuration: catalog.configuration(server))
        do {
            try await body(client, server)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}

/// Collects a stream's text, or the error that ended it.
func collect(_ stream: ChatCompletionStream) async -> (text: String, error: RouteError?) {
    var text = ""
    do {
        for try await chunk in stream { text += chunk.choices.first?.delta.content ?? "" }
        return (text, nil)
    } catch let error as RouteError {
        return (text, error)
    } catch {
        Issue.record("unexpected error type: \(error)")
        return (text, nil)
    }
}
