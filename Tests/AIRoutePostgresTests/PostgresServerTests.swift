import AIRouteTesting
import Foundation
import Testing

extension PostgreSQLSuites {
    /// The fixture itself, against real PostgreSQL servers: the other suites rely on it.
    @Suite
    struct PostgresServerTests {
        /// Starts a server, runs `body`, and removes the server whatever happens; returns the server.
        @discardableResult
        private func withServer(_ body: (PostgresServer) async throws -> Void) async throws -> PostgresServer {
            let server = try await PostgresServer.start()
            do {
                try await body(server)
            } catch {
                await server.shutdown()
                throw error
            }
            await server.shutdown()
            return server
        }

        @Test func startsAndAnswersOverTCP() async throws {
            let server = try await withServer { server async throws in
                #expect(try await server.psql("select 1") == "1")
                #expect(try await server.psql("select current_user") == "airoute")
                #expect(try await server.psql("show listen_addresses") == "127.0.0.1")
                #expect(server.url == "postgres://airoute@127.0.0.1:\(server.port)/postgres?sslmode=disable")
                #expect(
                    server.urlWithPassword
                        == "postgres://airoute:airoute-test-pw@127.0.0.1:\(server.port)/postgres?sslmode=disable")
                #expect(FileManager.default.fileExists(atPath: server.directory + "/data/PG_VERSION"))
                #expect(!FileManager.default.fileExists(atPath: server.directory + "/password"))
            }
            #expect(!FileManager.default.fileExists(atPath: server.directory))
            #expect(!server.acceptsTCPConnections)
        }

        /// On the process's shared server: every server started costs an initdb, which the other
        /// suites running beside this one feel on two cores.
        @Test func refusesAWrongPassword() async throws {
            let server = try await PostgresServer.shared()
            let error = await #expect(throws: PostgresServer.Failure.self) {
                try await server.psql("select 1", password: "not-the-password")
            }
            #expect(error?.description.contains("password authentication failed") == true)
            #expect(try await server.psql("select 1") == "1")
        }

        @Test func stopsAndRestartsOnTheSamePortWithTheSameData() async throws {
            try await withServer { server async throws in
                let port = server.port
                _ = try await server.psql("create table kept (id int primary key, name text)")
                _ = try await server.psql("insert into kept values (1, 'before the stop')")
                await server.stop()
                #expect(!server.acceptsTCPConnections)
                await #expect(throws: PostgresServer.Failure.self) { try await server.psql("select 1") }
                try await server.restart()
                #expect(server.port == port)
                #expect(try await server.psql("select 1") == "1")
                #expect(try await server.psql("select id, name from kept") == "1|before the stop")
            }
        }

        @Test func restartsAfterACrash() async throws {
            try await withServer { server async throws in
                // A commit that waited for its WAL write survives the SIGKILL (synchronous_commit is
                // off by default on these servers).
                _ = try await server.psql("set synchronous_commit = on; create table crashed (id int)")
                _ = try await server.psql("set synchronous_commit = on; insert into crashed values (7)")
                await server.kill()
                #expect(!server.acceptsTCPConnections)
                try await server.restart()
                #expect(try await server.psql("select 1") == "1")
                #expect(try await server.psql("select id from crashed") == "7")
                await server.kill()
                try await server.restart()
                #expect(try await server.psql("select count(*) from crashed") == "1")
            }
        }

        @Test func restartWhileRunningRestarts() async throws {
            try await withServer { server async throws in
                let before = try await server.psql("select pg_postmaster_start_time()")
                try await server.restart()
                #expect(try await server.psql("select pg_postmaster_start_time()") != before)
            }
        }

        @Test func sharedIsOneServerPerProcess() async throws {
            async let first = PostgresServer.shared()
            async let second = PostgresServer.shared()
            let (a, b) = try await (first, second)
            let c = try await PostgresServer.shared()
            #expect(a === b && b === c)
            #expect(a.port == c.port)
            let schema = "shared_\(UInt32.random(in: 0...UInt32.max))"
            _ = try await a.psql("create schema \(schema); create table \(schema).t (v text)")
            _ = try await c.psql("insert into \(schema).t values ('x')")
            #expect(try await a.psql("select v from \(schema).t") == "x")
            _ = try await a.psql("drop schema \(schema) cascade")
        }

        @Test func startsServersSideBySide() async throws {
            let a = try await PostgresServer.shared()
            let b = try await PostgresServer.start()
            #expect(a.port != b.port)
            #expect(a.directory != b.directory)
            #expect(try await a.psql("select 1") == "1")
            #expect(try await b.psql("select 2") == "2")
            await b.shutdown()
        }
    }
}
