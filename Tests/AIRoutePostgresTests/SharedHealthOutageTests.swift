import AIRoute
import AIRoutePostgres
import AIRouteTesting
@_spi(Testing) import AIRouter
import Foundation
import Testing

extension PostgreSQLSuites {
    /// PostgreSQL stopped under the replicas' feet: requests go on from local state, each replica
    /// warns once, and sharing resumes by itself when the server is back (docs/shared-health.md,
    /// "When PostgreSQL is slow or gone").
    @Suite
    struct SharedHealthOutageTests {
        @Test func requestsAreServedThroughAnOutageAndSharingResumes() async throws {
            let postgres = try await PostgresServer.start()
            do {
                try await outage(postgres)
            } catch {
                await postgres.shutdown()
                throw error
            }
            await postgres.shutdown()
        }

        private func outage(_ postgres: PostgresServer) async throws {
            try await FakeProviderServer.withServer { fake in
                let clock = ManualClock()
                let configuration = try sharedConfiguration(fake: fake, postgres: postgres, schema: "outage")
                try await withReplicas(2, configuration, clock: clock) { replicas in
                    #expect(replicas.allSatisfy { $0.store.isSharing })
                    await postgres.stop()
                    #expect(
                        await waitFor(timeout: TestMachine.allowing(.seconds(20))) {
                            replicas.allSatisfy { !$0.store.isSharing }
                        } != nil)

                    // A opens a during the outage; both keep answering every request.
                    fake.script(model: "a", [.rateLimited(retryAfter: "60")])
                    #expect(try await replicas[0].ask().routing.member == "b")
                    for index in 0..<10 {
                        _ = try await replicas[index % 2].ask()
                    }
                    #expect(replicas[0].health("a").openUntil != nil)
                    #expect(replicas[1].health("a").openUntil == nil)  // not heard: the database is down

                    try await postgres.restart()
                    let back = await waitFor(timeout: TestMachine.allowing(.seconds(30))) {
                        replicas.allSatisfy { $0.store.isSharing }
                    }
                    #expect(back != nil, "the replicas did not reconnect")
                    // What A learned alone is announced at reconnection.
                    let until = try #require(replicas[0].health("a").openUntil)
                    #expect(await waitFor { replicas[1].health("a").openUntil == until } != nil)
                    for replica in replicas {
                        // One warning for the whole outage (the rest are counted, not printed).
                        #expect(replica.warnings.all.count == 1, "\(replica.warnings.all)")
                        #expect(replica.notices.all.contains { $0.contains("reconnected") })
                    }
                    // And sharing works again: B's new transition reaches A.
                    replicas[1].store.update(replicas[1].id("b")) {
                        $0.recordFailure(.auth, status: 401, at: clock.now(), settings: configuration.defaults)
                    }
                    #expect(await waitFor { replicas[0].health("b").openReason == .auth } != nil)
                }
            }
        }

        /// PostgreSQL restarted in the middle of a load: 600 calls, 30 in flight over 3 replicas,
        /// member a flapping (every third call fails on it); the server stops after call 100 and comes
        /// back after call 300. No call fails, and the replicas share again afterwards.
        @Test func aRestartInTheMiddleOfALoadLosesNoRequest() async throws {
            let postgres = try await PostgresServer.start()
            do {
                try await load(postgres)
            } catch {
                await postgres.shutdown()
                throw error
            }
            await postgres.shutdown()
        }

