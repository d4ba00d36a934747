import AIRoute
import AIRouteTesting
@_spi(Testing) import AIRouter
import Foundation
import Testing

@testable import AIRoutePostgres

extension PostgreSQLSuites {
    /// Circuit breakers shared by replicas on a real PostgreSQL server (docs/shared-health.md).
    /// Every replica is a full client with its own store and connection, as separate processes
    /// would be; they share one ManualClock (the fleet's synchronized wall clock).
    @Suite
    struct SharedHealthTests {
        /// Replica A opens `a` on a 429; after the notification, replica B sends it nothing.
        @Test func aMemberOpenedByOneReplicaGetsNoRequestFromAnother() async throws {
            let postgres = try await PostgresServer.shared()
            try await FakeProviderServer.withServer { fake in
                let clock = ManualClock()
                let configuration = try sharedConfiguration(
                    fake: fake, postgres: postgres, schema: uniqueSchema("open"))
                try await withReplicas(2, configuration, clock: clock) { replicas in
                    #expect(replicas[0].id("a") == replicas[1].id("a"))  // one salt, one identity
                    fake.script(model: "a", [.rateLimited(retryAfter: "60")])
                    let first = try await replicas[0].ask()
                    #expect(first.routing.member == "b")
                    let until = try #require(replicas[0].health("a").openUntil)
                    #expect(await waitFor { replicas[1].health("a").openUntil == until } != nil)
                    #expect(replicas[1].health("a").openReason == .rateLimited)
                    for _ in 0..<20 {
                        let reply = try await replicas[1].ask()
                        #expect(reply.routing.member == "b")
                    }
                    #expect(fake.requestCount(model: "a") == 1)
                }
            }
        }

        /// One-shot processes (CLI runs on CI runners) that each see one failure add up to the
        /// threshold (2): the second opens the circuit, the third never calls the member.
        @Test func failuresOfOneShotProcessesAddUpToTheThreshold() async throws {
            let postgres = try await PostgresServer.shared()
            try await FakeProviderServer.withServer { fake in
                let clock = ManualClock()
                let configuration = try sharedConfiguration(
                    fake: fake, postgres: postgres, schema: uniqueSchema("oneshot"))
                fake.setDefault(model: "a", behavior: .status(503))
                var members: [String?] = []
                for _ in 0..<3 {
                    try await withReplicas(1, configuration, clock: clock) { replicas in
                        members.append(try await replicas[0].ask().routing.member)
                    }
                }
                #expect(members == ["b", "b", "b"])
                #expect(fake.requestCount(model: "a") == 2)
                // And a success resets the fleet's count.
                fake.setDefault(model: "a", behavior: .ok())
                clock.advance(by: .seconds(31))
                try await withReplicas(1, configuration, clock: clock) { replicas async throws in
                    #expect(try await replicas[0].ask().routing.member == "a")  // the probe
                }
                try await withReplicas(1, configuration, clock: clock) { replicas in
                    #expect(replicas[0].health("a").openUntil == nil)
                    #expect(replicas[0].health("a").consecutiveFailures == 0)
                }
            }
        }

        /// How long an open circuit takes to reach another replica: from the update on A (which
        /// queues the write) until B has applied the notification. 50 samples, reported.
        @Test func propagationDelay() async throws {
            let postgres = try await PostgresServer.shared()
            try await FakeProviderServer.withServer { fake in
                let clock = ManualClock()
                let configuration = try sharedConfiguration(
                    fake: fake, postgres: postgres, schema: uniqueSchema("delay"))
                try await withReplicas(2, configuration, clock: clock) { replicas in
                    let member = replicas[0].id("a")
                    var samples: [Duration] = []
                    for index in 1...50 {
                        let start = ContinuousClock.now
                        replicas[0].store.update(member) {
                            $0.recordFailure(
                                .rateLimited, retryAfter: .seconds(index * 10), at: clock.now(), settings: .init())
                        }
                        let until = try #require(replicas[0].store.health(of: member).openUntil)
                        let arrived = await waitFor { replicas[1].store.health(of: member).openUntil == until }
                        #expect(arrived != nil)
                        samples.append(ContinuousClock.now - start)
                    }
                    samples.sort()
                    let ms = { (d: Duration) in String(format: "%.2f ms", d.milliseconds) }
                    print(
                        "shared health: propagation delay over 50 opens: median \(ms(samples[25])), "
                            + "p90 \(ms(samples[45])), max \(ms(samples[49]))")
                }
            }
        }

