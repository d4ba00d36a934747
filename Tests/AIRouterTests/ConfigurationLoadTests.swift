import Foundation
import Testing

@testable import AIRouter

/// Shared helpers for the configuration suites.
enum ConfigurationFixture {
    /// Parses `yaml` as `test.yaml`.
    static func parse(_ yaml: String, environment: [String: String] = [:]) throws(ConfigurationError) -> Configuration {
        try Configuration.parse(yaml: yaml, file: "test.yaml", environment: environment)
    }

    /// The diagnostics of a file that must fail to load.
    static func diagnostics(_ yaml: String, environment: [String: String] = [:]) -> [ConfigurationDiagnostic] {
        do {
            _ = try parse(yaml, environment: environment)
            Issue.record("expected the configuration to be rejected")
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// The errors only.
    static func errors(_ yaml: String, environment: [String: String] = [:]) -> [ConfigurationDiagnostic] {
        diagnostics(yaml, environment: environment).filter { $0.severity == .error }
    }
}

struct ConfigurationLoadTests {
    /// The annotated example configuration the project started from, verbatim: it must still load.
    static let designExample = """
        version: 1
        defaults:                      # router-wide; every key optional; pools may override
          timeout: 60s                 # one deadline for the whole call, across all attempts
          connect_timeout: 5s
          first_token_timeout: 20s     # streaming: headers+first content must arrive by then
          idle_timeout: 30s            # streaming: max silence between chunks
          max_attempts: 4              # upstream HTTP requests per call, all members together
          failure_threshold: 3         # consecutive failures that open a member's circuit
          cooldown: 30s                # first ejection; doubles per repeat, capped by max_cooldown
          max_cooldown: 5m
        providers:
          openai:
            type: openai               # openai (any OpenAI-compatible server) | azure | anthropic | gemini | mock
            base_url: https://api.openai.com/v1
            api_key: ${OPENAI_API_KEY} # ${VAR} and ${VAR:-default}; a literal key works but is warned about
            headers: {OpenAI-Organization: org-123}
          anthropic: {type: anthropic, api_key: "${ANTHROPIC_API_KEY}"}
          local:     {type: openai, base_url: "http://localhost:11434/v1"}   # Ollama, vLLM, llama.cpp…
        models:
          gpt-4o-mini:
            provider: openai
            name: gpt-4o-mini          # upstream id; defaults to the key
            capabilities: [chat, streaming, tools, vision, json_output]
            context_window: 128000
            max_output_tokens: 16384
            cost: {input: 0.15, output: 0.60}      # USD per 1M tokens
          claude-haiku:
            provider: anthropic
            name: claude-3-5-haiku-latest
            capabilities: [chat, streaming, tools, vision]
            context_window: 200000
          te3-small:
            provider: openai
            name: text-embedding-3-small
            capabilities: [embeddings]
            dimensions: 1536
            embedding_space: openai-te3-small      # vectors are only comparable within one space
          tts-1:
            provider: openai
            capabilities: [speech]
            voices: [alloy, echo, fable, onyx, nova, shimmer]   # or a map: requested voice -> provider voice
            formats: [mp3, opus, aac, flac, wav, pcm]
        pools:
          text-generation:
            operation: chat            # chat | embeddings | speech | transcription | image_generation
            strategy: priority         # priority | round_robin | weighted | latency | cost
            members:
              - gpt-4o-mini
              - {model: claude-haiku, priority: 2, weight: 1}
          vision-chat:
            operation: chat
            require: [vision]          # capability-driven membership: every model that has these
          embeddings: {operation: embeddings, members: [te3-small]}
        """

    @Test func designExampleLoadsWithExpectedValues() throws {
        let environment = ["OPENAI_API_KEY": "sk-test-openai", "ANTHROPIC_API_KEY": "sk-ant-test"]
        let configuration = try Configuration.parse(
            yaml: Self.designExample, file: "design.yaml", environment: environment)
        #expect(configuration.source == "design.yaml")
        #expect(configuration.warnings.isEmpty)
        #expect(configuration.defaults == RoutingSettings())

        #expect(configuration.providers.keys.sorted() == ["anthropic", "local", "openai"])
        let openai = try #require(configuration.providers["openai"])
        #expect(openai.type == .openai)
        #expect(openai.effectiveBaseURL == "https://api.openai.com/v1")
        #expect(openai.apiKey?.reveal() == "sk-test-openai")
        #expect(openai.apiKeyVariable == "OPENAI_API_KEY")
        #expect(openai.headers.map(\.name) == ["OpenAI-Organization"])
        #expect(openai.headers.map(\.value) == ["org-123"])
        #expect(openai.disabledReason == nil)
        let anthropic = try #require(configuration.providers["anthropic"])
        #expect(anthropic.type == .anthropic)
        #expect(anthropic.apiKeyVariable == "ANTHROPIC_API_KEY")
        #expect(anthropic.effectiveBaseURL == "https://api.anthropic.com")
        let local = try #require(configuration.providers["local"])
        #expect(local.apiKey == nil)
        #expect(local.effectiveBaseURL == "http://localhost:11434/v1")

        #expect(configuration.modelOrder == ["gpt-4o-mini", "claude-haiku", "te3-small", "tts-1"])
        let mini = try #require(configuration.models["gpt-4o-mini"])
        #expect(mini.capabilities == [.chat, .streaming, .tools, .vision, .jsonOutput])
        #expect(mini.contextWindow == 128_000)
        #expect(mini.maxOutputTokens == 16_384)
        #expect(mini.cost == ModelCost(input: 0.15, output: 0.60))
        #expect(configuration.models["claude-haiku"]?.upstreamName == "claude-3-5-haiku-latest")
        let embed = try #require(configuration.models["te3-small"])
        #expect(embed.dimensions == [1536])
        #expect(embed.embeddingSpace == "openai-te3-small")
        #expect(embed.upstreamName == "text-embedding-3-small")
        let tts = try #require(configuration.models["tts-1"])
        #expect(tts.upstreamName == "tts-1")
        #expect(tts.voiceOrder == ["alloy", "echo", "fable", "onyx", "nova", "shimmer"])
        #expect(tts.voices["nova"] == "nova")
        #expect(tts.formats == ["mp3", "opus", "aac", "flac", "wav", "pcm"])

        #expect(configuration.poolOrder == ["text-generation", "vision-chat", "embeddings"])
        let text = try #require(configuration.pools["text-generation"])
        #expect(text.operation == .chat)
        #expect(text.strategy == .priority)
        #expect(
            text.members == [
                PoolMember(model: "gpt-4o-mini", priority: 1), PoolMember(model: "claude-haiku", priority: 2),
            ])
        let vision = try #require(configuration.pools["vision-chat"])
        #expect(vision.require == .vision)
        #expect(vision.members.map(\.model) == ["gpt-4o-mini", "claude-haiku"])
        #expect(vision.members.map(\.priority) == [1, 2])
        #expect(configuration.pools["embeddings"]?.members.map(\.model) == ["te3-small"])
        #expect(configuration.pools["embeddings"]?.operation == .embeddings)
    }
}
