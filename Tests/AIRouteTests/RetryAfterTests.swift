import Testing

@_spi(Testing) @testable import AIRoute

struct RetryAfterTests {
    static let now = Timestamp(secondsSince1970: 1_764_061_200)  // 2025-11-25T09:00:00Z
    static let cap = Duration.seconds(3600)

    static func parse(_ headers: [(String, String)], body: String? = nil) -> Double? {
        RetryAfter.parse(
            headers: headers.map { (name: $0.0, value: $0.1) }, bodyRetryDelay: body, now: now, cap: cap
        )?.seconds
    }

    @Test(arguments: [
        ("20", 20.0), ("1.5", 1.5), ("60", 60.0), ("61", 61.0), (" 7 ", 7.0),
        ("99999999999", 3600.0),  // huge → capped
    ])
    func secondsAreHonouredAndCapped(_ value: String, _ expected: Double) {
        #expect(Self.parse([("Retry-After", value)]) == expected)
    }

    @Test(arguments: [
        "0", "-10", "", "abc", "0x10", "²", "١٢", "1e3", "inf", "nan", "1.2.3", ".",
        String(repeating: "9", count: 4301),
    ])
    func garbageIsNoHint(_ value: String) {
        #expect(Self.parse([("Retry-After", value)]) == nil)
    }

    @Test func httpDatesInTheFutureAndPast() {
        #expect(Self.parse([("retry-after", "Tue, 25 Nov 2025 09:00:20 GMT")]) == 20)
        #expect(Self.parse([("retry-after", "Tue, 25 Nov 2025 08:59:00 GMT")]) == nil)
        #expect(Self.parse([("retry-after", "Fri, 31 Dec 9999 23:59:59 GMT")]) == 3600)
        #expect(Self.parse([("retry-after", "Tue, 31 Feb 2025 09:00:20 GMT")]) == nil)
        #expect(Self.parse([("retry-after", "Tuesday, 25-Nov-25 09:00:20 GMT")]) == nil)
    }

    @Test func millisecondsBeatSeconds() {
        #expect(Self.parse([("retry-after", "9"), ("retry-after-ms", "1500")]) == 1.5)
        #expect(Self.parse([("retry-after-ms", "1e308")]) == nil)
        #expect(Self.parse([("retry-after-ms", "junk"), ("retry-after", "3")]) == 3)
    }

    @Test func geminiBodyDelayAndGoDurations() {
        #expect(Self.parse([], body: "26s") == 26)
        #expect(Self.parse([], body: "0.5s") == 0.5)
        #expect(Self.parse([("x-ratelimit-reset-requests", "6m0s")]) == 360)
        #expect(Self.parse([("x-ratelimit-reset-tokens", "12ms")]) == 0.012)
        #expect(Self.parse([("x-ratelimit-reset-requests", "1m2.5s")]) == 62.5)
        #expect(Self.parse([("x-ratelimit-reset-requests", "6x")]) == nil)
    }

    @Test func anthropicResetTimes() {
        #expect(Self.parse([("anthropic-ratelimit-requests-reset", "2025-11-25T09:00:30Z")]) == 30)
        #expect(Self.parse([("anthropic-ratelimit-tokens-reset", "2025-11-25T10:00:30+01:00")]) == 30)
        #expect(Self.parse([("anthropic-ratelimit-tokens-reset", "2025-11-25T08:00:00Z")]) == nil)
    }

    @Test func neverNegativeNonFiniteOrOverTheCap() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789.-e GMTms,:")
        for _ in 0..<2000 {
            let value = String(
                (0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            for name in ["retry-after", "retry-after-ms", "x-ratelimit-reset-requests"] {
                if let v = Self.parse([(name, value)]) {
                    #expect(v > 0 && v.isFinite && v <= 3600, "\(name): \(value) → \(v)")
                }
            }
        }
    }
}
