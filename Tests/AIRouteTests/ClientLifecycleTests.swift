import AIRouteTesting
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Testing

@testable import AIRoute

/// An `OpenAIClient` is used like the OpenAI SDKs' clients: created, used, dropped — no
/// `shutdown()` needed, and no HTTP client per `OpenAIClient`.
@Suite("Client lifecycle")
struct ClientLifecycleTests {
    static let catalog = FakeCatalog(members: [.init(id: "life-a")])

    /// Before the shared client, each dropped client took its own AsyncHTTPClient into deinit,
    /// which in a debug build is a fatal error ("Client not shut down before the deinit").
    @Test func clientsDroppedWithoutShutdownDoNotCrash() async throws {
        try await FakeProviderServer.withServer { server in
            for index in 0..<20 {
                let client = OpenAIClient(configuration: Self.catalog.configuration(server))
                let reply = try await client.chat.completions.create(model: "pool", messages: [.user("Hi \(index)")])
                #expect(reply.text == "Hello from life-a")
            }
            #expect(server.requestCount == 20)
        }
    }

    @Test func clientsShareOneHTTPClientPerConnectTimeout() async throws {
        try await FakeProviderServer.withServer { server in
            let first = OpenAIClient(configuration: Self.catalog.configuration(server))
            let second = OpenAIClient(configuration: Self.catalog.configuration(server))
            let shared = try first.engine.httpClient()
            #expect(try second.engine.httpClient() === shared)
            var configuration = Self.catalog.configuration(server)
            configuration.defaults.connectTimeout = .seconds(3)
            let other = OpenAIClient(configuration: configuration)
            #expect(try other.engine.httpClient() !== shared)
        }
    }

    @Test func shutdownIsHarmlessAndLaterCallsFail() async throws {
        try await FakeProviderServer.withServer { server in
            let client = OpenAIClient(configuration: Self.catalog.configuration(server))
            _ = try await client.chat.completions.create(model: "pool", messages: [.user("Hi")])
            try await client.shutdown()
            try await client.shutdown()
            await #expect(throws: RouteError.self) {
                _ = try await client.chat.completions.create(model: "pool", messages: [.user("Hi")])
            }
            // Other clients, sharing the process-wide HTTP client, are unaffected.
            let other = OpenAIClient(configuration: Self.catalog.configuration(server))
            let reply = try await other.chat.completions.create(model: "pool", messages: [.user("Hi")])
            #expect(reply.text == "Hello from life-a")
        }
    }

    @Test func aCallersHTTPClientIsUsedAndNeverShutDown() async throws {
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await FakeProviderServer.withServer { server in
                let client = OpenAIClient(configuration: Self.catalog.configuration(server), httpClient: http)
                let used = try client.engine.httpClient()
                #expect(used === http)
                let reply = try await client.chat.completions.create(model: "pool", messages: [.user("Hi")])
                #expect(reply.text == "Hello from life-a")
                try await client.shutdown()
                // Still usable by its owner.
                let response = try await http.execute(
                    HTTPClientRequest(url: server.openAIBaseURL + "/models"), timeout: .seconds(10))
                #expect(response.status == .ok)
            }
        } catch {
            try await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }
}
