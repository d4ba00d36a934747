import Testing

@testable import AIRouter

struct ConfigurationDurationTests {
    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)),
        ("30s", .seconds(30)),
        ("5m", .seconds(300)),
        ("1h", .seconds(3600)),
        ("1.5s", .milliseconds(1500)),
        ("30", .seconds(30)),
        ("0.25", .milliseconds(250)),
        ("1m30s", .seconds(90)),
        (" 2s ", .seconds(2)),
        ("0s", .zero),
    ])
    func parsesGoodDurations(text: String, expected: Duration) throws {
        #expect(try DurationParser.parse(text).get() == expected)
    }

    @Test(arguments: [
        "", "-1s", "-5", "abc", "5 parsecs", "1.2.3s", "s", "10x", "1d", ".5s", "5.s", "1e3", "5ms5", "999999999999h",
    ])
    func rejectsBadDurations(text: String) {
        #expect(throws: DurationParser.Failure.self) { try DurationParser.parse(text).get() }
    }

    @Test func badDurationsInAFileCarryTheirLine() {
        let yaml = """
            version: 1
            defaults:
              timeout: 30s
              cooldown: -1s
              max_cooldown: soon
              idle_timeout: 0s
            """
        let errors = ConfigurationFixture.errors(yaml)
        #expect(errors.map(\.line) == [4, 5, 6])
        #expect(errors.map(\.key) == ["defaults.cooldown", "defaults.max_cooldown", "defaults.idle_timeout"])
        #expect(errors[0].message.contains("negative"))
        #expect(errors[1].message.contains("'soon'"))
    }

    @Test(arguments: [
        ("1024", 1024), ("25MB", 25_000_000), ("25 MiB", 26_214_400), ("500kb", 500_000), ("1.5GB", 1_500_000_000),
        ("10B", 10),
    ])
    func parsesByteSizes(text: String, expected: Int) {
        #expect(ByteSizeParser.parse(text) == expected)
    }

    @Test(arguments: ["", "MB", "-1", "1.5", "25 parsecs", "1..5MB"])
    func rejectsBadByteSizes(text: String) {
        #expect(ByteSizeParser.parse(text) == nil)
    }
}