        /// When the cooldown ends, five replicas race for the half-open lease: one probes.
        @Test func exactlyOneProbeAcrossFiveReplicas() async throws {
            let postgres = try await PostgresServer.shared()
            try await FakeProviderServer.withServer { fake in
                let clock = ManualClock()
                let configuration = try sharedConfiguration(
                    fake: fake, postgres: postgres, schema: uniqueSchema("probe"))
                try await withReplicas(5, configuration, clock: clock) { replicas in
                    fake.script(model: "a", [.rateLimited(retryAfter: "30")])
                    _ = try await replicas[0].ask()
                    let until = try #require(replicas[0].health("a").openUntil)
                    #expect(await waitFor { replicas.allSatisfy { $0.health("a").openUntil == until } } != nil)
                    clock.advance(by: .seconds(31))
                    // The probe fails: every replica but the prober must have skipped a.
                    fake.script(model: "a", [.status(503), .status(503), .status(503), .status(503), .status(503)])
                    let replies = try await withThrowingTaskGroup(of: String?.self) { group in
                        for replica in replicas { group.addTask { try await replica.ask().routing.member } }
                        return try await group.reduce(into: [String?]()) { $0.append($1) }
                    }
                    #expect(replies.allSatisfy { $0 == "b" })
                    #expect(fake.requestCount(model: "a") == 2)  // the 429, then one probe fleet-wide
                    // The failed probe re-opened a for everyone, with a doubled cooldown.
                    let reopened = try #require(replicas.first { $0.health("a").openUntil ?? until > until })
                    let longer = try #require(reopened.health("a").openUntil)
                    #expect(await waitFor { replicas.allSatisfy { $0.health("a").openUntil == longer } } != nil)
                }
            }
        }

