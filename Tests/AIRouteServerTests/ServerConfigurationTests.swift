import AIRoute
import AIRouteServer
import Testing

/// The `server:` section (docs/server.md, "Configuration"), the listen-address rules and the
/// gateway's refusal to listen publicly without keys.
struct ServerConfigurationTests {
    /// Providers, models and pools; `server` is the `server:` section's lines (unindented).
    static func yaml(server: [String]?) -> String {
        var yaml = """
            version: 1
            providers:
              local: {type: openai, base_url: "http://127.0.0.1:9/v1"}
            models:
              m1: {provider: local, capabilities: [chat]}
              m2: {provider: local, capabilities: [chat]}
            pools:
              text-generation: {operation: chat, members: [m1, m2]}
              other: {operation: chat, members: [m2]}

            """
        if let server { yaml += "server:\n" + server.map { "  " + $0 + "\n" }.joined() }
        return yaml
    }

    static func parse(_ server: [String]?, environment: [String: String] = [:]) throws -> Configuration {
        try Configuration.parse(yaml: yaml(server: server), file: "test.yaml", environment: environment)
    }

    /// The errors a `server:` section is rejected with.
    static func errors(_ server: [String], environment: [String: String] = [:]) -> [ConfigurationDiagnostic] {
        do {
            _ = try parse(server, environment: environment)
            Issue.record("expected \(server) to be rejected")
            return []
        } catch let error as ConfigurationError {
            return error.errors
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    @Test func withoutASectionEverySettingHasItsDocumentedDefault() throws {
        for settings in [try Self.parse(nil).server, try Self.parse([]).server, ServerSettings()] {
            #expect(settings.listen == "127.0.0.1:4000")
            #expect(settings.keys.isEmpty)
            #expect(settings.allowPublicWithoutKeys == false)
            #expect(settings.maxBodySize == 25 * 1_048_576)
            #expect(settings.maxConcurrentRequests == 256)
            #expect(settings.headerTimeout == .seconds(10))
            #expect(settings.idleTimeout == .seconds(60))
            #expect(settings.shutdownGrace == .seconds(30))
            #expect(settings.healthFile == nil)
            #expect(settings.readyPools == nil)
            #expect(settings.accessLog == true)
        }
    }

    @Test func everyKeyIsRead() throws {
        let configuration = try Self.parse(
            [
                "listen: \"[::1]:8080\"",
                "keys:",
                #"  - {key: "${CI_KEY}", name: ci, pools: [text-generation, m1]}"#,
                #"  - key: "${OTHER_KEY}""#,
                "allow_public_without_keys: true",
                "max_body_size: 2MiB",
                "max_concurrent_requests: 8",
                "header_timeout: 1500ms",
                "idle_timeout: 2m",
                "shutdown_grace: 0s",
                "health_file: /tmp/airoute-health.json",
                "ready_pools: [other]",
                "access_log: false",
            ], environment: ["CI_KEY": "sk-ci-key-0123456789", "OTHER_KEY": "sk-other-key-0123456789"])
        let settings = configuration.server
        #expect(settings.listen == "[::1]:8080")
        #expect(settings.keys.map(\.name) == ["ci", "key-2"])
        #expect(settings.keys.map { $0.key.reveal() } == ["sk-ci-key-0123456789", "sk-other-key-0123456789"])
        #expect(settings.keys[0].pools == ["text-generation", "m1"])
        #expect(settings.keys[1].pools == nil)
        #expect(settings.allowPublicWithoutKeys)
        #expect(settings.maxBodySize == 2 * 1_048_576)
        #expect(settings.maxConcurrentRequests == 8)
        #expect(settings.headerTimeout == .milliseconds(1500))
        #expect(settings.idleTimeout == .seconds(120))
        #expect(settings.shutdownGrace == .zero)
        #expect(settings.healthFile == "/tmp/airoute-health.json")
        #expect(settings.readyPools == ["other"])
        #expect(settings.accessLog == false)
        #expect(!configuration.warnings.contains { $0.key.hasPrefix("server") }, "\(configuration.warnings)")
    }

    /// A mistake in the section, the key it is reported at, and words the message must hold.
    struct Mistake: Sendable, CustomTestStringConvertible {
        var lines: [String]
        var environment: [String: String] = [:]
        var key: String
        var says: String
        var testDescription: String { lines.joined(separator: " / ") }
    }

    static let mistakes: [Mistake] = [
        Mistake(lines: ["listen: localhost"], key: "server.listen", says: "HOST:PORT"),
        Mistake(lines: ["listen: \":4000\""], key: "server.listen", says: "no host"),
        Mistake(lines: ["listen: 127.0.0.1:70000"], key: "server.listen", says: "port"),
        Mistake(lines: ["listen: \"[::1:4000\""], key: "server.listen", says: "IPv6"),
        Mistake(
            lines: ["keys:", "  - key: ${UNSET_GATEWAY_KEY}"], key: "server.keys[0].key",
            says: "UNSET_GATEWAY_KEY is not set"),
        Mistake(lines: ["keys:", "  - key: \"\""], key: "server.keys[0].key", says: "empty"),
        Mistake(
            lines: ["keys:", "  - key: ${EMPTY_GATEWAY_KEY}"], environment: ["EMPTY_GATEWAY_KEY": ""],
            key: "server.keys[0].key", says: "empty"),
        Mistake(lines: ["keys:", "  - {name: ci}"], key: "server.keys[0]", says: "needs 'key:'"),
        Mistake(
            lines: ["keys:", "  - {key: \"${K1}\", pools: [text-generaton]}"],
            environment: ["K1": "sk-0123456789abcdef"],
            key: "server.keys[0].pools", says: "no pool or model named"),
        Mistake(lines: ["ready_pools: [nowhere]"], key: "server.ready_pools", says: "no pool or model named"),
        Mistake(
            lines: ["keys:", "  - {key: \"${K1}\", name: ci}", "  - {key: \"${K2}\", name: ci}"],
            environment: ["K1": "sk-0123456789abcdef", "K2": "sk-fedcba9876543210"], key: "server.keys[1]",
            says: "two client keys are named 'ci'"),
        Mistake(
            lines: ["keys:", "  - {key: \"${K1}\", name: a}", "  - {key: \"${K2}\", name: b}"],
            environment: ["K1": "sk-0123456789abcdef", "K2": "sk-0123456789abcdef"], key: "server.keys[1].key",
            says: "listed twice"),
        Mistake(lines: ["max_body_size: lots"], key: "server.max_body_size", says: "size"),
        Mistake(lines: ["max_concurrent_requests: 0"], key: "server.max_concurrent_requests", says: "1"),
        Mistake(lines: ["header_timeout: 0s"], key: "server.header_timeout", says: ""),
        Mistake(lines: ["lisen: 127.0.0.1:1"], key: "server.lisen", says: "unknown key"),
    ]

    @Test(arguments: mistakes)
    func aMistakeIsAnErrorAtItsKey(mistake: Mistake) {
        let errors = Self.errors(mistake.lines, environment: mistake.environment)
        #expect(errors.contains { $0.key.hasPrefix(mistake.key) && $0.message.contains(mistake.says) }, "\(errors)")
        for error in errors {
            for secret in mistake.environment.values where !secret.isEmpty {
                #expect(!error.message.contains(secret))
            }
        }
    }

    @Test func aLiteralOrShortKeyLoadsWithAWarningThatNeverQuotesIt() throws {
        let literal = "sk-literal-client-key-5e8f"
        let configuration = try Self.parse(
            ["keys:", "  - key: \(literal)", "  - {key: \"${SHORT}\", name: short}"], environment: ["SHORT": "sk-short"]
        )
        #expect(configuration.server.keys.count == 2)
        let warnings = configuration.warnings.filter { $0.key.hasPrefix("server.keys") }
        #expect(warnings.contains { $0.message.contains("literally") }, "\(warnings)")
        #expect(warnings.contains { $0.message.contains("shorter than 16") }, "\(warnings)")
        for warning in configuration.warnings {
            #expect(!warning.description.contains(literal) && !warning.description.contains("sk-short"))
        }
    }

    // MARK: The gateway's address rule

    static func gateway(_ server: [String], listen: String? = nil) throws -> Gateway {
        let configuration = try parse(server, environment: ["CI_KEY": "sk-ci-key-0123456789"])
        return try Gateway(
            configuration: configuration, listen: listen, environment: [:], health: InMemoryHealthStore())
    }

    @Test(arguments: ["0.0.0.0:0", "[::]:0", "192.0.2.10:4000", "example.com:4000"])
    func aPublicAddressWithoutKeysIsRefused(listen: String) throws {
        #expect(throws: GatewayConfigurationError.self) { try Self.gateway([], listen: listen) }
        #expect(throws: GatewayConfigurationError.self) { try Self.gateway(["listen: \"\(listen)\""]) }
        do {
            _ = try Self.gateway([], listen: listen)
        } catch let error as GatewayConfigurationError {
            #expect(error.message.contains("allow_public_without_keys"))
            #expect(!error.message.contains("\n"))
        }
    }

    @Test func aPublicAddressIsAllowedWithKeysOrTheOverride() throws {
        let withKeys = try Self.gateway(["keys:", "  - key: ${CI_KEY}"], listen: "0.0.0.0:0")
        #expect(withKeys.address == ListenAddress(host: "0.0.0.0", port: 0))
        let overridden = try Self.gateway(["allow_public_without_keys: true"], listen: "[::]:0")
        #expect(overridden.address.host == "::")
        for loopback in ["127.0.0.1:0", "[::1]:0", "localhost:0", "127.8.9.10:0"] {
            #expect(try Self.gateway([], listen: loopback).address.isLoopback)
        }
    }

    @Test func anUnparsableOverrideIsAConfigurationError() {
        #expect(throws: GatewayConfigurationError.self) { try Self.gateway([], listen: "nonsense") }
    }
}

/// ``ListenAddress``: `HOST:PORT` with IPv6 in brackets, and what counts as loopback.
struct ListenAddressTests {
    @Test(arguments: [
        ("127.0.0.1:4000", "127.0.0.1", 4000), ("[::1]:4000", "::1", 4000), ("localhost:0", "localhost", 0),
        (" 0.0.0.0:8080 ", "0.0.0.0", 8080), ("[::]:65535", "::", 65535), ("[fe80::1%eth0]:1", "fe80::1%eth0", 1),
        ("gateway.internal:443", "gateway.internal", 443),
    ])
    func parses(text: String, host: String, port: Int) throws {
        let address = try ListenAddress.parse(text).get()
        #expect(address.host == host)
        #expect(address.port == port)
    }

    @Test(arguments: [
        "", "4000", ":4000", "127.0.0.1", "127.0.0.1:", "127.0.0.1:-1", "127.0.0.1:65536", "127.0.0.1:http",
        "::1:4000", "[::1]", "[::1]4000", "[::1:4000", "[]:4000",
    ])
    func rejects(text: String) {
        #expect(throws: ListenAddress.Problem.self) { try ListenAddress.parse(text).get() }
    }

    @Test func describesIPv6InBrackets() {
        #expect(ListenAddress(host: "::1", port: 80).description == "[::1]:80")
        #expect(ListenAddress(host: "127.0.0.1", port: 80).description == "127.0.0.1:80")
    }

    @Test(arguments: ["127.0.0.1", "127.255.0.9", "localhost", "LocalHost", "::1", "0:0:0:0:0:0:0:1"])
    func isLoopback(host: String) {
        #expect(ListenAddress(host: host, port: 0).isLoopback)
    }

    /// Everything else, including look-alikes: an octet out of range, a name that merely starts
    /// with `localhost`, a short form, and a leading zero (which the resolver reads as octal:
    /// `0127.0.0.1` is 87.0.0.1).
    @Test(arguments: [
        "0.0.0.0", "::", "192.168.1.1", "128.0.0.1", "127.0.0.256", "127.0.0", "127.1", "localhost.example.com",
        "example.com", "0127.0.0.1", "::2", "",
    ])
    func isNotLoopback(host: String) {
        #expect(!ListenAddress(host: host, port: 0).isLoopback)
    }
}
