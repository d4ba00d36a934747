import Foundation
import Testing

@testable import AIRouteCLI

/// The three completion scripts: coverage of the table, syntax, and bash's behaviour.
extension CompletionsAndManTests {
    // MARK: - Coverage

    @Test("bash offers each command's options, values and arguments in the right case branch")
    func bashCoversTable() throws {
        let script = try Support.committed("completions/airoute.bash")
        let options = Support.function("_airoute_options", in: script)
        let globalLine = try #require(options.first { $0.hasPrefix("    _airoute_add \"$2\" ") })
        #expect(
            Set(globalLine.split(separator: " ").dropFirst(2).map(String.init)) == Support.words(CommandTable.global))
        let takesValue = Support.function("_airoute_takes_value", in: script)
        let values = Support.function("_airoute_value", in: script).joined(separator: "\n")
        for command in CommandTable.commands {
            let branch = options.first { $0.hasPrefix("        \(command.name)) _airoute_add \"$2\" ") }
            let offered = branch.map { Set($0.split(separator: " ").dropFirst(3).dropLast().map(String.init)) } ?? []
            #expect(offered == Support.words(command.options), "_airoute_options: \(command.name)")
            let valued = command.options.filter(CompletionModel.takesSeparateValue)
            let valueBranch = takesValue.first { $0.hasPrefix("        \(command.name)) ") } ?? ""
            for option in valued {
                for word in CompletionModel.words(option) {
                    #expect(valueBranch.contains(word), "_airoute_takes_value: \(command.name) \(word)")
                }
            }
            for option in command.options where option.completion != .none {
                #expect(values.contains("\(command.name)) case $2 in"), "_airoute_value: \(command.name)")
                #expect(values.contains("--\(option.long))"), "_airoute_value: \(command.name) --\(option.long)")
            }
        }
        let arguments = Support.function("_airoute_arguments", in: script)
        let names = CommandTable.commands.map(\.name).joined(separator: " ")
        #expect(arguments.contains("        \"\") _airoute_add \"$3\" \(names) ;;"))
        #expect(arguments.contains { $0.contains("help)") && $0.hasSuffix("_airoute_add \"$3\" \(names) ;;") })
    }

    @Test("zsh offers every command and, per command, exactly its options and the global ones")
    func zshCoversTable() throws {
        let script = try Support.committed("completions/_airoute")
        #expect(script.hasPrefix("#compdef airoute\n"))
        let commands = Support.function("_airoute_commands", in: script)
        for command in CommandTable.commands {
            #expect(
                commands.contains { $0.hasPrefix("        '\(command.name):") }, "_airoute_commands: \(command.name)")
        }
        let main = Support.function("_airoute", in: script)
        /// The option words of the `'(-m --model)'…` specs among `lines`.
        func specWords(_ lines: some Sequence<String>) -> Set<String> {
            Set(
                lines.compactMap { line -> [String]? in
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    guard trimmed.hasPrefix("'("), let close = trimmed.firstIndex(of: ")") else { return nil }
                    return trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2)..<close].split(separator: " ").map(
                        String.init)
                }.joined())
        }
        let globalEnd = try #require(main.firstIndex(of: "    )"))
        #expect(specWords(main[..<globalEnd]) == Support.words(CommandTable.global))
        for command in CommandTable.commands {
            let start = try #require(main.firstIndex(of: "        (\(command.name))"), "_airoute: \(command.name)")
            let end = main[start...].firstIndex(of: "            ;;") ?? main.endIndex
            let branch = main[start..<end]
            #expect(specWords(branch) == Support.words(command.options), "_airoute: \(command.name)")
            #expect(branch.contains { $0.contains("_arguments -s -S : $global") })
            for option in command.options where option.completion == .pool {
                #expect(branch.contains { $0.contains("--\(option.long)") && $0.contains(":_airoute_pools'") })
            }
        }
    }

    @Test("fish offers every command, the global options anywhere and each command's options after it")
    func fishCoversTable() throws {
        let script = try Support.committed("completions/airoute.fish")
        var byCondition: [String: Set<String>] = [:]
        var subcommands = Set<String>()
        for line in script.split(separator: "\n").map(String.init) where line.hasPrefix("complete -c airoute ") {
            let words = Support.fishWords(line)
            var condition = ""
            var index = 3
            while index < words.count {
                let word = words[index]
                let next = index + 1 < words.count ? words[index + 1] : ""
                switch word {
                case "-n": condition = next
                case "-s": byCondition[condition, default: []].insert("-" + next)
                case "-l": byCondition[condition, default: []].insert("--" + next)
                case "-a" where condition == "__airoute_needs_command": subcommands.insert(next)
                case "-a", "-d": break
                default: index -= 1
                }
                index += 2
            }
        }
        #expect(subcommands == Set(CommandTable.commands.map(\.name)))
        #expect(byCondition[""] == Support.words(CommandTable.global))
        for command in CommandTable.commands where !command.options.isEmpty {
            #expect(byCondition["__airoute_using \(command.name)"] == Support.words(command.options), "\(command.name)")
        }
    }

    // MARK: - Syntax

    @Test("bash accepts the script (bash -n)")
    func bashSyntax() async throws {
        let result = try await Support.run(try #require(Support.which("bash")), ["-n", "completions/airoute.bash"])
        #expect(result.status == 0, "\(result.err)")
    }

    @Test("zsh accepts the script (zsh -n)", .enabled(if: Support.which("zsh") != nil))
    func zshSyntax() async throws {
        let result = try await Support.run(try #require(Support.which("zsh")), ["-n", "completions/_airoute"])
        #expect(result.status == 0, "\(result.err)")
    }

    @Test("fish accepts the script (fish --no-execute)", .enabled(if: Support.which("fish") != nil))
    func fishSyntax() async throws {
        let result = try await Support.run(
            try #require(Support.which("fish")), ["--no-execute", "completions/airoute.fish"])
        #expect(result.status == 0, "\(result.err)")
    }

    @Test(
        "fish completes subcommands' arguments and the configuration's pools and voices",
        .enabled(if: Support.which("fish") != nil && Support.binary != nil))
    func fishCompletes() async throws {
        let fish = try #require(Support.which("fish"))
        let bin = try #require(Support.binary).path
        let offline = Support.root.appendingPathComponent("examples/offline.yaml").path
        /// The words fish offers for `line`, without their descriptions.
        func complete(_ line: String) async throws -> [String] {
            let script = "source completions/airoute.fish; complete -C \(Support.fishQuoted(line))"
            let result = try await Support.run(fish, ["--no-config", "-c", script])
            return result.out.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) }
        }
        #expect(try await complete("airoute config ") == ["check", "init", "path"])
        #expect(try await complete("airoute help con") == ["config"])
        #expect(try await complete("\(bin) -c \(offline) speak --voice ") == ["alloy", "echo", "nova"])
        #expect(try await complete("\(bin) -c \(offline) chat -m text-to") == ["text-to-image", "text-to-speech"])
    }
}
