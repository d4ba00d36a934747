import Testing

@testable import AIRouter

struct ConfigurationBuiltInTests {
    @Test func noKeysMeansNoProvidersAndNoPools() {
        let configuration = Configuration.builtIn(environment: ["HOME": "/tmp", "OPENAI_API_KEY": ""])
        #expect(configuration.source == "<built-in>")
        #expect(configuration.providers.isEmpty)
        #expect(configuration.models.isEmpty)
        #expect(configuration.pools.isEmpty)
        #expect(configuration.warnings.count == 1)
    }

    @Test func onlyOpenAIGivesEveryStandardPoolWithOpenAIMembers() throws {
        let configuration = Configuration.builtIn(environment: ["OPENAI_API_KEY": "sk-test"])
        #expect(configuration.warnings.isEmpty)
        #expect(configuration.providers.keys.sorted() == ["openai"])
        let openai = try #require(configuration.providers["openai"])
        #expect(openai.apiKeyVariable == "OPENAI_API_KEY")
        #expect(openai.apiKey?.reveal() == "sk-test")
        #expect(openai.effectiveBaseURL == "https://api.openai.com/v1")
        #expect(configuration.poolOrder == Configuration.standardPoolNames)
        for name in configuration.poolOrder {
            let pool = try #require(configuration.pools[name])
            #expect(!pool.members.isEmpty)
            for (index, member) in pool.members.enumerated() {
                let model = try #require(configuration.models[member.model])
                #expect(model.provider == "openai")
                #expect(model.capabilities.contains(pool.operation.capability))
                #expect(member.priority == index + 1)
            }
        }
        #expect(configuration.pools["text-generation"]?.members.first?.model == "gpt-4o-mini")
        #expect(configuration.models["text-embedding-3-small"]?.dimensions.first == 1536)
        #expect(configuration.models["tts-1"]?.voices["alloy"] == "alloy")
    }

    @Test func theOfficialSDKsBaseURLVariablesAreHonoured() throws {
        // The first user's case: a local server, no configuration file.
        let local = Configuration.builtIn(
            environment: ["OPENAI_BASE_URL": "http://127.0.0.1:8911/v1", "OPENAI_API_KEY": "x"])
        #expect(local.providers["openai"]?.effectiveBaseURL == "http://127.0.0.1:8911/v1")
        #expect(local.providers["openai"]?.disabledReason == nil)
        // A local server needs no key: the base URL alone enables the provider.
        let keyless = Configuration.builtIn(environment: ["OPENAI_BASE_URL": "http://localhost:11434/v1"])
        #expect(keyless.providers["openai"]?.apiKey == nil)
        #expect(keyless.pools["text-generation"] != nil)
        let anthropic = Configuration.builtIn(
            environment: ["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "https://proxy.example.com"])
        #expect(anthropic.providers["anthropic"]?.effectiveBaseURL == "https://proxy.example.com")
        // A key never goes over plain http to another host.
        let insecure = Configuration.builtIn(
            environment: ["OPENAI_BASE_URL": "http://10.1.2.3/v1", "OPENAI_API_KEY": "sk-real"])
        #expect(insecure.providers["openai"]?.disabledReason?.contains("OPENAI_BASE_URL uses plain http") == true)
    }

    @Test func azureIsFoundTheWayTheAzureOpenAIClientFindsIt() throws {
        let environment = [
            "AZURE_OPENAI_API_KEY": "az", "AZURE_OPENAI_ENDPOINT": "https://res.openai.azure.com",
            "OPENAI_API_VERSION": "2025-01-01-preview",
        ]
        let configuration = Configuration.builtIn(environment: environment)
        let azure = try #require(configuration.providers["azure"])
        #expect(azure.type == .azure && azure.apiVersion == "2025-01-01-preview")
        #expect(azure.effectiveBaseURL == "https://res.openai.azure.com")
        #expect(configuration.models["azure-gpt-4o-mini"]?.upstreamName == "gpt-4o-mini")
        #expect(configuration.pools["text-generation"]?.members.map(\.model) == ["azure-gpt-4o-mini"])
        // Without the endpoint there is nothing to call.
        #expect(Configuration.builtIn(environment: ["AZURE_OPENAI_API_KEY": "az"]).providers.isEmpty)
    }

    @Test func googleKeyAloneCountsAsGemini() throws {
        let configuration = Configuration.builtIn(environment: ["GOOGLE_API_KEY": "g-key"])
        let gemini = try #require(configuration.providers["gemini"])
        #expect(gemini.type == .gemini)
        #expect(gemini.apiKeyVariable == "GOOGLE_API_KEY")
        #expect(configuration.poolOrder == ["text-generation", "embeddings"])
        let both = Configuration.builtIn(environment: ["GOOGLE_API_KEY": "g", "GEMINI_API_KEY": "m"])
        #expect(both.providers["gemini"]?.apiKeyVariable == "GEMINI_API_KEY")
        #expect(both.providers["gemini"]?.apiKey?.reveal() == "m")
    }

    @Test func openAICompatibleProvidersUseTheirBaseURLs() {
        let configuration = Configuration.builtIn(environment: [
            "GROQ_API_KEY": "g", "MISTRAL_API_KEY": "m", "OPENROUTER_API_KEY": "o",
        ])
        #expect(configuration.providers["groq"]?.effectiveBaseURL == "https://api.groq.com/openai/v1")
        #expect(configuration.providers["mistral"]?.effectiveBaseURL == "https://api.mistral.ai/v1")
        #expect(configuration.providers["openrouter"]?.effectiveBaseURL == "https://openrouter.ai/api/v1")
        #expect(configuration.providers.values.allSatisfy { $0.type == .openai })
        #expect(
            configuration.pools["text-generation"]?.members.map(\.model) == [
                "groq-llama-3.3-70b", "mistral-small", "openrouter-gpt-4o-mini",
            ])
        #expect(configuration.pools["speech-to-text"]?.members.map(\.model) == ["groq-whisper-large-v3-turbo"])
        #expect(configuration.pools["embeddings"]?.members.map(\.model) == ["mistral-embed"])
    }

    @Test func everyKeyGivesOrderedPoolsOfOneEmbeddingSpace() throws {
        let environment = [
            "OPENAI_API_KEY": "1", "ANTHROPIC_API_KEY": "2", "GEMINI_API_KEY": "3", "GROQ_API_KEY": "4",
            "MISTRAL_API_KEY": "5", "OPENROUTER_API_KEY": "6",
        ]
        let configuration = Configuration.builtIn(environment: environment)
        #expect(configuration.providers.count == 6)
        #expect(
            configuration.pools["text-generation"]?.members.map(\.model) == [
                "gpt-4o-mini", "claude-3-5-haiku", "gemini-2.0-flash", "groq-llama-3.3-70b", "mistral-small",
                "openrouter-gpt-4o-mini",
            ])
        let embeddings = try #require(configuration.pools["embeddings"])
        let spaces = Set(embeddings.members.compactMap { configuration.models[$0.model]?.embeddingSpace })
        #expect(spaces == ["openai-text-embedding-3-small"])
        #expect(
            configuration.pools["speech-to-text"]?.members.map(\.model) == ["whisper-1", "groq-whisper-large-v3-turbo"])
        // Every model id is unique and every member exists.
        #expect(configuration.modelOrder.count == Set(configuration.modelOrder).count)
        for pool in configuration.pools.values {
            #expect(pool.members.allSatisfy { configuration.models[$0.model] != nil })
        }
    }
}
