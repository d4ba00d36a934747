import AIRoute
import AIRouteServer
import AIRouteTesting

/// The gateway the official-SDK programs call: `airoute serve` in process, on `127.0.0.1:0`, over
/// a ``FakeProviderServer``, with the pools, members and client keys `Clients/sdk_suite.py`
/// describes in its header.
enum SDKGateway {
    /// The client key allowed every pool.
    static let key = "sk-airoute-sdk-suite-client"
    /// The client key allowed only the `embeddings` pool.
    static let limitedKey = "sk-airoute-sdk-suite-limited"
    /// The provider key the gateway sends to the fake; no answer to a client may contain it.
    static let upstreamKey = "sk-upstream-secret-4f1d9a"

    /// The environment the configuration is read with.
    static let configurationEnvironment = [
        "SDK_CLIENT_KEY": key, "SDK_LIMITED_KEY": limitedKey, "SDK_UPSTREAM_KEY": upstreamKey,
    ]

    /// What the client programs need to know: the keys, by the names they read.
    static let programEnvironment = [
        "AIROUTE_SDK_KEY": key, "AIROUTE_SDK_LIMITED_KEY": limitedKey, "AIROUTE_SDK_UPSTREAM_KEY": upstreamKey,
    ]

    /// The configuration: one fake provider, six models, five pools, two client keys.
    /// `defaults` are extra lines of the `defaults:` section (two-space indented).
    static func yaml(fake: FakeProviderServer, defaults: [String]) -> String {
        """
        version: 1
        defaults:
          timeout: 30s
          first_token_timeout: 15s   # generous: the whole suite runs at once on two cores
        \(defaults.map { "  " + $0 }.joined(separator: "\n"))
        providers:
          fake:
            type: openai
            base_url: \(fake.openAIBaseURL)
            api_key: ${SDK_UPSTREAM_KEY}
        models:
          chat-a: {provider: fake, capabilities: [chat, streaming, tools]}
          chat-b: {provider: fake, capabilities: [chat, streaming, tools]}
          embed-a: {provider: fake, capabilities: [embeddings], dimensions: 8, embedding_space: fake-8}
          tts-a: {provider: fake, capabilities: [speech]}
          stt-a: {provider: fake, capabilities: [transcription]}
          image-a: {provider: fake, capabilities: [image_generation]}
        pools:
          text-generation: {operation: chat, members: [chat-a, chat-b]}
          embeddings: {operation: embeddings, members: [embed-a]}
          text-to-speech: {operation: speech, members: [tts-a]}
          speech-to-text: {operation: transcription, members: [stt-a]}
          text-to-image: {operation: image_generation, members: [image-a]}
        server:
          keys:
            - {key: "${SDK_CLIENT_KEY}", name: sdk}
            - {key: "${SDK_LIMITED_KEY}", name: limited, pools: [embeddings]}

        """
    }

    /// Starts the fake (scripted by `script`) and the gateway over it, runs `body` with the fake
    /// and the gateway's origin (`http://127.0.0.1:PORT`), then stops both, also when `body` throws.
    /// Health is kept in memory (``GatewayHarness``): no health file is read or written.
    static func withGateway<T>(
        defaults: [String] = [],
        script: (FakeProviderServer) -> Void,
        _ body: (FakeProviderServer, String) async throws -> T
    ) async throws -> T {
        try await GatewaySlots.with { try await run(defaults: defaults, script: script, body) }
    }

    private static func run<T>(
        defaults: [String], script: (FakeProviderServer) -> Void, _ body: (FakeProviderServer, String) async throws -> T
    ) async throws -> T {
        let harness = try await GatewayHarness.start(environment: configurationEnvironment) { fake in
            script(fake)
            return yaml(fake: fake, defaults: defaults)
        }
        do {
            let result = try await body(harness.fake, harness.baseURL)
            try await harness.stop()
            return result
        } catch {
            try? await harness.stop()
            throw error
        }
    }
}
