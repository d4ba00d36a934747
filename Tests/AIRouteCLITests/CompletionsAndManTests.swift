import Foundation
import Testing

@testable import AIRouteCLI
@testable import AIRouter

/// The shell completion scripts and the man page: generated from ``CommandTable``, committed,
/// and checked here for drift, coverage of every command and option, syntax and behaviour.
///
/// After changing the command table, regenerate the committed files with
/// `AIROUTE_REGENERATE=1 swift test --filter CompletionsAndManTests`.
@Suite("Completions and man page")
struct CompletionsAndManTests {
    typealias Support = CompletionsSupport

    // MARK: - Drift

    @Test("the committed file equals the generator's output", arguments: GeneratedFiles.all.map(\.path))
    func committedFileIsGenerated(path: String) throws {
        let generated = try #require(GeneratedFiles.contents(of: path, root: Support.root.path))
        let committed = try? Support.committed(path)
        #expect(
            committed == generated,
            "\(path) is out of date with CommandTable; regenerate it with: \(CompletionModel.regenerate)")
    }

    @Test("choice values are plain words that every shell can carry unquoted")
    func choicesArePlainWords() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        for option in CompletionModel.allOptions {
            guard case .choices(let choices) = option.completion else { continue }
            for choice in choices { #expect(!choice.isEmpty && choice.allSatisfy(allowed.contains), "\(choice)") }
        }
        for command in CommandTable.commands { #expect(command.name.allSatisfy(allowed.contains)) }
    }

    // MARK: - Man page

    /// The man page's lines, grouped by `.Sh` section (and `.Ss` subsection, as `COMMANDS/chat`).
    private func manSections() throws -> [String: [String]] {
        var sections: [String: [String]] = [:]
        var section = ""
        var subsection: String?
        for line in try Support.committed("man/airoute.1").split(separator: "\n").map(String.init) {
            if line.hasPrefix(".Sh ") {
                section = String(line.dropFirst(4))
                subsection = nil
            } else if line.hasPrefix(".Ss ") {
                subsection = String(line.dropFirst(4))
            }
            sections[subsection.map { "\(section)/\($0)" } ?? section, default: []].append(line)
        }
        return sections
    }

    /// The option words an mdoc `.It` line names: `.It Fl m , Fl -model Ar pool` names `-m`, `--model`.
    private func optionWords(_ lines: [String]) -> Set<String> {
        var words = Set<String>()
        for line in lines where line.hasPrefix(".It ") {
            let tokens = line.split(separator: " ").map(String.init)
            for (index, token) in tokens.enumerated() where token == "Fl" && index + 1 < tokens.count {
                words.insert("-" + tokens[index + 1])
            }
        }
        return words
    }

    @Test("the man page documents every command with exactly its options and arguments")
    func manPageCoversCommands() throws {
        let sections = try manSections()
        let synopsis = sections["SYNOPSIS"] ?? []
        for command in CommandTable.commands {
            #expect(synopsis.contains(".Cm \(command.name)"), "SYNOPSIS lacks \(command.name)")
            let lines = try #require(sections["COMMANDS/\(command.name)"], "COMMANDS lacks \(command.name)")
            #expect(optionWords(lines) == Support.words(command.options), "\(command.name)")
            for argument in command.argumentHelp {
                #expect(lines.contains(".It Ar \(argument.name)"), "\(command.name) lacks <\(argument.name)>")
            }
            let usage = lines.dropFirst().prefix { $0 != ".Pp" }
            for option in command.options {
                let form = option.short.map { "Fl \($0)" } ?? "Fl -\(option.long)"
                let listed = usage.contains {
                    $0 == ".Op \(form)" || $0.hasPrefix(".Op \(form) ") || $0 == ".\(form)" || $0.hasPrefix(".\(form) ")
                }
                #expect(listed, "the usage of \(command.name) lacks \(form)")
            }
        }
        #expect(optionWords(sections["GLOBAL OPTIONS"] ?? []) == Support.words(CommandTable.global))
    }

    @Test("the man page's configuration, environment, files and exit status follow docs/")
    func manPageReferenceSections() throws {
        let sections = try manSections()
        let configuration = (sections["CONFIGURATION"] ?? []).joined(separator: "\n")
        for path in [
            ".Fl -config Ar path", ".Ev AIROUTE_CONFIG", ".Pa $XDG_CONFIG_HOME/airoute/config.yaml",
            ".Pa ~/.config/airoute/config.yaml",
        ] {
            #expect(configuration.contains(path), "CONFIGURATION lacks \(path)")
        }
        let environment = Set(
            (sections["ENVIRONMENT"] ?? []).filter { $0.hasPrefix(".It Ev ") }.map { $0.dropFirst(7) })
        let catalogKeys = BuiltInCatalog.providers.flatMap(\.variables)
        #expect(ManPage.keyVariables.map(\.variable) == catalogKeys)
        for variable in catalogKeys + [
            "AIROUTE_CONFIG", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "AIROUTE_STATE_DIR",
            "AIROUTE_NOHISTORY", "NO_COLOR", "AIROUTE_LOG_LEVEL",
        ] {
            #expect(environment.contains(Substring(variable)), "ENVIRONMENT lacks \(variable)")
        }
        let files = sections["FILES"] ?? []
        for file in [
            "~/.config/airoute/config.yaml", "$XDG_STATE_HOME/airoute/health.json", "$XDG_STATE_HOME/airoute/history",
        ] {
            #expect(files.contains(".It Pa \(file)"), "FILES lacks \(file)")
        }
        let codes = (sections["EXIT STATUS"] ?? []).filter { $0.hasPrefix(".It ") }.map { $0.dropFirst(4) }
        #expect(codes == ["0", "1", "64", "65", "66", "69", "73", "75", "78", "130"])
        #expect(sections["EXAMPLES"] != nil && sections["SEE ALSO"] != nil)
    }

    @Test("mandoc -Tlint finds nothing to complain about", .enabled(if: Support.which("mandoc") != nil))
    func manPageLintsClean() async throws {
        let mandoc = try #require(Support.which("mandoc"))
        let result = try await Support.run(mandoc, ["-Tlint", "man/airoute.1", "man/airoute-config.5"])
        // The two pages name each other; neither is installed where the test runs.
        let findings = (result.out + result.err).split(separator: "\n").filter {
            !$0.contains("referenced manual not found: Xr airoute 1")
                && !$0.contains("referenced manual not found: Xr airoute-config 5")
        }
        #expect(findings == [])
    }

    @Test("airoute-config(5) has every key of docs/configuration.md's tables, each with its type and default")
    func configurationPageCoversTheReference() throws {
        let page = try Support.committed("man/airoute-config.5").split(separator: "\n").map(String.init)
        let reference = try String(
            contentsOf: Support.root.appendingPathComponent(ConfigManPage.source), encoding: .utf8)
        let keys = reference.split(separator: "\n").filter { $0.hasPrefix("| `") }.compactMap { row in
            row.split(separator: "|").first.map {
                ConfigManPage.inline(String($0)).trimmingCharacters(in: .whitespaces)
            }
        }
        #expect(keys.count > 60)
        for key in keys {
            let item = page.firstIndex { $0 == ".It Cm \(Mdoc.argument(key))" }
            #expect(item != nil, "airoute-config(5) lacks \(key)")
        }
        for section in ["DEFAULTS", "PROVIDERS", "MODELS", "POOLS", "SERVER", "STATE"] {
            #expect(page.contains(".Sh \(section)"), "airoute-config(5) lacks \(section)")
        }
        #expect(page.contains { $0.hasPrefix("Type: duration.") })
    }
}
