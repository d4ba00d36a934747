import Testing

@_spi(Testing) @testable import AIRouter

struct RouterFailoverTests {
    let clock = ManualClock()
    let upstream = ScriptedUpstream()

    func router(_ catalog: TestCatalog, health: InMemoryHealthStore = .init()) -> ModelRouter {
        ModelRouter(
            configuration: catalog.configuration, health: health, clock: clock, random: SeededRandomSource(seed: 1))
    }

    func call(
        _ r: ModelRouter, _ pool: String = "p", _ req: Requirements = .init(operation: .chat)
    ) async throws(RouteError)
        -> Routed<String>
    {
        let upstream = self.upstream
        return try await r.route(pool, requirements: req) { try await upstream.perform($0) }
    }

    func catalog(_ members: [String], settings: RoutingSettings = .init()) -> TestCatalog {
        var c = TestCatalog()
        c.defaults = settings
        for m in members { c.model(m) }
        c.pool("p", members)
        return c
    }

    struct FailoverCase: Sendable, CustomTestStringConvertible {
        let failure: UpstreamFailure
        let failsOver: Bool
        var testDescription: String { "\(failure.errorClass.rawValue) \(failure.status ?? 0)" }
    }

    static let failoverTable: [FailoverCase] = [
        .init(failure: .status(500, .transient), failsOver: true),
        .init(failure: .status(503, .transient), failsOver: true),
        .init(failure: .status(529, .transient), failsOver: true),
        .init(failure: .status(429, .rateLimited, retryAfter: .seconds(2)), failsOver: true),
        .init(failure: .status(429, .quota), failsOver: true),
        .init(failure: .status(401, .auth), failsOver: true),
        .init(failure: .status(404, .notFound), failsOver: true),
        .init(failure: UpstreamFailure(.transient, message: "connection refused"), failsOver: true),
        .init(failure: .status(400, .invalidRequest), failsOver: false),
        .init(failure: .status(422, .invalidRequest), failsOver: false),
        .init(failure: .status(400, .contentFilter), failsOver: false),
    ]

    @Test(arguments: failoverTable)
    func failoverFollowsTheErrorTable(_ c: FailoverCase) async throws {
        let r = router(catalog(["a", "b"]))
        upstream.script("a", .fail(c.failure))
        if c.failsOver {
            let result = try await call(r)
            #expect(result.value == "ok from b")
            #expect(result.routing.member == "b")
            #expect(result.routing.attempts.map(\.errorClass) == [c.failure.errorClass, nil])
            #expect(result.routing.attempts.first?.status == c.failure.status)
        } else {
            let error = await #expect(throws: RouteError.self) { try await call(r) }
            #expect(error?.code == .rejected)
            #expect(error?.failure == c.failure)
        }
        #expect(upstream.calls("a") == 1)
        #expect(upstream.calls("b") == (c.failsOver ? 1 : 0))
    }

    @Test func contentFilterFailsOverWhenThePoolAllowsIt() async throws {
        var c = catalog(["a", "b"])
        c.pools[0].failoverOnContentFilter = true
        let r = router(c)
        upstream.script("a", .fail(.status(400, .contentFilter)))
        #expect(try await call(r).routing.member == "b")
    }

    @Test func nonCapableMemberIsNeverAttemptedEvenDuringFailover() async throws {
        var c = TestCatalog()
        c.model("tools-a", [.chat, .tools])
        c.model("plain", [.chat])
        c.model("tools-b", [.chat, .tools])
        c.pool("p", ["tools-a", "plain", "tools-b"])
        let r = router(c)
        upstream.script("tools-a", .fail(.status(503, .transient)))
        let result = try await call(r, "p", Requirements(operation: .chat, capabilities: .tools))
        #expect(result.routing.member == "tools-b")
        #expect(upstream.calls("plain") == 0)
        #expect(upstream.calls("tools-a") == 1 && upstream.calls("tools-b") == 1)
    }

