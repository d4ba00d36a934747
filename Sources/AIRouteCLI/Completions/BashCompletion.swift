/// Generates `completions/airoute.bash` from ``CommandTable``.
///
/// The script finds the subcommand, a `-c PATH` and the role of the word under the cursor the
/// way ``ArgumentParser`` would (packed short options, `--opt=value`, `--`), then offers
/// subcommands, options, option values or positional arguments. Pool names come from
/// `airoute pools --json` at completion time. It needs bash 3.2 or later (`compopt`, for file
/// names with spaces, from 4.0) and no bash-completion package.
///
/// ```swift
/// let script = BashCompletion.script()   // the committed completions/airoute.bash
/// ```
enum BashCompletion {
    /// The whole script.
    static func script() -> String {
        [header, takesValue(), helpers, poolNames, value(), options(), arguments(), main]
            .joined(separator: "\n")
    }

    // MARK: - Generated from the table

    static func takesValue() -> String {
        var lines = [
            "# Succeeds when option $2 takes its value in the next word, for command $1 (empty before it).",
            "_airoute_takes_value() {",
            "    case $2 in",
        ]
        let global = CommandTable.global.filter(CompletionModel.takesSeparateValue)
        if !global.isEmpty { lines.append("        \(patterns(global))) return 0 ;;") }
        lines += ["    esac", "    case $1 in"]
        for command in CommandTable.commands {
            let options = command.options.filter(CompletionModel.takesSeparateValue)
            guard !options.isEmpty else { continue }
            lines.append("        \(command.name)) case $2 in \(patterns(options))) return 0 ;; esac ;;")
        }
        lines += ["    esac", "    return 1", "}", ""]
        return lines.joined(separator: "\n")
    }

    static func value() -> String {
        var lines = [
            "# Completes the value, starting with $3, of option $2 of command $1.",
            "_airoute_value() {",
            "    case $2 in",
        ]
        for option in CommandTable.global where option.completion != .none {
            lines.append("        \(patterns([option]))) \(action(option.completion, "\"$3\"")); return 0 ;;")
        }
        lines += ["    esac", "    case $1 in"]
        for command in CommandTable.commands {
            let options = command.options.filter { $0.completion != .none }
            guard !options.isEmpty else { continue }
            lines.append("        \(command.name)) case $2 in")
            for option in options {
                lines.append("            \(patterns([option]))) \(action(option.completion, "\"$3\"")) ;;")
            }
            lines.append("        esac ;;")
        }
        lines += ["    esac", "    return 0", "}", ""]
        return lines.joined(separator: "\n")
    }

    static func options() -> String {
        var lines = [
            "# Completes the options, starting with $2, of command $1 (only the global ones before it).",
            "_airoute_options() {",
            "    _airoute_add \"$2\" \(CommandTable.global.flatMap(CompletionModel.words).joined(separator: " "))",
            "    case $1 in",
        ]
        for command in CommandTable.commands where !command.options.isEmpty {
            let words = command.options.flatMap(CompletionModel.words).joined(separator: " ")
            lines.append("        \(command.name)) _airoute_add \"$2\" \(words) ;;")
        }
        lines += ["    esac", "    return 0", "}", ""]
        return lines.joined(separator: "\n")
    }

    static func arguments() -> String {
        let names = CommandTable.commands.map(\.name).joined(separator: " ")
        var lines = [
            "# Completes the argument, starting with $3, of command $1 that follows $2 others.",
            "_airoute_arguments() {",
            "    case $1 in",
            "        \"\") _airoute_add \"$3\" \(names) ;;",
        ]
        for kind in [CompletionModel.Argument.file, .pool, .command] {
            for single in [true, false] {
                let commands = CommandTable.commands.filter {
                    CompletionModel.argument(of: $0) == kind && CompletionModel.takesOneArgument($0) == single
                }
                guard !commands.isEmpty else { continue }
                let run =
                    kind == .command ? "_airoute_add \"$3\" \(names)" : action(kind == .file ? .file : .pool, "\"$3\"")
                let guarded = single ? "(($2 == 0)) && \(run)" : run
                lines.append("        \(commands.map(\.name).joined(separator: "|"))) \(guarded) ;;")
            }
        }
        for command in CommandTable.commands {
            guard case .action(let words) = CompletionModel.argument(of: command) else { continue }
            lines.append(
                "        \(command.name)) (($2 == 0)) && _airoute_add \"$3\" \(words.joined(separator: " ")) "
                    + "|| _airoute_files \"$3\" ;;")
        }
        lines += ["    esac", "    return 0", "}", ""]
        return lines.joined(separator: "\n")
    }

    private static func patterns(_ options: [OptionSpec]) -> String {
        options.flatMap { CompletionModel.words($0).reversed() }.joined(separator: "|")
    }

    private static func action(_ completion: OptionSpec.Completion, _ prefix: String) -> String {
        switch completion {
        case .none: return ":"
        case .file: return "_airoute_files \(prefix)"
        case .pool: return "_airoute_pools \(prefix)"
        case .choices(let choices): return "_airoute_add \(prefix) \(choices.joined(separator: " "))"
        case .configured(let key, let pool): return "_airoute_configured \(prefix) \(key) \(pool)"
        }
    }
}
