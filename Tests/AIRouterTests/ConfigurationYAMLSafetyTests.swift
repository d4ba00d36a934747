import Testing

@testable import AIRouter

struct ConfigurationYAMLSafetyTests {
    @Test func recursiveAliasIsACleanError() {
        let errors = ConfigurationFixture.errors("version: 1\nmodels: &loop\n  a: *loop\n")
        #expect(errors.count == 1)
        #expect(errors.first?.line == 3)
        #expect(errors.first?.message.contains("undefined alias") == true)
    }

    @Test func recursiveSequenceAliasIsACleanError() {
        let errors = ConfigurationFixture.errors("version: 1\nx: &a [1, *a]\n")
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("alias") == true)
    }

    @Test func aliasExpansionBombIsRefused() {
        var lines = ["version: 1", "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...8 {
            let previous = level == 1 ? "a" : "a\(level - 1)"
            let items = Array(repeating: "*\(previous)", count: 9).joined(separator: ", ")
            lines.append("a\(level): &a\(level) [\(items)]")
        }
        let errors = ConfigurationFixture.errors(lines.joined(separator: "\n"))
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("expands to more than") == true)
    }

    @Test func harmlessAliasesWork() throws {
        let yaml = """
            version: 1
            providers: {m: {type: mock}}
            models:
              a: &chat {provider: m, capabilities: [chat, streaming]}
              b: *chat
            pools:
              text-generation: {members: [a, b]}
            """
        let configuration = try ConfigurationFixture.parse(yaml)
        #expect(configuration.models["b"]?.capabilities == [.chat, .streaming])
    }

    @Test func oversizedDocumentIsRefused() {
        let yaml = "version: 1\n# " + String(repeating: "x", count: YAMLDocument.maximumBytes) + "\n"
        let errors = ConfigurationFixture.errors(yaml)
        #expect(errors.first?.message.contains("larger than") == true)
    }

    @Test func duplicateKeysAreAnError() {
        let errors = ConfigurationFixture.errors("version: 1\npools: {}\npools: {}\n")
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("duplicate key 'pools'") == true)
    }

    @Test func syntaxErrorsCarryALine() {
        let errors = ConfigurationFixture.errors("version: 1\nproviders:\n  a: [unclosed\n")
        #expect(errors.count == 1)
        #expect(errors.first?.line != nil)
        #expect(errors.first?.message.hasPrefix("YAML: ") == true)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let yaml = "version: 1\nx: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(!ConfigurationFixture.errors(yaml).isEmpty)
    }
}
