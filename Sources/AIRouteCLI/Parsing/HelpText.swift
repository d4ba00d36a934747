/// Help and usage texts, generated from ``CommandTable`` in swift-argument-parser's layout.
public enum HelpText {
    /// `airoute chat [-m <pool>] … [<prompt> ...]`.
    public static func usage(_ command: String?) -> String {
        guard let command, let spec = CommandTable.command(command) else {
            return "airoute [<options>] <command> [<arguments>]"
        }
        var parts = ["airoute", spec.name]
        for option in spec.options {
            var token = option.short.map { "-\($0)" } ?? "--\(option.long)"
            switch option.arity {
            case .flag: break
            case .value(let name): token += " <\(name)>"
            case .optionalValue(let name): token = "--\(option.long)[=<\(name)>]"
            }
            let required = (spec.name == "speak" || spec.name == "image") && option.long == "output"
            parts.append(required ? token : "[\(token)]")
        }
        if !spec.arguments.isEmpty { parts.append(spec.arguments) }
        return parts.joined(separator: " ")
    }

    /// The full help of a command, or the overview when `command` is `nil`.
    public static func help(_ command: String?) -> String {
        guard let command, let spec = CommandTable.command(command) else { return overview() }
        var lines = ["OVERVIEW: \(spec.abstract)", "", "USAGE: \(usage(command))", ""]
        if !spec.argumentHelp.isEmpty {
            lines.append("ARGUMENTS:")
            for argument in spec.argumentHelp { lines.append(row("<\(argument.name)>", argument.help)) }
            lines.append("")
        }
        lines.append("OPTIONS:")
        for option in spec.options + CommandTable.global where option.long != "version" {
            lines.append(row(option.synopsis, option.help))
        }
        if !spec.discussion.isEmpty {
            lines.append("")
            lines.append(spec.discussion)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func overview() -> String {
        var lines = [
            "OVERVIEW: Capability-driven AI model routing with automatic failover.",
            "",
            "The model you name is a capability pool (text-generation, embeddings, text-to-speech,",
            "speech-to-text, text-to-image): airoute picks the best available member that can serve",
            "the request and fails over when a provider errors.",
            "",
            "USAGE: \(usage(nil))",
            "",
            "OPTIONS:",
        ]
        for option in CommandTable.global { lines.append(row(option.synopsis, option.help)) }
        lines += ["", "SUBCOMMANDS:"]
        for command in CommandTable.commands { lines.append(row(command.name, command.abstract)) }
        lines += [
            "",
            "CONFIGURATION:",
            "  --config PATH, $AIROUTE_CONFIG, $XDG_CONFIG_HOME/airoute/config.yaml (~/.config/airoute/config.yaml);",
            "  without any, a built-in configuration from OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY,",
            "  GROQ_API_KEY, MISTRAL_API_KEY and OPENROUTER_API_KEY.",
            "",
            "  See 'airoute help <subcommand>' for detailed help.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func row(_ left: String, _ right: String) -> String {
        let pad = 26
        let head = "  " + left
        return head.count < pad
            ? head + String(repeating: " ", count: pad - head.count) + right
            : head + "\n" + String(repeating: " ", count: pad) + right
    }
}
