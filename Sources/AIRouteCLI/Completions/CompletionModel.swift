/// What the shell completion scripts and the man page derive from ``CommandTable``, beyond the
/// table's own fields: which options take a value, what a command's positional argument
/// completes to, and how a script reads the pool names of the configuration.
///
/// Nothing here is a second source of truth: a positional argument's kind follows from its name
/// in ``CommandSpec/argumentHelp`` (`file`, `pool`, `command`), and everything else from
/// ``OptionSpec``.
enum CompletionModel {
    /// What a command's positional argument completes to.
    enum Argument: Equatable {
        /// Free text: nothing to offer.
        case none
        /// A file name.
        case file
        /// A pool name of the configuration.
        case pool
        /// A subcommand name (`airoute help <TAB>`).
        case command
        /// One of the command's actions (`airoute config <TAB>`: path, init, check).
        case action([String])
    }

    /// The completion of `command`'s positional argument, from its name in the table.
    static func argument(of command: CommandSpec) -> Argument {
        switch command.argumentHelp.first?.name {
        case "file": return .file
        case "pool": return .pool
        case "command": return .command
        case "action": return .action(CommandTable.configActions)
        default: return .none
        }
    }

    /// Whether `command` takes a single positional (`<file>`, `[<pool>]`) rather than a list.
    static func takesOneArgument(_ command: CommandSpec) -> Bool {
        !command.arguments.contains("...")
    }

    /// Whether the option takes a value in the next word (`-m POOL`), not only inline.
    static func takesSeparateValue(_ option: OptionSpec) -> Bool {
        if case .value = option.arity { return true }
        return false
    }

    /// The value's placeholder name (`pool`), or `nil` for a flag.
    static func valueName(_ option: OptionSpec) -> String? {
        switch option.arity {
        case .flag: return nil
        case .value(let name), .optionalValue(let name): return name
        }
    }

    /// The words that name the option: `["--model", "-m"]`.
    static func words(_ option: OptionSpec) -> [String] {
        ["--\(option.long)"] + (option.short.map { ["-\($0)"] } ?? [])
    }

    /// The commands, each with the options it accepts besides the global ones.
    static var commands: [CommandSpec] { CommandTable.commands }

    /// Every option of every command, once per long name, in table order (global ones first).
    static var allOptions: [OptionSpec] {
        var seen = Set<String>()
        var result: [OptionSpec] = []
        for option in CommandTable.global + CommandTable.commands.flatMap(\.options) where !seen.contains(option.long) {
            seen.insert(option.long)
            result.append(option)
        }
        return result
    }

    /// Whether `option` is required in `command`'s usage line (`speak -o FILE`), as
    /// ``HelpText/usage(_:)`` shows it: the same token without brackets.
    static func isRequired(_ option: OptionSpec, in command: CommandSpec) -> Bool {
        var token = option.short.map { "-\($0)" } ?? "--\(option.long)"
        switch option.arity {
        case .flag: break
        case .value(let name): token += " <\(name)>"
        case .optionalValue(let name): token = "--\(option.long)[=<\(name)>]"
        }
        let usage = HelpText.usage(command.name)
        return usage.contains(" \(token)") && !usage.contains("[\(token)]")
    }

    /// The line that tells a reader of a generated file how to regenerate it.
    static let regenerate = "AIROUTE_REGENERATE=1 swift test --filter CompletionsAndManTests"

    /// An awk program that prints values from the output of `airoute pools --json`, one a line,
    /// each once: for `-v k=name` the pool names (the string values of the `name` keys of the
    /// objects directly inside the top-level array), for another key (`voices`, `formats`) the
    /// strings of the lists that key holds at any depth (the members'). Anything outside a
    /// top-level array, such as an error object, is skipped. It tracks strings, escapes and
    /// nesting, so it holds whatever the keys' order or spacing. It contains neither a backslash
    /// nor a single quote, so every shell can carry it verbatim in single quotes.
    static let poolNamesAwk = """
        BEGIN { q = sprintf("%c", 34); b = sprintf("%c", 92) }
        { t = t $0 " " }
        END {
            n = length(t); d = 0; key = 0; want = 0; top = ""; list = 0
            for (i = 1; i <= n; i++) {
                c = substr(t, i, 1)
                if (c == q) {
                    s = ""
                    for (i++; i <= n; i++) {
                        c = substr(t, i, 1)
                        if (c == q) break
                        if (c == b) { i++; c = substr(t, i, 1) }
                        s = s c
                    }
                    if (top == "[" && (want || (list && d == list)) && !(s in seen)) { seen[s] = 1; print s }
                    want = 0; key = (s == k && (k != "name" || d == 2))
                } else if (c == ":") {
                    want = key; key = 0
                } else if (c == "{" || c == "[") {
                    if (d == 0) top = c
                    d++
                    if (want && c == "[") list = d
                    want = 0; key = 0
                } else if (c == "}" || c == "]") {
                    if (d == list) list = 0
                    d--; want = 0; key = 0
                } else if (c > " ") {
                    want = 0; key = 0
                }
            }
        }
        """
}
