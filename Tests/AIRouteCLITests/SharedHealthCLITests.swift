import AIRoute
import AIRouteTesting
import Foundation
import Testing

/// `state: backend: postgres` through the binary, as users run it (docs/shared-health.md): one-shot
/// CLI runs on CI runners learn from each other, and `airoute serve` replicas share a circuit.
@Suite(.enabled(if: PostgresServer.isAvailable || PostgresServer.isRequired))
struct SharedHealthCLITests {
    let airoute: Airoute

    init() throws { airoute = try Airoute() }

    /// The fake provider's configuration (members a, b; threshold 1, cooldown 60 s) with the two
    /// lines that turn sharing on, in a schema of its own.
    func sharedConfig(_ fake: FakeProviderServer, schema: String) throws -> String {
        try airoute.config(
            fakeConfig(fake, members: ["a", "b"])
                + "state:\n  backend: postgres\n  url: ${AIROUTE_STATE_URL}\n  schema: \(schema)\n")
    }

    func environment(_ postgres: PostgresServer) -> [String: String] {
        ["FAKE_KEY": "sk-test-cli-shared-key", "AIROUTE_STATE_URL": postgres.urlWithPassword]
    }

    /// Three `airoute chat` processes one after another: the first finds a down and opens it for
    /// the fleet; the others never call it. `airoute health` (a fourth process) shows it open.
    @Test func oneShotRunsLearnFromEachOther() async throws {
        let postgres = try await PostgresServer.shared()
        try await FakeProviderServer.withServer { fake in
            fake.setDefault(model: "a", behavior: .status(503))
            let config = try sharedConfig(fake, schema: "cli_oneshot_\(UInt32.random(in: 0...UInt32.max))")
            for run in 1...3 {
                let result = try await airoute.run(["-c", config, "chat", "Hi \(run)"], env: environment(postgres))
                #expect(result.status == 0, "\(result.err)")
                #expect(!result.err.contains("warning"), "\(result.err)")
            }
            #expect(fake.requestCount(model: "a") == 1)
            #expect(fake.requestCount(model: "b") == 3)
            let health = try await airoute.run(["-c", config, "--json", "health"], env: environment(postgres))
            #expect(health.status == 0, "\(health.err)")
            #expect(health.out.contains("\"open\""), "\(health.out)")
            #expect(!health.out.contains(postgres.password))
        }
    }

    /// Two `airoute serve` replicas on one table: a member that fails on replica 1 gets no request
    /// through replica 2.
    @Test func twoGatewayReplicasShareACircuit() async throws {
        let postgres = try await PostgresServer.shared()
        try await FakeProviderServer.withServer { fake in
            let schema = "cli_serve_\(UInt32.random(in: 0...UInt32.max))"
            let config = try sharedConfig(fake, schema: schema)
            var replicas: [(child: Spawned, port: Int)] = []
            defer { for replica in replicas { replica.child.terminate() } }
            for _ in 0..<2 {
                let child = try Spawned(
                    Airoute.binary, ["-c", config, "serve", "--listen", "127.0.0.1:0"],
                    environment: airoute.environment(environment(postgres)))
                child.send(nil)
                let port = try #require(await ServeCommandTests.listeningPort(child), "\(child.errorSoFar)")
                replicas.append((child, port))
            }
            fake.script(model: "a", [.status(503)])
            let first = try await ServeCommandTests.client(port: replicas[0].port).chat.completions.create(
                model: "pool", messages: [.user("Hi")])
            #expect(first.choices.first?.message.content?.text == "Hello from b")
            // The open is in the table; replica 2 hears of it by NOTIFY within milliseconds.
            var stored = ""
            for _ in 0..<100 where stored != "1" {
                stored = try await postgres.psql(
                    "SELECT count(*) FROM \(schema).airoute_member_health WHERE open_until IS NOT NULL")
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(stored == "1")
            try await Task.sleep(for: .seconds(1))
            let second = ServeCommandTests.client(port: replicas[1].port)
            for _ in 0..<10 {
                _ = try await second.chat.completions.create(model: "pool", messages: [.user("Hi")])
            }
            #expect(fake.requestCount(model: "a") == 1)
            #expect(fake.requestCount(model: "b") == 11)
            for replica in replicas {
                replica.child.terminate()
                let result = await replica.child.finish(timeout: TestMachine.allowing(.seconds(30)))
                #expect(result.status == 0, "\(String(decoding: result.err, as: UTF8.self))")
                #expect(!String(decoding: result.err, as: UTF8.self).contains(postgres.password))
            }
            replicas = []
        }
    }
}
