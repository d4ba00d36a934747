import Testing

@testable import AIRouter

struct MemberHealthTests {
    let t0 = Timestamp(secondsSince1970: 1_000_000)
    let settings = RoutingSettings(failureThreshold: 3, cooldown: .seconds(30), maxCooldown: .seconds(300))
    let epsilon = Duration.milliseconds(1)

    @Test func opensAfterThresholdConsecutiveTransientFailures() {
        var h = MemberHealth()
        h.recordFailure(.transient, status: 503, at: t0, settings: settings)
        h.recordFailure(.transient, status: 503, at: t0, settings: settings)
        #expect(h.availability(at: t0) == .available)
        h.recordFailure(.transient, status: 503, at: t0, settings: settings)
        #expect(h.availability(at: t0) == .unavailable(until: t0 + .seconds(30)))
        #expect(h.state(at: t0) == .open)
    }

    @Test func successResetsTheConsecutiveCount() {
        var h = MemberHealth()
        h.recordFailure(.transient, at: t0, settings: settings)
        h.recordFailure(.transient, at: t0, settings: settings)
        h.recordSuccess(at: t0, latency: .milliseconds(100))
        h.recordFailure(.transient, at: t0, settings: settings)
        #expect(h.availability(at: t0) == .available)
        #expect(h.successes == 1 && h.failures == 3)
    }

    @Test func cooldownBoundaryAdmitsExactlyOneProbe() {
        var h = MemberHealth()
        for _ in 0..<3 { h.recordFailure(.transient, at: t0, settings: settings) }
        let end = t0 + .seconds(30)
        let before = Timestamp(secondsSince1970: end.secondsSince1970 - 0.001)
        #expect(!take(&h, at: before, leaseUntil: before + .seconds(60)))
        let after = end + epsilon
        #expect(take(&h, at: after, leaseUntil: after + .seconds(60)))
        #expect(h.state(at: after) == .halfOpen)
        // A second caller during the probe is refused.
        #expect(!take(&h, at: after, leaseUntil: after + .seconds(60)))
        #expect(!take(&h, at: after + .seconds(59), leaseUntil: after + .seconds(120)))
        // A lost probe (lease expired) lets the next caller probe.
        #expect(take(&h, at: after + .seconds(61), leaseUntil: after + .seconds(120)))
    }

    @Test func probeSuccessClosesProbeFailureDoublesUpToTheCap() {
        var h = MemberHealth()
        for _ in 0..<3 { h.recordFailure(.transient, at: t0, settings: settings) }
        var now = t0 + .seconds(30)
        var expected: [Double] = [60, 120, 240, 300, 300]
        while !expected.isEmpty {
            #expect(take(&h, at: now, leaseUntil: now + .seconds(10)))
            h.recordFailure(.transient, at: now, settings: settings)
            let cooldown = expected.removeFirst()
            #expect(h.availability(at: now) == .unavailable(until: now + .seconds(cooldown)))
            now = now + .seconds(cooldown)
        }
        #expect(take(&h, at: now, leaseUntil: now + .seconds(10)))
        h.recordSuccess(at: now, latency: nil)
        #expect(h.availability(at: now) == .available)
        #expect(h.ejections == 0 && h.consecutiveFailures == 0)
        // After a success the first ejection is the base cooldown again.
        for _ in 0..<3 { h.recordFailure(.transient, at: now, settings: settings) }
        #expect(h.availability(at: now) == .unavailable(until: now + .seconds(30)))
    }

    @Test func oneHardFailureOpensAtOnce() {
        // auth_cooldown and quota_cooldown default to max_cooldown (300 s here); only a
        // Retry-After hint may go beyond it, up to max_retry_after (1 h).
        let cases: [(ErrorClass, Duration?, Double)] = [
            (.rateLimited, .seconds(2), 2), (.rateLimited, nil, 30), (.rateLimited, .seconds(86400), 3600),
            (.quota, nil, 300), (.quota, .seconds(60), 300), (.quota, .seconds(1200), 1200), (.auth, nil, 300),
            (.notFound, nil, 300),
        ]
        for (errorClass, retryAfter, seconds) in cases {
            var h = MemberHealth()
            h.recordFailure(errorClass, status: 429, retryAfter: retryAfter, at: t0, settings: settings)
            #expect(h.availability(at: t0) == .unavailable(until: t0 + .seconds(seconds)), "\(errorClass)")
            #expect(h.openReason == errorClass)
        }
    }

    @Test func quotaCooldownHonoursLongerHintsButIsCapped() {
        var h = MemberHealth()
        h.recordFailure(.quota, retryAfter: .seconds(1_000_000), at: t0, settings: settings)
        #expect(h.availability(at: t0) == .unavailable(until: t0 + .seconds(3600)))
    }

