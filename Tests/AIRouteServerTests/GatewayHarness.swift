import AIRoute
import AIRouteServer
import AIRouteTesting
import Foundation

/// A fake provider and a gateway over it, on loopback.
struct GatewayHarness {
    let fake: FakeProviderServer
    let gateway: Gateway
    let port: Int

    /// `http://127.0.0.1:PORT`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts a fake provider and a gateway whose configuration `yaml` builds from the fake's base URL.
    static func start(
        environment: [String: String] = [:], _ yaml: (FakeProviderServer) -> String
    ) async throws -> GatewayHarness {
        let fake = FakeProviderServer()
        try await fake.start()
        let configuration = try Configuration.parse(yaml: yaml(fake), file: "<test>", environment: environment)
        let gateway = try Gateway(
            configuration: configuration, listen: "127.0.0.1:0", environment: environment, health: InMemoryHealthStore())
        let port = try await gateway.start()
        return GatewayHarness(fake: fake, gateway: gateway, port: port)
    }

    /// Stops the gateway, then the fake provider.
    func stop() async throws {
        try await gateway.shutdown()
        try await fake.shutdown()
    }
}
