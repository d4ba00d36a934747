import Testing

@testable import AIRouter

struct ConfigurationValidationTests {
    @Test func reportsFiveMistakesAtOnceWithLinesAndKeys() {
        let yaml = """
            version: 1
            defaults:
              timeout: 5 parsecs
            providers:
              openai: {type: openai, api_key: "${OPENAI_API_KEY:-none}"}
            models:
              gpt:
                provider: opnai
                capabilities: [chat]
              embed:
                provider: openai
                capabilities: [embeddings, streming]
            pools:
              text-generation:
                stratgy: priority
                members: [gpt, embed]
            """
        let errors = ConfigurationFixture.errors(yaml)
        let found = errors.map { "\($0.line ?? 0) \($0.key)" }
        #expect(
            found == [
                "3 defaults.timeout",
                "8 models.gpt.provider",
                "12 models.embed.capabilities[1]",
                "15 pools.text-generation.stratgy",
                "16 pools.text-generation.members[1]",
            ])
        #expect(errors.count == 5)
        #expect(errors.allSatisfy { $0.file == "test.yaml" })
        #expect(errors[0].message.contains("invalid duration"))
        #expect(errors[1].message.contains("did you mean 'openai'?"))
        #expect(errors[2].message.contains("did you mean 'streaming'?"))
        #expect(errors[3].message.contains("did you mean 'strategy'?"))
        #expect(errors[4].message.contains("lacks chat"))
        let description = ConfigurationError(diagnostics: errors).description
        #expect(description.split(separator: "\n").count == 5)
        #expect(description.hasPrefix("test.yaml:3: error: defaults.timeout: invalid duration '5 parsecs'"))
    }

    @Test func didYouMeanForKeyAndModelReference() {
        let yaml = """
            version: 1
            providers:
              mock: {type: mock}
            models:
              mock-chat: {provider: mock, capabilities: [chat]}
            pools:
              text-generation:
                stratgy: priority
                members:
                  - {model: mock-caht, priority: 1}
            """
        let errors = ConfigurationFixture.errors(yaml)
        #expect(errors.count == 2)
        #expect(errors.first?.key == "pools.text-generation.stratgy")
        #expect(errors.first?.message == "unknown key 'stratgy' (did you mean 'strategy'?)")
        #expect(errors.last?.key == "pools.text-generation.members[0].model")
        #expect(errors.last?.line == 10)
        #expect(errors.last?.message.contains("did you mean 'mock-chat'?") == true)
    }

    @Test func unknownNamesGetSuggestions() {
        let yaml = """
            version: 1
            defualts: {timeout: 1s}
            providers:
              p: {type: antropic}
              m: {type: mock, fial: 503}
            models:
              a: {provider: m, capabilities: [chat], contxt_window: 10}
            pools:
              x: {operation: chatt, members: [a]}
              y: {operation: chat, strategy: round-robin, members: [a]}
            """
        let messages = ConfigurationFixture.errors(yaml).map(\.message)
        #expect(messages.contains("unknown key 'defualts' (did you mean 'defaults'?)"))
        #expect(messages.contains { $0.contains("'antropic' (did you mean 'anthropic'?)") })
        #expect(messages.contains("unknown key 'fial' (did you mean 'fail'?)"))
        #expect(messages.contains("unknown key 'contxt_window' (did you mean 'context_window'?)"))
        #expect(messages.contains { $0.contains("'chatt' (did you mean 'chat'?)") })
        #expect(messages.contains { $0.contains("'round-robin' (did you mean 'round_robin'?)") })
    }

    @Test func wrongShapesAndNumbers() {
        let yaml = """
            version: 1
            defaults:
              max_attempts: 0
              failure_threshold: -1
              cooldown: -5s
            providers: a string
            models: []
            pools:
              p:
                operation: chat
                members: []
              q:
                operation: chat
                members: [{model: nothing, weight: 0}]
            """
        let errors = ConfigurationFixture.errors(yaml)
        let keys = errors.map(\.key)
        #expect(keys.contains("defaults.max_attempts"))
        #expect(keys.contains("defaults.failure_threshold"))
        #expect(keys.contains("defaults.cooldown"))
        #expect(errors.contains { $0.key == "providers" && $0.message == "expected a mapping, found a scalar" })
        #expect(errors.contains { $0.key == "models" && $0.message == "expected a mapping, found a list" })
        #expect(errors.contains { $0.key == "pools.p.members" && $0.message == "the pool has no members" })
        #expect(errors.contains { $0.key == "pools.q.members[0].weight" })
        #expect(errors.contains { $0.key == "pools.q.members[0].model" })
    }

    @Test func versionMustBeOne() {
        #expect(ConfigurationFixture.errors("version: 2").first?.message.contains("unsupported version 2") == true)
        #expect(ConfigurationFixture.errors("pools: {}").first?.key == "version")
        #expect(ConfigurationFixture.errors("").first?.message.contains("empty") == true)
        #expect(ConfigurationFixture.errors("- a list").isEmpty == false)
    }

    @Test func baseURLMustBeHTTP() {
        let yaml = """
            version: 1
            providers:
              a: {type: openai, base_url: "ftp://example.com"}
              b: {type: openai, base_url: "not a url"}
              c: {type: openai, base_url: "http://example.com/v1", api_key: "${K}"}
              d: {type: openai, base_url: "http://example.com/v1", api_key: "${K}", allow_insecure_http: true}
              e: {type: azure, api_key: "${K}"}
            """
        let errors = ConfigurationFixture.errors(yaml, environment: ["K": "key"])
        #expect(
            errors.map(\.key) == [
                "providers.a.base_url", "providers.b.base_url", "providers.c.base_url", "providers.e",
            ])
    }

    @Test func requirePoolsDeriveMembersInDeclarationOrder() throws {
        let yaml = """
            version: 1
            providers: {m: {type: mock}}
            models:
              plain: {provider: m, capabilities: [chat]}
              seeing-b: {provider: m, capabilities: [chat, vision]}
              seeing-a: {provider: m, capabilities: [chat, vision, tools]}
              painter: {provider: m, capabilities: [image_generation, vision]}
            pools:
              vision: {operation: chat, require: [vision]}
              nothing: {operation: chat, require: [speech]}
            """
        let configuration = try ConfigurationFixture.parse(yaml)
        #expect(
            configuration.pools["vision"]?.members == [
                PoolMember(model: "seeing-b", priority: 1), PoolMember(model: "seeing-a", priority: 2),
            ])
        #expect(configuration.pools["nothing"]?.members.isEmpty == true)
        #expect(configuration.warnings.count == 1)
        #expect(configuration.warnings.first?.key == "pools.nothing")
    }

    @Test func explicitMembersMustSatisfyRequire() {
        let yaml = """
            version: 1
            providers: {m: {type: mock}}
            models:
              plain: {provider: m, capabilities: [chat]}
              seeing: {provider: m, capabilities: [chat, vision]}
            pools:
              vision: {operation: chat, require: [vision], members: [seeing, plain, seeing]}
            """
        let errors = ConfigurationFixture.errors(yaml)
        #expect(errors.map(\.key) == ["pools.vision.members[1]", "pools.vision.members[2]"])
        #expect(errors[0].message.contains("lacks vision"))
        #expect(errors[1].message.contains("listed twice"))
    }

    @Test func embeddingsPoolCannotMixSpaces() {
        let yaml = """
            version: 1
            providers: {m: {type: mock}}
            models:
              a: {provider: m, capabilities: [embeddings], dimensions: 8, embedding_space: one}
              b: {provider: m, capabilities: [embeddings], dimensions: [8, 4], embedding_space: two}
            pools:
              embeddings: {members: [a, b]}
            """
        let errors = ConfigurationFixture.errors(yaml)
        #expect(errors.count == 1)
        #expect(errors.first?.key == "pools.embeddings")
        #expect(errors.first?.line == 7)
        #expect(errors.first?.message.contains("mixes embedding spaces") == true)
    }

    @Test func poolSettingsStartFromDefaults() throws {
        let yaml = """
            version: 1
            defaults: {timeout: 10s, max_attempts: 2}
            providers: {m: {type: mock}}
            models:
              a: {provider: m, capabilities: [chat]}
            pools:
              fast: {operation: chat, members: [a], timeout: 1.5s, failover_on_content_filter: true, strategy: cost}
              plain: {operation: chat, members: [a]}
            """
        let configuration = try ConfigurationFixture.parse(yaml)
        let fast = try #require(configuration.pools["fast"])
        #expect(fast.settings.timeout == .milliseconds(1500))
        #expect(fast.settings.maxAttempts == 2)
        #expect(fast.failoverOnContentFilter)
        #expect(fast.strategy == .cost)
        #expect(configuration.pools["plain"]?.settings == configuration.defaults)
        #expect(configuration.defaults.timeout == .seconds(10))
    }

    @Test func modelFieldsParse() throws {
        let yaml = """
            version: 1
            providers:
              m: {type: mock, fail: timeout}
              r: {type: mock, fail: refused}
              az: {type: azure, base_url: "https://x.openai.azure.com", api_key: "${K:-k}"}
            models:
              voice: {provider: m, capabilities: [speech], voices: {narrator: onyx, friendly: nova}}
              ear: {provider: r, capabilities: [transcription], max_file_size: 10MiB}
              painter: {provider: m, capabilities: [image_generation], sizes: [512x512]}
              dep: {provider: az, capabilities: [chat], deployment: prod-gpt}
              vectors: {provider: m, capabilities: [embeddings], max_batch_inputs: 250}
            """
        let configuration = try ConfigurationFixture.parse(yaml)
        #expect(configuration.providers["m"]?.mockFailure == .timeout)
        #expect(configuration.providers["r"]?.mockFailure == .refused)
        #expect(configuration.providers["az"]?.apiVersion == "2024-10-21")
        #expect(configuration.models["voice"]?.voices == ["narrator": "onyx", "friendly": "nova"])
        #expect(configuration.models["voice"]?.voiceOrder == ["narrator", "friendly"])
        #expect(configuration.models["ear"]?.maxFileBytes == 10_485_760)
        #expect(configuration.models["painter"]?.sizes == ["512x512"])
        #expect(configuration.models["dep"]?.deployment == "prod-gpt")
        #expect(configuration.models["vectors"]?.maxBatchInputs == 250)
        #expect(configuration.models["dep"]?.maxBatchInputs == nil)

        let bad = """
            version: 1
            providers: {m: {type: mock, fail: 42}, o: {type: openai, fail: 503}}
            models:
              p: {provider: m, capabilities: [image_generation], sizes: [big], max_file_size: lots, cost: {output: 1}, max_batch_inputs: 0}
            """
        let keys = ConfigurationFixture.errors(bad).map(\.key)
        #expect(
            keys == [
                "providers.m.fail", "providers.o.fail", "models.p.sizes[0]", "models.p.cost", "models.p.max_file_size",
                "models.p.max_batch_inputs",
            ])
    }

    @Test func editDistance() {
        #expect(EditDistance.distance("stratgy", "strategy") == 1)
        #expect(EditDistance.distance("", "abc") == 3)
        #expect(EditDistance.suggestion(for: "stratgy", among: ["members", "strategy"]) == "strategy")
        #expect(EditDistance.suggestion(for: "zzz", among: ["members", "strategy"]) == nil)
    }
}
