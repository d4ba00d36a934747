import Testing

@testable import AIRouter

struct ConfigurationSecretTests {
    static let canary = "sk-canary-1234567890"

    /// Files that put the canary where it will be reported on, in many ways.
    static let files: [String] = [
        // Literal key in a file full of other mistakes.
        """
        version: 1
        providers:
          openai: {type: openai, api_key: sk-canary-1234567890, bogus: 1}
          other: {type: opnai}
        models:
          m: {provider: openai, capabilities: [chat, nope]}
        pools:
          text-generation: {members: [m, missing], stratgy: x}
        """,
        // The key misplaced into values that are validated and quoted.
        """
        version: 1
        defaults: {timeout: sk-canary-1234567890, max_attempts: sk-canary-1234567890}
        providers:
          p: {type: sk-canary-1234567890, base_url: sk-canary-1234567890}
          q: {type: mock, fail: sk-canary-1234567890}
        models:
          m: {provider: sk-canary-1234567890, capabilities: [sk-canary-1234567890], sizes: [sk-canary-1234567890]}
        pools:
          x: {operation: sk-canary-1234567890, strategy: sk-canary-1234567890, members: [sk-canary-1234567890]}
        """,
        // The key as an unknown key name and as a header value.
        """
        version: 1
        sk-canary-1234567890: 1
        providers:
          p: {type: openai, headers: {Authorization: "Bearer sk-canary-1234567890", "bad name": x}, base_url: "http://example.com"}
        """,
        // A YAML syntax error on the line that holds the key.
        """
        version: 1
        providers:
          openai: {type: openai, api_key: sk-canary-1234567890 ]
        """,
        """
        version: 1
        providers:
          openai:
            api_key: "sk-canary-1234567890
        """,
        // The key through the environment, into a field that is not a key.
        """
        version: 1
        defaults: {timeout: "${OPENAI_API_KEY}"}
        providers:
          openai: {type: openai, api_key: "${OPENAI_API_KEY}", base_url: "http://example.com/v1"}
        """,
    ]

    @Test(arguments: files)
    func canaryNeverAppearsInDiagnostics(yaml: String) {
        let environment = ["OPENAI_API_KEY": Self.canary]
        let diagnostics = ConfigurationFixture.diagnostics(yaml, environment: environment)
        #expect(!diagnostics.isEmpty)
        let error = ConfigurationError(diagnostics: diagnostics)
        #expect(!error.description.contains("canary"), "\(error.description)")
        #expect(!String(describing: error).contains("canary"))
        #expect(!String(reflecting: error).contains("canary"))
        for diagnostic in diagnostics {
            #expect(!diagnostic.message.contains("canary"))
            #expect(!diagnostic.key.contains("canary"))
        }
    }

    @Test func canaryKeyIsUsableButNeverDescribed() throws {
        let yaml = "version: 1\nproviders: {openai: {type: openai, api_key: \"${OPENAI_API_KEY}\"}}\n"
        let configuration = try ConfigurationFixture.parse(yaml, environment: ["OPENAI_API_KEY": Self.canary])
        #expect(configuration.providers["openai"]?.apiKey?.reveal() == Self.canary)
        #expect(!String(describing: configuration).contains("canary"))
        #expect(!String(reflecting: configuration).contains("canary"))
        #expect(configuration.warnings.isEmpty)

        let builtIn = Configuration.builtIn(environment: ["OPENAI_API_KEY": Self.canary])
        #expect(!String(describing: builtIn).contains("canary"))
    }
}