        private func load(_ postgres: PostgresServer) async throws {
            try await FakeProviderServer.withServer { fake in
                let clock = ManualClock()
                let configuration = try sharedConfiguration(fake: fake, postgres: postgres, schema: "restart")
                fake.setDefault(model: "a", behavior: .ok())
                try await withReplicas(3, configuration, clock: clock) { replicas in
                    let calls = CallCounter()
                    let outage = Task { () async throws -> (Bool, Int) in
                        while calls.current < 100 { try await Task.sleep(for: .milliseconds(2)) }
                        await postgres.stop()
                        // The replicas notice (their connections close) while calls go on.
                        let noticed = await waitFor { replicas.allSatisfy { !$0.store.isSharing } } != nil
                        while calls.current < 300 { try await Task.sleep(for: .milliseconds(2)) }
                        try await postgres.restart()
                        return (noticed, calls.current)
                    }
                    let failed = await withTaskGroup(of: Int.self) { group in
                        for worker in 0..<30 {
                            let replica = replicas[worker % replicas.count]
                            group.addTask {
                                var failed = 0
                                while true {
                                    let call = calls.take()
                                    guard call < 600 else { break }
                                    if call % 3 == 0 { fake.script(model: "a", [.status(503)]) }
                                    // The fleet's clock: 30 s over the load, so a cooldown or two ends,
                                    // and no call's 30 s deadline passes while it waits.
                                    clock.advance(by: .milliseconds(50))
                                    do {
                                        _ = try await replica.ask()
                                    } catch {
                                        failed += 1
                                        print("outage load: call \(call) failed: \(error)")
                                    }
                                    // Let the restart happen while calls are still in flight.
                                    if call >= 250 && call < 300 { try? await Task.sleep(for: .milliseconds(5)) }
                                }
                                return failed
                            }
                        }
                        return await group.reduce(0, +)
                    }
                    let (noticed, restartedAt) = try await outage.value
                    #expect(noticed)
                    #expect(restartedAt < 600, "the server came back after the load")
                    #expect(failed == 0)
                    let back = await waitFor(timeout: TestMachine.allowing(.seconds(30))) {
                        replicas.allSatisfy { $0.store.isSharing }
                    }
                    #expect(back != nil, "the replicas did not reconnect")
                    // One warning a minute of the fleet's clock at most: the whole load spans 30 s of it.
                    for replica in replicas { #expect(replica.warnings.all.count == 1, "\(replica.warnings.all)") }
                }
            }
        }

        /// PostgreSQL slow rather than gone: another session holds the table locked for 3 s. The
        /// write of a circuit change waits, is dropped after `write_timeout` with a warning, and
        /// the probe lease falls back to this process within `write_timeout` too; the
        /// connection is kept (two timeouts are not three) and sharing goes on afterwards.
        @Test func aSlowDatabaseDropsTheWriteAndRoutingGoesOn() async throws {
            let postgres = try await PostgresServer.shared()
            try await FakeProviderServer.withServer { fake in
                let clock = ManualClock()
                let schema = uniqueSchema("slow")
                let configuration = try sharedConfiguration(
                    fake: fake, postgres: postgres, schema: schema, writeTimeout: "300ms")
                try await withReplicas(2, configuration, clock: clock) { replicas in
                    let member = replicas[0].id("a")
                    let table = "\(schema).airoute_member_health"
                    let holder = Task {
                        try await postgres.psql(
                            "BEGIN; LOCK TABLE \(table) IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(3); COMMIT;")
                    }
                    var locked = "0"
                    for _ in 0..<500 where locked != "1" {
                        locked = try await postgres.psql(
                            """
                            SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                            WHERE c.relname = 'airoute_member_health' AND c.relnamespace = '\(schema)'::regnamespace
                            AND l.mode = 'AccessExclusiveLock' AND l.granted
                            """)
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    #expect(locked == "1")
                    replicas[0].store.update(member) {
                        $0.recordFailure(.rateLimited, retryAfter: .seconds(10), at: clock.now(), settings: .init())
                    }
                    #expect(
                        await waitFor { replicas[0].warnings.all.contains { $0.contains("no answer within") } } != nil)
                    clock.advance(by: .seconds(11))
                    let start = ContinuousClock.now
                    let now = clock.now()
                    #expect(await replicas[0].store.acquire(member, at: now, leaseUntil: now + .seconds(20)))
                    #expect(ContinuousClock.now - start < TestMachine.allowing(.seconds(2)))
                    #expect(replicas[0].warnings.all.count == 1, "\(replicas[0].warnings.all)")
                    _ = try await holder.value
                    // The connection was kept: a transition written now reaches the other replica.
                    #expect(replicas[0].store.isSharing)
                    let other = replicas[0].id("b")
                    replicas[0].store.update(other) {
                        $0.recordFailure(.auth, status: 401, at: clock.now(), settings: .init())
                    }
                    #expect(await waitFor { replicas[1].store.health(of: other).openReason == .auth } != nil)
                }
            }
        }

        /// A process that starts while PostgreSQL is down routes on local state, and with the salt
        /// it cached at its last start its ids still match the fleet's once the database returns.
        @Test func startingWithoutTheDatabaseUsesTheCachedSalt() async throws {
            let postgres = try await PostgresServer.shared()
            try await FakeProviderServer.withServer { fake in
                let clock = ManualClock()
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "airoute-salt-\(UInt32.random(in: 0...UInt32.max))"
                ).path
                defer { try? FileManager.default.removeItem(atPath: directory) }
                let configuration = try sharedConfiguration(
                    fake: fake, postgres: postgres, schema: uniqueSchema("salt"))
                let location = try #require(configuration.state.postgres)
                let cache = PostgresHealthStore.saltCachePath(
                    directory: directory, settings: configuration.state, location: location)
                let reachable = await PostgresHealthStore.open(
                    settings: configuration.state, location: location, clock: clock, secretCache: cache)
                #expect(reachable.isConnectedAtStart)
                let attributes = try FileManager.default.attributesOfItem(atPath: cache)
                #expect((attributes[.posixPermissions] as? Int) == 0o600)

                // The same configuration pointed at a port where nothing listens.
                var unreachable = location
                unreachable.port = 1
                let warnings = CollectedLines()
                let offline = await PostgresHealthStore.open(
                    settings: configuration.state, location: unreachable, clock: clock, secretCache: cache,
                    warn: { warnings.append($0) })
                #expect(!offline.isConnectedAtStart)
                #expect(offline.fingerprinter == reachable.fingerprinter)
                #expect(warnings.all.count == 1)
                #expect(!warnings.all.joined().contains(postgres.password))
                // It still routes, on its own state.
                let client = OpenAIClient(configuration: configuration, health: offline, clock: clock)
                fake.script(model: "a", [.status(503), .status(503)])
                #expect(
                    try await client.chat.completions.create(model: "pool", messages: [.user("Hi")]).routing.member
                        == "b")
                try await client.shutdown()
                let task = Task { await reachable.run() }
                await reachable.shutdown()
                await task.value
            }
        }
    }
}
