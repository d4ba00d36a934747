import AIRoute
import AIRouteTesting
import Foundation
import Testing

/// airoute against a real LiteLLM proxy (`pip install 'litellm[proxy]'`) on loopback, with
/// `mock_response` models and a master key. Opt-in: `AIROUTE_LITELLM_TESTS=1`, and `litellm` on
/// `PATH` or in `$AIROUTE_LITELLM` — `scripts/litellm-proxy-tests.sh` installs it into a virtual
/// environment and runs this suite.
@Suite(
    "A real LiteLLM proxy", .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["AIROUTE_LITELLM_TESTS"] == "1", "set AIROUTE_LITELLM_TESTS=1"))
struct LiteLLMProxyTests {
    static let masterKey = "sk-litellm-master-test"

    static let proxyConfig = """
        model_list:
          - model_name: mock-chat
            litellm_params: {model: openai/gpt-4o-mini, api_key: sk-not-used, mock_response: "Hello from the LiteLLM mock"}
          - model_name: mock-ratelimit
            litellm_params: {model: openai/gpt-4o-mini, api_key: sk-not-used, mock_response: "litellm.RateLimitError"}
          - model_name: mock-context
            litellm_params: {model: openai/gpt-4o-mini, api_key: sk-not-used, mock_response: "litellm.ContextWindowExceededError"}
          - model_name: mock-server-error
            litellm_params: {model: openai/gpt-4o-mini, api_key: sk-not-used, mock_response: "litellm.InternalServerError"}
          - model_name: mock-filter
            litellm_params:
              model: azure/gpt-4o-mini
              api_key: sk-not-used
              api_base: https://example.invalid
              mock_response: "Exception: content_filter_policy: The response was filtered due to the prompt triggering Azure OpenAI's content management policy."
        general_settings:
          master_key: \(masterKey)
        litellm_settings:
          num_retries: 0

        """

    /// A running proxy: started once for the suite, stopped with SIGTERM.
    final class Proxy: Sendable {
        let port: Int
        let child: Spawned

        init() async throws {
            let environment = ProcessInfo.processInfo.environment
            let executable = environment["AIROUTE_LITELLM"] ?? Self.which("litellm")
            let path = try #require(executable, "litellm not found: set AIROUTE_LITELLM or put it on PATH")
            let home = try Airoute()
            let config = try home.config(LiteLLMProxyTests.proxyConfig, name: "litellm.yaml")
            port = Int.random(in: 41_000..<49_000)
            var env = environment
            env["HOME"] = home.home
            child = try Spawned(
                path, ["--config", config, "--host", "127.0.0.1", "--port", "\(port)"], environment: env)
            let started = ContinuousClock.now
            while ContinuousClock.now - started < .seconds(180) {
                if await Self.isLive(port: port) { return }
                try await Task.sleep(for: .milliseconds(500))
            }
            child.terminate()
            let output = await child.finish(timeout: .seconds(10))
            Issue.record("the LiteLLM proxy did not start: \(String(decoding: output.err.suffix(2000), as: UTF8.self))")
            throw CancellationError()
        }

        func stop() async {
            child.terminate()
            _ = await child.finish(timeout: .seconds(20))
        }

        static func which(_ name: String) -> String? {
            let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }

        static func isLive(port: Int) async -> Bool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            return connected
        }
    }

    /// A client whose pool `pool` has these proxy models, in order (each its own member).
    static func client(_ proxy: Proxy, models: [String]) -> OpenAIClient {
        let settings = RoutingSettings(timeout: .seconds(60), firstTokenTimeout: .seconds(60))
        let provider = ProviderConfiguration(
            name: "litellm", type: .openai, baseURL: "http://127.0.0.1:\(proxy.port)/v1", apiKey: Secret(masterKey))
        let configuration = Configuration(
            defaults: settings, providers: [provider],
            models: models.map { ModelConfiguration(id: $0, provider: "litellm", capabilities: [.chat, .streaming]) },
            pools: [
                PoolConfiguration(
                    name: "pool", operation: .chat,
                    members: models.enumerated().map { PoolMember(model: $1, priority: $0 + 1) }, settings: settings)
            ])
        return OpenAIClient(configuration: configuration)
    }

    static let hi = ChatCompletionRequest(model: "pool", messages: [.user("Hi")])

    /// Every scenario against one proxy start (starting it takes most of the time).
    @Test func airouteAgainstARealLiteLLMProxy() async throws {
        let proxy = try await Proxy()
        do {
            try await Self.scenarios(proxy)
        } catch {
            await proxy.stop()
            throw error
        }
        await proxy.stop()
    }

    static func scenarios(_ proxy: Proxy) async throws {
        // Chat: text and the proxy's usage.
        let reply = try await client(proxy, models: ["mock-chat"]).chat.completions.create(hi)
        #expect(reply.text == "Hello from the LiteLLM mock")
        #expect(!reply.usage.isEstimated && reply.usage.totalTokens > 0)

        // Stream: the same text, assembled.
        let streamed = try await client(proxy, models: ["mock-chat"]).chat.completions.stream(hi).collect()
        #expect(streamed.text == "Hello from the LiteLLM mock")

        // A model the proxy does not serve: its 400 "Invalid model name" fails over as not_found.
        let failedOver = try await client(proxy, models: ["gpt-5", "mock-chat"]).chat.completions.create(hi)
        #expect(failedOver.routing.member == "mock-chat")
        #expect(failedOver.routing.attempts.first?.errorClass == .notFound)
        #expect(failedOver.routing.attempts.first?.status == 400)

        // Errors: each class as LiteLLM words it.
        let expected: [(String, ErrorClass)] = [
            ("mock-ratelimit", .rateLimited), ("mock-context", .contextLength), ("mock-server-error", .transient),
            ("mock-filter", .contentFilter),
        ]
        for (model, errorClass) in expected {
            let error = await #expect(throws: RouteError.self) {
                _ = try await client(proxy, models: [model]).chat.completions.create(hi)
            }
            #expect(error?.failure?.errorClass == errorClass, "\(model): \(String(describing: error))")
        }
    }
}
