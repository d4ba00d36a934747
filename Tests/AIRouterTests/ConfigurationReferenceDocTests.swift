import Foundation
import Testing

@testable import AIRouter

/// `docs/configuration.md` documents exactly the keys the reader accepts: a key added to (or
/// removed from) `ConfigurationReader` without its row in the reference fails here.
struct ConfigurationReferenceDocTests {
    /// `docs/configuration.md`, or empty when it cannot be read.
    static let text: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/configuration.md"), encoding: .utf8)) ?? ""
    }()

    /// The documented keys of each section: the first-column `` `key` `` of every row of a table
    /// headed `| key |` (or `| variable |`), by the heading (`## ` or `### `) the table sits under.
    static let reference: [String: [String]] = {
        var sections: [String: [String]] = [:]
        var heading = ""
        var inKeyTable = false
        var inTable = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") || line.hasPrefix("### ") {
                heading = String(line.drop { $0 == "#" }.dropFirst())
            }
            guard line.hasPrefix("|") else {
                inTable = false
                continue
            }
            if !inTable {
                inTable = true
                inKeyTable = line.hasPrefix("| key |") || line.hasPrefix("| variable |")
            } else if inKeyTable && line.hasPrefix("| `") {
                sections[heading, default: []].append(String(line.dropFirst(3).prefix { $0 != "`" }))
            }
        }
        return sections
    }()

    static func documented(_ heading: String) -> [String] { reference[heading] ?? [] }

    /// The row of the "Values" table that describes `kind`.
    static func valuesRow(_ kind: String) -> String {
        text.split(separator: "\n").first { $0.hasPrefix("| \(kind) |") }.map(String.init) ?? ""
    }

    @Test func theReferenceIsFound() {
        #expect(Self.reference.count >= 8, "docs/configuration.md is missing or has lost its key tables")
    }

    @Test func topLevelKeys() {
        #expect(Set(Self.documented("Top level")) == Set(ConfigurationReader.topLevelKeys))
    }

    @Test func defaultsKeysIncludingTheNewerOnes() {
        let documented = Set(Self.documented("`defaults:`"))
        #expect(documented == Set(ConfigurationReader.settingsKeys))
        for key in ["attempt_timeout", "auth_cooldown", "quota_cooldown", "max_retry_after"] {
            #expect(documented.contains(key))
        }
    }

    @Test func providerKeys() {
        #expect(Set(Self.documented("`providers:`")) == Set(ConfigurationReader.providerKeys))
    }

    @Test func modelAndCostKeys() {
        #expect(Set(Self.documented("`models:`")) == Set(ConfigurationReader.modelKeys))
        #expect(Set(Self.documented("`cost:`")) == Set(ConfigurationReader.costKeys))
    }

    @Test func serverAndClientKeyKeys() {
        #expect(Set(Self.documented("`server:`")) == Set(ConfigurationReader.serverKeys))
        #expect(Set(Self.documented("Client keys")) == Set(ConfigurationReader.clientKeyKeys))
    }

    @Test func stateKeys() {
        #expect(Set(Self.documented("`state:`")) == Set(ConfigurationReader.stateKeys))
    }

    /// A pool accepts its own keys and every key of `defaults:`, which the pool section refers to.
    @Test func poolAndMemberKeys() {
        let documented = Set(Self.documented("`pools:`"))
        #expect(documented.isDisjoint(with: ConfigurationReader.settingsKeys))
        #expect(documented.union(ConfigurationReader.settingsKeys) == Set(ConfigurationReader.poolKeys))
        #expect(Set(Self.documented("Members")) == Set(ConfigurationReader.memberKeys))
    }

    @Test func valueVocabularies() {
        let capabilities = Self.valuesRow("capability")
        for (name, _) in CapabilitySet.named { #expect(capabilities.contains("`\(name)`"), "capability \(name)") }
        let operations = Self.valuesRow("operation")
        for operation in ModelOperation.allCases { #expect(operations.contains("`\(operation.rawValue)`")) }
        let strategies = Self.valuesRow("strategy")
        for strategy in RoutingStrategy.allCases { #expect(strategies.contains("`\(strategy.rawValue)`")) }
    }

    @Test func everyVariableOfTheBuiltInConfiguration() {
        var read: Set<String> = []
        for provider in BuiltInCatalog.providers {
            read.formUnion(provider.variables)
            if let variable = provider.baseURLVariable { read.insert(variable) }
            if let variable = provider.apiVersionVariable { read.insert(variable) }
        }
        #expect(Set(Self.documented("The built-in configuration")) == read)
    }
}