    @Test func noCapableMemberFailsWithoutAnyRequest() async throws {
        var c = TestCatalog()
        c.model("plain", [.chat])
        c.pool("p", ["plain"])
        let error = await #expect(throws: RouteError.self) {
            try await call(router(c), "p", Requirements(operation: .chat, capabilities: .vision))
        }
        #expect(error?.code == .noCapableMember)
        #expect(error?.description.contains("plain: skipped, lacks vision") == true)
        #expect(upstream.totalCalls == 0)
    }

    @Test func contextLengthEscalatesOnlyToLargerWindows() async throws {
        var c = TestCatalog()
        c.model("small", contextWindow: 16_000)
        c.model("same", contextWindow: 16_000)
        c.model("unknown")
        c.model("large", contextWindow: 128_000)
        c.pool("p", ["small", "same", "unknown", "large"])
        let r = router(c)
        upstream.script("small", .fail(.status(400, .contextLength)))
        let result = try await call(r, "p", Requirements(operation: .chat, estimatedPromptTokens: 12_000))
        #expect(result.routing.member == "large")
        #expect(upstream.calls("same") == 0 && upstream.calls("unknown") == 0)
        // Context errors say nothing about health.
        let small = try r.resolve("p", operation: .chat).members[0]
        #expect(r.health.health(of: small.healthID).failures == 0)
    }

    @Test func contextLengthWithNoLargerMemberIsACleanError() async throws {
        var c = TestCatalog()
        c.model("small", contextWindow: 16_000)
        c.model("smaller", contextWindow: 8_000)
        c.pool("p", ["small", "smaller"])
        upstream.script("small", .fail(.status(400, .contextLength)))
        let error = await #expect(throws: RouteError.self) {
            try await call(router(c), "p", Requirements(operation: .chat, estimatedPromptTokens: 100))
        }
        #expect(error?.code == .exhausted)
        #expect(error?.failure?.errorClass == .contextLength)
        #expect(error?.message.contains("does not fit") == true)
        #expect(upstream.calls("smaller") == 0)
    }

    @Test func attemptCapBoundsUpstreamRequests() async throws {
        let r = router(catalog(["a", "b", "c", "d", "e"], settings: RoutingSettings(maxAttempts: 3)))
        for m in ["a", "b", "c", "d", "e"] { upstream.script(m, .fail(.status(503, .transient))) }
        let error = await #expect(throws: RouteError.self) { try await call(r) }
        #expect(error?.code == .exhausted)
        #expect(upstream.totalCalls == 3)
        #expect(error?.routing.attempts.map(\.member) == ["a", "b", "c"])
        #expect(error?.description.contains("a (p): transient 503") == true)
    }

    @Test func oneLogicalAttemptPerMemberPerCall() async throws {
        let r = router(catalog(["a", "b"]))
        upstream.script("a", .fail(.status(503, .transient)))
        upstream.script("b", .fail(.status(503, .transient)))
        _ = await #expect(throws: RouteError.self) { try await call(r) }
        #expect(upstream.calls("a") == 1 && upstream.calls("b") == 1)
    }

    @Test func circuitOpensAndCooledMemberIsSkippedThenProbedOnce() async throws {
        let r = router(catalog(["a", "b"], settings: RoutingSettings(failureThreshold: 2, cooldown: .seconds(30))))
        upstream.script("a", .fail(.status(503, .transient)), .fail(.status(503, .transient)))
        _ = try await call(r)
        _ = try await call(r)
        #expect(upstream.calls("a") == 2)
        // Open: the next calls go straight to b.
        for _ in 0..<5 { #expect(try await call(r).routing.attempts.map(\.member) == ["b"]) }
        #expect(upstream.calls("a") == 2)
        clock.advance(by: .seconds(29.999))
        _ = try await call(r)
        #expect(upstream.calls("a") == 2)
        clock.advance(by: .milliseconds(2))
        let probe = try await call(r)
        #expect(probe.routing.member == "a")
        #expect(upstream.calls("a") == 3)
        #expect(try await call(r).routing.member == "a")
    }

    @Test func rateLimitedMemberIsCooledForRetryAfter() async throws {
        let r = router(catalog(["a", "b"]))
        upstream.script("a", .fail(.status(429, .rateLimited, retryAfter: .seconds(2))))
        #expect(try await call(r).routing.member == "b")
        clock.advance(by: .seconds(1.9))
        #expect(try await call(r).routing.member == "b")
        #expect(upstream.calls("a") == 1)
        clock.advance(by: .seconds(0.2))
        #expect(try await call(r).routing.member == "a")
    }

    @Test func allMembersCoolingFailsFastWithTheEarliestTime() async throws {
        let r = router(catalog(["a", "b"]))
        let start = clock.now()
        upstream.script("a", .fail(.status(429, .rateLimited, retryAfter: .seconds(20))))
        upstream.script("b", .fail(.status(401, .auth)))
        _ = await #expect(throws: RouteError.self) { try await call(r) }
        let calls = upstream.totalCalls
        let error = await #expect(throws: RouteError.self) { try await call(r) }
        #expect(error?.code == .allMembersUnavailable)
        #expect(error?.availableAt == start + .seconds(20))
        #expect(upstream.totalCalls == calls)
    }

    @Test func deadlineAbandonsASilentMemberAndEndsTheCall() async throws {
        let r = router(catalog(["a", "b"], settings: RoutingSettings(timeout: .seconds(10))))
        upstream.script("a", .hang)
        let task = Task { try await call(r) }
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(10))
        let result = await task.result
        guard case .failure(let error as RouteError) = result else {
            Issue.record("expected a RouteError, got \(result)")
            return
        }
        #expect(error.code == .deadlineExceeded)
        #expect(error.routing.attempts.first?.errorClass == .transient)
        #expect(upstream.calls("b") == 0)
    }

    @Test func aSlowFirstMemberLeavesTimeForTheNextInsideOneDeadline() async throws {
        // `--timeout 1s chat --no-stream` where the first member needs 3 s: by default an attempt
        // that another member could follow gets half the time left, so the second one serves.
        let r = router(catalog(["slow", "fast"], settings: RoutingSettings(timeout: .seconds(1))))
        upstream.script("slow", .hang)
        let start = clock.now()
        let task = Task { try await call(r) }
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(500))
        let result = try await task.value
        #expect(result.routing.member == "fast")
        #expect(result.routing.attempts.map(\.errorClass) == [.transient, nil])
        #expect(result.routing.attempts.first?.message?.contains("attempt_timeout") == true)
        #expect(clock.now() - start == .milliseconds(500))
        // A slow member is a transient failure for its health.
        let slow = try r.resolve("p", operation: .chat).members[0]
        #expect(r.health.health(of: slow.healthID).consecutiveFailures == 1)
    }

    @Test func attemptTimeoutIsConfigurableAndTheLastCandidateGetsTheRest() async throws {
        var settings = RoutingSettings(timeout: .seconds(10))
        settings.attemptTimeout = .seconds(2)
        let r = router(catalog(["a", "b"], settings: settings))
        upstream.script("a", .hang)
        upstream.script("b", .hang)
        let task = Task { try await call(r) }
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(2))
        while upstream.calls("b") == 0 { await Task.yield() }
        // b's limit is its own 2 s too; the call's deadline still bounds everything.
        clock.advance(by: .seconds(2))
        let error = await #expect(throws: RouteError.self) { try await task.value }
        #expect(error?.code == .exhausted)
        #expect(error?.routing.attempts.map(\.errorClass) == [.transient, .transient])
        #expect(
            settings.attemptDeadline(now: clock.now(), callDeadline: clock.now() + .seconds(1), another: true)
                == clock.now() + .seconds(1))
        // Without attempt_timeout: half the time left while another member could follow, else all of it.
        let auto = RoutingSettings()
        let now = clock.now()
        #expect(auto.attemptDeadline(now: now, callDeadline: now + .seconds(8), another: true) == now + .seconds(4))
        #expect(auto.attemptDeadline(now: now, callDeadline: now + .seconds(8), another: false) == now + .seconds(8))
    }

    @Test func streamsAreBoundedByTheirFirstTokenTimeoutNotTheAttemptLimit() async throws {
        let r = router(catalog(["a", "b"], settings: RoutingSettings(timeout: .seconds(10))))
        let result = try await r.route("p", requirements: .init(operation: .chat, capabilities: .streaming)) { ctx in
            ctx.deadline
        }
        #expect(result.value == clock.now() + .seconds(10))
    }

    @Test func commitPointStopsFailover() async throws {
        let r = router(catalog(["a", "b"]))
        let error = await #expect(throws: RouteError.self) {
            _ = try await r.route("p", requirements: .init(operation: .chat, capabilities: .streaming)) { ctx in
                ctx.commit()
                throw UpstreamFailure(.transient, message: "stream cut")
            }
        }
        #expect(error?.code == .interrupted)
        #expect(error?.routing.attempts.count == 1)
    }

    @Test func successAfterCommitRecordsTimeToFirstToken() async throws {
        let r = router(catalog(["a"]))
        let clock = self.clock
        let result = try await r.route("p", requirements: .init(operation: .chat)) { ctx in
            clock.advance(by: .milliseconds(50))
            ctx.commit()
            clock.advance(by: .milliseconds(150))
            return 1
        }
        let h = r.health.health(of: result.member.healthID)
        #expect(abs(h.timeToFirstTokenMs! - 50) < 0.01)
        #expect(abs(h.latencyMs! - 200) < 0.01)
    }

    @Test func callerCancellationIsNotFailedOverNorPenalised() async throws {
        let r = router(catalog(["a", "b"]))
        upstream.script("a", .hang)
        let task = Task { try await call(r) }
        while upstream.calls("a") == 0 { await Task.yield() }
        task.cancel()
        let result = await task.result
        guard case .failure(let error as RouteError) = result else {
            Issue.record("expected a RouteError, got \(result)")
            return
        }
        #expect(error.code == .cancelled)
        #expect(upstream.calls("b") == 0)
        let a = try r.resolve("p", operation: .chat).members[0]
        #expect(r.health.health(of: a.healthID).failures == 0)
    }
}
