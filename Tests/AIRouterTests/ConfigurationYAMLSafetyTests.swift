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

struct ConfigurationYAMLAliasKeyTests {
    /// Levels of ten aliases each: hashing such a key in full would never finish.
    static let bombPrefix = """
        version: 1
        a: &a [x, x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
        f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
        g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
        h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]

        """

    @Test(arguments: [
        ("? [*h, *h]\n: 1\n? [*h, *g]\n: 2\n", 10),
        ("*h : 1\n*g : 2\n", 10),
        ("x:\n  [*h, *h]: 1\n  [*h, *g]: 2\n", 11),
        ("x: {*h: 1, *g: 2}\n", 10),
    ])
    func aliasedComplexKeysAreRefusedBeforeHashing(suffix: String, line: Int) {
        let errors = ConfigurationFixture.errors(Self.bombPrefix + suffix)
        #expect(errors.count == 1)
        #expect(errors.first?.line == line)
        #expect(errors.first?.message.contains("complex mapping keys") == true)
    }

    @Test func guardIgnoresOrdinaryDocuments() {
        let text = """
            version: 1   # a comment with * and ? [x]: y
            a: &anchor {b: "quoted * ? [x]: y", c: '*z: 1'}
            d: *anchor
            e: [1, 2]
            f: "{a}: b"
            g: 5 * 3
            """
        #expect(YAMLAliasGuard.complexKeyLineInDocumentWithAliases(text) == nil)
        #expect(YAMLAliasGuard.complexKeyLineInDocumentWithAliases("? [a, b]\n: 1\n") == nil)
    }
}
