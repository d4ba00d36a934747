import AIRoute
import AIRouteTesting
import Foundation
import Testing

/// `airoute serve` as a user runs it (docs/server.md, "The command"): configuration errors exit
/// 78 with one line; SIGTERM drains the requests in flight and exits 0.
struct ServeCommandTests {
    let airoute: Airoute

    init() throws { airoute = try Airoute() }

    static let offline = Airoute.repository + "/examples/offline.yaml"

    /// The stderr lines that are not blank.
    static func lines(_ text: String) -> [Substring] { text.split(separator: "\n").filter { !$0.isEmpty } }

    @Test func aPublicAddressWithoutKeysExits78WithOneLine() async throws {
        let result = try await airoute.run(["-c", Self.offline, "serve", "--listen", "0.0.0.0:0"])
        #expect(result.status == 78)
        #expect(result.out.isEmpty)
        #expect(Self.lines(result.err).count == 1, "\(result.err)")
        #expect(result.err.contains("0.0.0.0:0") && result.err.contains("allow_public_without_keys"), "\(result.err)")
    }

    @Test func anUnsetKeyVariableExits78NamingIt() async throws {
        let base = try String(contentsOfFile: Self.offline, encoding: .utf8)
        let config = try airoute.config(base + "\nserver:\n  keys:\n    - key: ${AIROUTE_TEST_UNSET_GATEWAY_KEY}\n")
        let result = try await airoute.run(["-c", config, "serve", "--listen", "127.0.0.1:0"])
        #expect(result.status == 78)
        #expect(result.err.contains("AIROUTE_TEST_UNSET_GATEWAY_KEY"), "\(result.err)")
    }

    /// A malformed `--listen` is a usage error (64), like any invalid argument, naming the value.
    @Test func aMalformedListenArgumentIsAUsageError() async throws {
        let result = try await airoute.run(["-c", Self.offline, "serve", "--listen", "localhost"])
        #expect(result.status == 64)
        #expect(result.err.contains("'localhost' is not HOST:PORT"), "\(result.err)")
    }

    /// An address another process holds is "unavailable" (69), with the system's reason in one line.
    @Test func anAddressInUseExits69WithOneLine() async throws {
        try await FakeProviderServer.withServer { server in
            let result = try await airoute.run(["-c", Self.offline, "serve", "--listen", "127.0.0.1:\(server.port)"])
            #expect(result.status == 69)
            #expect(Self.lines(result.err).last?.contains("Address already in use") == true, "\(result.err)")
            #expect(result.err.contains("cannot serve on 127.0.0.1:\(server.port)"), "\(result.err)")
        }
    }

    /// A request in flight when SIGTERM arrives is answered, then the process exits 0.
    @Test func sigtermDrainsTheRequestInFlightAndExits0() async throws {
        try await FakeProviderServer.withServer { server in
            server.setDefault(model: "a", behavior: .ok(text: "drained").delayingHeaders(by: .seconds(2)))
            let config = try airoute.config(fakeConfig(server, members: ["a"]))
            let child = try Spawned(
                Airoute.binary, ["-c", config, "serve", "--listen", "127.0.0.1:0"],
                environment: airoute.environment(["FAKE_KEY": "sk-test"]))
            child.send(nil)
            guard let port = await Self.listeningPort(child) else {
                child.terminate()
                let output = await child.finish(timeout: .seconds(10))
                Issue.record("no 'serving on' line: \(String(decoding: output.err, as: UTF8.self))")
                return
            }
            let request = ChatCompletionRequest(model: "pool", messages: [.user("Hi")])
            let call = Task { try await Self.client(port: port).chat.completions.create(request) }
            #expect(try await server.waitUntil { $0.count == 1 })
            child.terminate()
            let reply = try await call.value
            #expect(reply.choices.first?.message.content?.text == "drained")
            let result = await child.finish(timeout: TestMachine.allowing(.seconds(30)))
            #expect(!result.timedOut)
            #expect(result.status == 0, "\(String(decoding: result.err, as: UTF8.self))")
        }
    }

    /// The port of the line `airoute: serving on http://127.0.0.1:PORT/v1 …`, once it is written.
    static func listeningPort(_ child: Spawned) async -> Int? {
        let deadline = ContinuousClock.now + TestMachine.allowing(.seconds(60))
        while ContinuousClock.now < deadline {
            let text = child.errorSoFar
            if let range = text.range(of: "serving on http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits), text[range.upperBound...].dropFirst(digits.count).hasPrefix("/v1") {
                    return port
                }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// An airoute client whose pool `pool` is the gateway's `text-generation`.
    static func client(port: Int) -> OpenAIClient {
        let settings = RoutingSettings(timeout: .seconds(60), firstTokenTimeout: .seconds(60))
        let provider = ProviderConfiguration(
            name: "gateway", type: .openai, baseURL: "http://127.0.0.1:\(port)/v1", apiKey: Secret("no-keys-configured")
        )
        let configuration = Configuration(
            defaults: settings, providers: [provider],
            models: [ModelConfiguration(id: "text-generation", provider: "gateway", capabilities: [.chat])],
            pools: [
                PoolConfiguration(
                    name: "pool", operation: .chat, members: [PoolMember(model: "text-generation", priority: 1)],
                    settings: settings)
            ])
        return OpenAIClient(configuration: configuration, health: InMemoryHealthStore())
    }
}
