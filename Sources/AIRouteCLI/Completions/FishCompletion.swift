import Foundation

/// Generates `completions/airoute.fish` from ``CommandTable``.
///
/// fish's `argparse`, given every option of the table, finds the subcommand, its positional
/// arguments and a `-c PATH` on the command line; one `complete` line per option, subcommand
/// and positional argument does the rest. Pool names come from `airoute pools --json` at
/// completion time.
///
/// ```swift
/// let script = FishCompletion.script()   // the committed completions/airoute.fish
/// ```
enum FishCompletion {
    /// The whole script.
    static func script() -> String {
        [header, functions(), completions()].joined(separator: "\n")
    }

    // MARK: - Generated from the table

    /// `c/config=`, `json`, `probe=?`: `argparse` specs for every option of the table.
    static var argparseSpecs: String {
        // argparse refuses a letter given twice (the global -q, --quiet and logs' -q, --query):
        // the first option keeps it, so the specs parse.
        var letters = Set<Character>()
        return CompletionModel.allOptions.map { option in
            let short = option.short.flatMap { letters.insert($0).inserted ? $0 : nil }
            let name = (short.map { "\($0)/" } ?? "") + option.long
            switch option.arity {
            case .flag: return name
            case .value: return name + "="
            case .optionalValue: return name + "=?"
            }
        }.map { "'\($0)'" }.joined(separator: " ")
    }

    static func completions() -> String {
        var lines = ["complete -c airoute -f", "", "# Subcommands."]
        for command in CommandTable.commands {
            lines.append(
                "complete -c airoute -n __airoute_needs_command -a \(command.name) -d \(quoted(command.abstract))")
        }
        lines += ["", "# Global options, before or after the subcommand."]
        lines += CommandTable.global.map { line(for: $0, condition: nil) }
        for command in CommandTable.commands {
            lines += ["", "# airoute \(command.name)"]
            let condition = "__airoute_using \(command.name)"
            lines += command.options.map { line(for: $0, condition: condition) }
            let limit = CompletionModel.takesOneArgument(command) ? " 1" : ""
            let using = "-n '\(condition)\(limit)'"
            switch CompletionModel.argument(of: command) {
            case .none: break
            case .file: lines.append("complete -c airoute \(using) -F")
            case .pool: lines.append("complete -c airoute \(using) -a '(__airoute_pools)'")
            case .action(let words):
                lines.append("complete -c airoute \(using) -a \(quoted(words.joined(separator: " ")))")
            case .command:
                for other in CommandTable.commands {
                    lines.append("complete -c airoute \(using) -a \(other.name) -d \(quoted(other.abstract))")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `complete -c airoute -n '…' -s m -l model -x -a '(__airoute_pools)' -d '…'`.
    static func line(for option: OptionSpec, condition: String?) -> String {
        var parts = ["complete -c airoute"]
        if let condition { parts.append("-n '\(condition)'") }
        if let short = option.short { parts.append("-s \(short)") }
        parts.append("-l \(option.long)")
        let value: String
        switch option.completion {
        case .none: value = ""
        case .file: value = "-F"
        case .pool: value = "-a '(__airoute_pools)'"
        case .choices(let choices): value = "-a \(quoted(choices.joined(separator: " ")))"
        case .configured(let key, let pool): value = "-a '(__airoute_config_values \(key) \(pool))'"
        }
        switch option.arity {
        case .flag: break
        case .value: parts.append(option.completion == .file ? "-r" : "-x")
        case .optionalValue: break
        }
        if !value.isEmpty { parts.append(value) }
        parts.append("-d \(quoted(option.help))")
        return parts.joined(separator: " ")
    }

    /// A fish single-quoted word: `\` and `'` are escaped inside.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