        /// The lease race at the store level, 5 × 10 times: one winner each time.
        @Test func theLeaseHasOneWinner() async throws {
            let postgres = try await PostgresServer.shared()
            try await FakeProviderServer.withServer { fake in
                let clock = ManualClock()
                let configuration = try sharedConfiguration(
                    fake: fake, postgres: postgres, schema: uniqueSchema("lease"))
                try await withReplicas(5, configuration, clock: clock) { replicas in
                    let member = replicas[0].id("a")
                    for _ in 0..<10 {
                        replicas[0].store.update(member) {
                            $0.recordFailure(.rateLimited, retryAfter: .seconds(10), at: clock.now(), settings: .init())
                        }
                        let until = try #require(replicas[0].store.health(of: member).openUntil)
                        #expect(
                            await waitFor { replicas.allSatisfy { $0.store.health(of: member).openUntil == until } }
                                != nil)
                        clock.advance(by: .seconds(11))
                        let now = clock.now()
                        let wins = await withTaskGroup(of: Bool.self) { group in
                            for replica in replicas {
                                group.addTask {
                                    await replica.store.acquire(member, at: now, leaseUntil: now + .seconds(5))
                                }
                            }
                            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                        }
                        #expect(wins == 1)
                        // The prober fails; the next round starts from an open circuit again.
                        let prober = try #require(
                            replicas.first {
                                $0.store.health(of: member).probeUntil != nil && $0.store.holdsLease(member)
                            })
                        prober.store.update(member) {
                            $0.recordFailure(.transient, at: clock.now(), settings: .init())
                        }
                        clock.advance(by: .seconds(600))
                        replicas[0].store.update(member) { $0.recordSuccess(at: clock.now(), latency: nil) }
                        #expect(
                            await waitFor { replicas.allSatisfy { $0.store.health(of: member).openUntil == nil } }
                                != nil)
                    }
                }
            }
        }

        /// A lease holder that dies keeps the others off only until its lease ends.
        @Test func aCrashedLeaseHoldersLeaseLapses() async throws {
            let postgres = try await PostgresServer.shared()
            try await FakeProviderServer.withServer { fake in
                let clock = ManualClock()
                let configuration = try sharedConfiguration(
                    fake: fake, postgres: postgres, schema: uniqueSchema("crash"))
                try await withReplicas(2, configuration, clock: clock) { replicas in
                    let crashing = try await startReplica(configuration, clock: clock)
                    let member = replicas[0].id("a")
                    replicas[0].store.update(member) {
                        $0.recordFailure(.rateLimited, retryAfter: .seconds(10), at: clock.now(), settings: .init())
                    }
                    let until = try #require(replicas[0].store.health(of: member).openUntil)
                    // Every replica knows the member is open (under a sanitizer a notification can take
                    // a while; a replica that has not heard would simply find the member available).
                    #expect(
                        await waitFor {
                            (replicas + [crashing]).allSatisfy { $0.store.health(of: member).openUntil == until }
                        } != nil)
                    clock.advance(by: .seconds(11))
                    let now = clock.now()
                    #expect(await crashing.store.acquire(member, at: now, leaseUntil: now + .seconds(20)))
                    // The holder dies without a verdict or a release: its task is cancelled, its connection dropped.
                    crashing.task.cancel()
                    await crashing.task.value
                    #expect(await replicas[1].store.acquire(member, at: now, leaseUntil: now + .seconds(20)) == false)
                    clock.advance(by: .seconds(10))
                    #expect(
                        await replicas[1].store.acquire(member, at: clock.now(), leaseUntil: clock.now() + .seconds(20))
                            == false)
                    clock.advance(by: .seconds(11))  // past the crashed holder's lease
                    #expect(
                        await replicas[1].store.acquire(member, at: clock.now(), leaseUntil: clock.now() + .seconds(20))
                    )
                    #expect(
                        await replicas[0].store.acquire(member, at: clock.now(), leaseUntil: clock.now() + .seconds(20))
                            == false)
                    try? await crashing.client.shutdown()
                }
            }
        }

        /// A shorter cooldown from one replica never cuts a longer one from another.
        @Test func cooldownsNeverShortenAcrossReplicas() async throws {
            let postgres = try await PostgresServer.shared()
            try await FakeProviderServer.withServer { fake in
                let clock = ManualClock()
                let schema = uniqueSchema("shorten")
                let configuration = try sharedConfiguration(fake: fake, postgres: postgres, schema: schema)
                try await withReplicas(2, configuration, clock: clock) { replicas in
                    let member = replicas[0].id("a")
                    let settings = configuration.defaults
                    replicas[0].store.update(member) {
                        $0.recordFailure(.rateLimited, retryAfter: .seconds(120), at: clock.now(), settings: settings)
                    }
                    let long = clock.now() + .seconds(120)
                    #expect(await waitFor { replicas[1].store.health(of: member).openUntil == long } != nil)
                    clock.advance(by: .seconds(1))
                    // B sees a failure of its own: with the fleet's count (1) it reaches the threshold
                    // (2) and opens for its transient cooldown (30 s × 2 after one opening): shorter.
                    replicas[1].store.update(member) {
                        $0.recordFailure(.transient, at: clock.now(), settings: settings)
                    }
                    await replicas[1].store.flush(timeout: .seconds(5))
                    #expect(replicas[1].store.health(of: member).openUntil == long)
                    #expect(await waitFor { replicas[0].store.health(of: member).openUntil == long } != nil)
                    let stored = try await postgres.psql(
                        "SELECT open_until, open_reason FROM \(schema).airoute_member_health")
                    let fields = stored.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|")
                    #expect(fields.first.flatMap { Double($0) } == long.secondsSince1970)
                    #expect(fields.last == "rate_limited")
                    // A close from B (a success while A's cooldown runs) does not close it either.
                    replicas[1].store.update(member) { $0.recordSuccess(at: clock.now(), latency: nil) }
                    await replicas[1].store.flush(timeout: .seconds(5))
                    #expect(replicas[1].store.health(of: member).openUntil == long)
                    #expect(replicas[0].store.health(of: member).openUntil == long)
                }
            }
        }

        /// Rows hold member ids, times and classes: no provider key, no database password.
        @Test func noSecretInAnyRow() async throws {
            let postgres = try await PostgresServer.shared()
            try await FakeProviderServer.withServer { fake in
                let clock = ManualClock()
                let schema = uniqueSchema("secret")
                let configuration = try sharedConfiguration(fake: fake, postgres: postgres, schema: schema)
                try await withReplicas(2, configuration, clock: clock) { replicas in
                    fake.script(model: "a", [.status(401)])
                    fake.script(model: "b", [.rateLimited(retryAfter: "5")])
                    _ = try? await replicas[0].ask()
                    await replicas[0].store.flush(timeout: .seconds(5))
                    let rows = try await postgres.psql(
                        """
                        SELECT row_to_json(t)::text FROM \(schema).airoute_member_health t
                        UNION ALL SELECT row_to_json(m)::text FROM \(schema).airoute_member_health_meta m
                        """)
                    #expect(rows.contains("\"open_reason\":\"auth\""))
                    #expect(rows.contains("\"open_reason\":\"rate_limited\""))
                    for secret in Array(testKeys.values) + [postgres.password] {
                        #expect(!rows.contains(secret))
                        #expect(!rows.contains(String(secret.suffix(12))))
                    }
                    #expect(!rows.contains("sk-test"))
                }
            }
        }

        /// Future-dated, unknown-member and malformed rows change nothing and are reported.
        @Test func hostileRowsAreIgnoredWithAWarning() async throws {
            let postgres = try await PostgresServer.shared()
            try await FakeProviderServer.withServer { fake in
                let clock = ManualClock()
                let schema = uniqueSchema("hostile")
                let configuration = try sharedConfiguration(fake: fake, postgres: postgres, schema: schema)
                try await withReplicas(1, configuration, clock: clock) { replicas in
                    let replica = replicas[0]
                    let member = replica.id("a").replacingOccurrences(of: "'", with: "''")
                    let now = clock.now().secondsSince1970
                    let table = "\(schema).airoute_member_health"
                    let columns = "(member, version, open_until, open_reason, ejections, updated_at, changed_by)"
                    _ = try await postgres.psql(
                        """
                        INSERT INTO \(table) \(columns) VALUES ('\(member)', 1, \(now + 30 * 86400), 'rate_limited', 1, \(now), 'x');
                        INSERT INTO \(table) \(columns) VALUES ('not-a-configured-member', 1, \(now + 60), 'auth', 1, \(now), 'x');
                        UPDATE \(table) SET open_until = \(now + 60), open_reason = 'exploded', version = 2 WHERE member = '\(member)';
                        UPDATE \(table) SET open_until = \(now + 60), open_reason = 'auth', updated_at = \(now + 86400), version = 3 WHERE member = '\(member)';
                        SELECT pg_notify('\(SharedHealthSchema(schema: schema, table: "airoute_member_health").channel)', 'not json');
                        """)
                    #expect(await waitFor { replica.warnings.all.count >= 5 } != nil)
                    #expect(replica.health("a").openUntil == nil)
                    #expect(replica.store.snapshot()["not-a-configured-member"] == nil)
                    let warnings = replica.warnings.all.joined(separator: "\n")
                    #expect(warnings.contains("cooldown beyond the longest possible"))
                    #expect(warnings.contains("member this configuration does not have"))
                    #expect(warnings.contains("malformed"))
                    #expect(warnings.contains("an unknown error class"))
                    #expect(warnings.contains("a time in the future"))
                    // Still routing to a: nothing hostile closed the door.
                    #expect(try await replica.ask().routing.member == "a")
                }
            }
        }

        /// Rows nobody wrote for 7 days are deleted when a process connects.
        @Test func rowsOfMembersUnseenForSevenDaysExpire() async throws {
            let postgres = try await PostgresServer.shared()
            try await FakeProviderServer.withServer { fake in
                let clock = ManualClock()
                let schema = uniqueSchema("expire")
                let configuration = try sharedConfiguration(fake: fake, postgres: postgres, schema: schema)
                try await withReplicas(1, configuration, clock: clock) { _ in }
                let now = clock.now().secondsSince1970
                _ = try await postgres.psql(
                    """
                    INSERT INTO \(schema).airoute_member_health (member, version, ejections, updated_at, changed_by)
                    VALUES ('old', 1, 0, \(now - 8 * 86400), 'x'), ('recent', 1, 0, \(now - 6 * 86400), 'x')
                    """)
                try await withReplicas(1, configuration, clock: clock) { _ in }
                let members = try await postgres.psql(
                    "SELECT member FROM \(schema).airoute_member_health ORDER BY member")
                #expect(members.trimmingCharacters(in: .whitespacesAndNewlines) == "recent")
            }
        }

        /// A table of another schema version is left alone: the process keeps health to itself.
        @Test func aTableOfAnotherVersionIsLeftAlone() async throws {
            let postgres = try await PostgresServer.shared()
            try await FakeProviderServer.withServer { fake in
                let clock = ManualClock()
                let schema = uniqueSchema("version")
                let configuration = try sharedConfiguration(fake: fake, postgres: postgres, schema: schema)
                try await withReplicas(1, configuration, clock: clock) { _ in }
                _ = try await postgres.psql(
                    "UPDATE \(schema).airoute_member_health_meta SET value = '2' WHERE name = 'schema_version'")
                let replica = try await startReplica(configuration, clock: clock)
                #expect(!replica.store.isSharing)
                #expect(replica.warnings.all.contains { $0.contains("schema version 2") })
                #expect(try await replica.ask().routing.member == "a")
                await replica.stop()
            }
        }
    }
}