    @Test func everyCooldownHonoursMaxCooldownButAHintMayExceedItUpToMaxRetryAfter() {
        // The first user's case: max_cooldown 1m, one 401 → one minute, not an hour.
        let short = RoutingSettings(cooldown: .seconds(10), maxCooldown: .seconds(60))
        for errorClass in [ErrorClass.auth, .notFound, .quota] {
            var h = MemberHealth()
            h.recordFailure(errorClass, status: 401, at: t0, settings: short)
            #expect(h.availability(at: t0) == .unavailable(until: t0 + .seconds(60)), "\(errorClass)")
        }
        // Explicit auth_cooldown / quota_cooldown above max_cooldown are capped; below it, kept.
        var long = short
        long.authCooldown = .seconds(3600)
        long.quotaCooldown = .seconds(20)
        var a = MemberHealth()
        a.recordFailure(.auth, status: 401, at: t0, settings: long)
        #expect(a.availability(at: t0) == .unavailable(until: t0 + .seconds(60)))
        var q = MemberHealth()
        q.recordFailure(.quota, status: 429, at: t0, settings: long)
        #expect(q.availability(at: t0) == .unavailable(until: t0 + .seconds(20)))
        // A provider's Retry-After goes beyond max_cooldown, up to max_retry_after.
        var r = MemberHealth()
        r.recordFailure(.rateLimited, status: 429, retryAfter: .seconds(600), at: t0, settings: short)
        #expect(r.availability(at: t0) == .unavailable(until: t0 + .seconds(600)))
        var capped = MemberHealth()
        capped.recordFailure(.rateLimited, status: 429, retryAfter: .seconds(86400), at: t0, settings: short)
        #expect(capped.availability(at: t0) == .unavailable(until: t0 + .seconds(3600)))
    }

    @Test func aNewCooldownNeverShortensAnExistingOne() {
        // 429 Retry-After 1 s, then 0.5 s later an auth failure (max_cooldown): the later deadline wins.
        var h = MemberHealth()
        h.recordFailure(.rateLimited, retryAfter: .seconds(1), at: t0, settings: settings)
        let later = t0 + .milliseconds(500)
        h.recordFailure(.auth, at: later, settings: settings)
        #expect(h.availability(at: later) == .unavailable(until: later + .seconds(300)))
        // Reverse: a long cooldown, then a short one: stays long.
        var g = MemberHealth()
        g.recordFailure(.auth, at: t0, settings: settings)
        g.recordFailure(.rateLimited, retryAfter: .seconds(1), at: later, settings: settings)
        #expect(g.availability(at: later) == .unavailable(until: t0 + .seconds(300)))
        #expect(g.openReason == .auth)
    }

    @Test(arguments: [ErrorClass.invalidRequest, .contextLength, .contentFilter, .cancelled])
    func requestErrorsDoNotTouchHealth(_ errorClass: ErrorClass) {
        var h = MemberHealth()
        for _ in 0..<10 { h.recordFailure(errorClass, status: 400, at: t0, settings: settings) }
        #expect(h.availability(at: t0) == .available)
        #expect(h.failures == 0 && h.consecutiveFailures == 0)
    }

    @Test func requestErrorDuringAProbeReleasesTheLease() {
        var h = MemberHealth()
        h.recordFailure(.auth, at: t0, settings: settings)
        let now = t0 + .seconds(3601)
        #expect(take(&h, at: now, leaseUntil: now + .seconds(60)))
        h.recordFailure(.invalidRequest, status: 400, at: now, settings: settings)
        #expect(take(&h, at: now, leaseUntil: now + .seconds(60)))
    }

    @Test func latencyAndTimeToFirstTokenAreAveraged() {
        var h = MemberHealth()
        h.recordSuccess(at: t0, latency: .milliseconds(100), timeToFirstToken: .milliseconds(40))
        #expect(h.latencyMs == 100 && h.timeToFirstTokenMs == 40)
        h.recordSuccess(at: t0, latency: .milliseconds(200), timeToFirstToken: nil)
        #expect(abs(h.latencyMs! - 130) < 1e-9)
        #expect(h.timeToFirstTokenMs == 40)
    }

    @Test func neverObservedIsUnknown() {
        #expect(MemberHealth().state(at: t0) == .unknown)
    }

    func take(_ h: inout MemberHealth, at now: Timestamp, leaseUntil: Timestamp) -> Bool {
        h.acquire(at: now, leaseUntil: leaseUntil)
    }
}
