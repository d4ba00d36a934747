import Foundation

/// Generates `completions/_airoute` (zsh, `#compdef airoute`) from ``CommandTable``.
///
/// `_arguments` does the parsing: global options and the subcommand first, then, with the
/// words shifted, the subcommand's own options (global ones too) and positional argument. Pool
/// names come from `airoute pools --json` at completion time, honouring a `-c PATH` anywhere on
/// the line.
///
/// ```swift
/// let script = ZshCompletion.script()   // the committed completions/_airoute
/// ```
enum ZshCompletion {
    /// The whole script.
    static func script() -> String {
        [header, poolsFunction, commandsFunction(), mainFunction(), footer].joined(separator: "\n")
    }

    // MARK: - Generated from the table

    static func commandsFunction() -> String {
        var lines = [
            "# Completes a subcommand name.",
            "_airoute_commands() {",
            "    local -a commands=(",
        ]
        for command in CommandTable.commands {
            lines.append(
                "        '\(quoted(command.name.replacingOccurrences(of: ":", with: "\\:"))):\(quoted(command.abstract))'"
            )
        }
        lines += ["    )", "    _describe -t commands 'airoute command' commands", "}", ""]
        return lines.joined(separator: "\n")
    }

    static func mainFunction() -> String {
        var lines = [
            "# Completes an airoute command line.",
            "_airoute() {",
            "    local curcontext=$curcontext state state_descr line ret=1",
            "    local -A opt_args",
            "    local -a _airoute_line=(\"${words[@]}\")",
            "    local -a global=(",
        ]
        lines += CommandTable.global.map { "        " + spec($0) }
        lines += [
            "    )",
            "    _arguments -C -s -S : $global ': :_airoute_commands' '*:: :->args' && ret=0",
            "    [[ $state == args ]] || return ret",
            "    curcontext=${curcontext%:*:*}:airoute-$words[1]:",
            "    case $words[1] in",
        ]
        for command in CommandTable.commands {
            lines.append("        (\(command.name))")
            lines.append("            _arguments -s -S : $global \\")
            for option in command.options { lines.append("                \(spec(option)) \\") }
            lines.append("                \(argumentSpec(command)) && ret=0")
            lines.append("            ;;")
        }
        lines += ["    esac", "    return ret", "}", ""]
        return lines.joined(separator: "\n")
    }

    /// `'(-m --model)'{-m+,--model=}'[The pool…]:pool:_airoute_pools'`.
    static func spec(_ option: OptionSpec) -> String {
        let help = "[\(quoted(escaped(option.help)))]"
        var names: [String]
        var value = ""
        switch option.arity {
        case .flag:
            names = ["--\(option.long)"] + (option.short.map { ["-\($0)"] } ?? [])
        case .value(let name):
            names = ["--\(option.long)="] + (option.short.map { ["-\($0)+"] } ?? [])
            value = ":\(quoted(name)):\(action(option.completion))"
        case .optionalValue(let name):
            names = ["--\(option.long)=-"] + (option.short.map { ["-\($0)"] } ?? [])
            value = "::\(quoted(name)):\(action(option.completion))"
        }
        let exclusive = "'(" + CompletionModel.words(option).joined(separator: " ") + ")'"
        let forms = names.count == 1 ? names[0] : "{" + names.sorted().joined(separator: ",") + "}"
        return exclusive + forms + "'" + help + value + "'"
    }

    static func argumentSpec(_ command: CommandSpec) -> String {
        let name = command.argumentHelp.first?.name ?? "argument"
        let action: String
        switch CompletionModel.argument(of: command) {
        case .none: action = " "
        case .file: action = "_files"
        case .pool: action = "_airoute_pools"
        case .command: action = "_airoute_commands"
        case .action(let words): action = "(\(words.joined(separator: " ")))"
        }
        let optional = command.arguments.hasPrefix("[")
        let prefix = CompletionModel.takesOneArgument(command) ? (optional ? "::" : ":") : "*:"
        return "'\(prefix)\(quoted(name)):\(action)'"
    }

    private static func action(_ completion: OptionSpec.Completion) -> String {
        switch completion {
        case .none: return " "
        case .file: return "_files"
        case .pool: return "_airoute_pools"
        case .choices(let choices): return "(\(choices.joined(separator: " ")))"
        case .configured(let key, let pool): return "_airoute_configured \(key) \(pool)"
        }
    }

    /// Escapes `\`, `[` and `]` for an `_arguments` explanation.
    private static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if character == "\\" || character == "[" || character == "]" { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// Escapes a single quote inside a single-quoted zsh word.
    private static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "'", with: "'\\''")
    }
}
