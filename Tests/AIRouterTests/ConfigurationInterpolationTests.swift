import Testing

@testable import AIRouter

struct ConfigurationInterpolationTests {
    @Test(arguments: [
        ("${A}", "a-value"),
        ("x-${A}-y", "x-a-value-y"),
        ("${UNSET:-fallback}", "fallback"),
        ("${EMPTY:-fallback}", "fallback"),
        ("${A:-fallback}", "a-value"),
        ("${UNSET:-}", ""),
        ("$$A and $${A}", "$A and ${A}"),
        ("cost $5", "cost $5"),
        ("no variables", "no variables"),
    ])
    func expands(input: String, expected: String) {
        let result = Interpolation.expand(input, environment: ["A": "a-value", "EMPTY": ""])
        #expect(result.value == expected)
        #expect(result.unset.isEmpty)
        #expect(result.syntaxError == nil)
    }

    @Test func reportsUnsetAndMalformed() {
        let unset = Interpolation.expand("${NOPE}/${A}", environment: ["A": "a"])
        #expect(unset.unset == ["NOPE"])
        #expect(unset.variables == ["NOPE", "A"])
        #expect(Interpolation.expand("${A", environment: [:]).syntaxError != nil)
        #expect(Interpolation.expand("${1A}", environment: [:]).syntaxError != nil)
        #expect(Interpolation.expand("${}", environment: [:]).syntaxError != nil)
    }

    @Test func defaultsApplyInsideTheFile() throws {
        let yaml = """
            version: 1
            defaults: {timeout: "${TIMEOUT:-45s}", max_attempts: "${ATTEMPTS:-2}"}
            providers:
              local: {type: openai, base_url: "${LOCAL_URL:-http://localhost:11434/v1}"}
            """
        let defaulted = try ConfigurationFixture.parse(yaml)
        #expect(defaulted.defaults.timeout == .seconds(45))
        #expect(defaulted.defaults.maxAttempts == 2)
        #expect(defaulted.providers["local"]?.baseURL == "http://localhost:11434/v1")
        let set = try ConfigurationFixture.parse(
            yaml, environment: ["TIMEOUT": "2m", "LOCAL_URL": "http://127.0.0.1:8000/v1"])
        #expect(set.defaults.timeout == .seconds(120))
        #expect(set.providers["local"]?.baseURL == "http://127.0.0.1:8000/v1")
    }

    @Test func unsetKeyDisablesProviderWithOneWarning() throws {
        let yaml = """
            version: 1
            providers:
              openai: {type: openai, api_key: "${OPENAI_API_KEY}"}
              groq: {type: openai, base_url: "https://api.groq.com/openai/v1", api_key: "${GROQ_API_KEY}"}
            models:
              gpt: {provider: openai, capabilities: [chat]}
              llama: {provider: groq, capabilities: [chat]}
            pools:
              text-generation: {members: [gpt, llama]}
            """
        let configuration = try ConfigurationFixture.parse(yaml, environment: ["GROQ_API_KEY": "gsk-x"])
        let openai = try #require(configuration.providers["openai"])
        #expect(openai.disabledReason?.contains("OPENAI_API_KEY") == true)
        #expect(openai.apiKey == nil)
        #expect(openai.apiKeyVariable == "OPENAI_API_KEY")
        #expect(configuration.providers["groq"]?.disabledReason == nil)
        #expect(configuration.providers["groq"]?.apiKey?.reveal() == "gsk-x")
        #expect(configuration.warnings.count == 1)
        #expect(configuration.warnings.first?.severity == .warning)
        #expect(configuration.warnings.first?.key == "providers.openai.api_key")
        #expect(configuration.warnings.first?.line == 3)
        #expect(configuration.warnings.first?.message.contains("OPENAI_API_KEY") == true)
        // Its models stay in the pool: the router skips disabled providers.
        #expect(configuration.pools["text-generation"]?.members.map(\.model) == ["gpt", "llama"])
    }

    @Test func emptyKeyVariableAlsoDisables() throws {
        let yaml = "version: 1\nproviders: {openai: {type: openai, api_key: \"${OPENAI_API_KEY}\"}}\n"
        let configuration = try ConfigurationFixture.parse(yaml, environment: ["OPENAI_API_KEY": ""])
        #expect(configuration.providers["openai"]?.disabledReason?.contains("OPENAI_API_KEY is empty") == true)
    }

    @Test func unsetVariableElsewhereIsAnErrorNamingTheVariable() {
        let yaml = """
            version: 1
            providers:
              local:
                type: openai
                base_url: "${LOCAL_URL}"
                headers: {X-Team: "${TEAM_ID}"}
            """
        let errors = ConfigurationFixture.errors(yaml)
        #expect(errors.count == 2)
        #expect(
            errors.contains {
                $0.key == "providers.local.base_url" && $0.line == 5 && $0.message.contains("'LOCAL_URL'")
            })
        #expect(errors.contains { $0.key == "providers.local.headers.X-Team" && $0.message.contains("'TEAM_ID'") })
    }

    @Test func literalKeyWorksWithAWarningThatHidesIt() throws {
        let yaml = "version: 1\nproviders: {openai: {type: openai, api_key: sk-literal-0000000000}}\n"
        let configuration = try ConfigurationFixture.parse(yaml)
        #expect(configuration.providers["openai"]?.apiKey?.reveal() == "sk-literal-0000000000")
        #expect(configuration.providers["openai"]?.apiKeyVariable == nil)
        #expect(configuration.warnings.count == 1)
        #expect(configuration.warnings.first?.message.contains("literally") == true)
        #expect(configuration.warnings.first?.description.contains("sk-literal") == false)
    }
}
