/// Generates `man/airoute.1` (mdoc) from ``CommandTable``: the synopsis, every command with its
/// arguments, options and examples, and the global options; the configuration, environment,
/// files and exit status sections follow docs/configuration.md and docs/cli.md.
///
/// ```swift
/// let page = ManPage.page()   // the committed man/airoute.1; `mandoc -Tlint` keeps it clean
/// ```
enum ManPage {
    /// The page's date (`.Dd`): fixed, so that the generated page is reproducible. Bump it when
    /// the page changes in substance.
    static let date = "November 25, 2026"

    /// The whole page.
    static func page() -> String {
        var lines = [
            ".\\\" Generated from Sources/AIRouteCLI/Parsing/CommandTable.swift by",
            ".\\\" Sources/AIRouteCLI/Completions/ManPage.swift; do not edit. Regenerate with:",
            ".\\\"   \(CompletionModel.regenerate)",
            ".Dd \(date)",
            ".Dt AIROUTE 1",
            ".Os",
            ".Sh NAME",
            ".Nm airoute",
            ".Nd capability-driven AI model routing with automatic failover",
        ]
        lines += synopsis() + description() + commands() + globalOptions()
        lines += configuration() + environment() + files() + exitStatus() + examples() + seeAlso()
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Generated from the table

    static func synopsis() -> [String] {
        var lines = [".Sh SYNOPSIS", ".Nm"]
        lines += CommandTable.global.filter { $0.long != "help" && $0.long != "version" }.map { ".Op \(usage($0))" }
        lines += [".Ar command", ".Op Ar options", ".Op Ar arguments"]
        for command in CommandTable.commands {
            lines += [".Nm", ".Cm \(command.name)"] + commandUsage(command)
        }
        lines += [".Nm", ".Fl -help", ".Nm", ".Fl -version"]
        return lines
    }

    static func commands() -> [String] {
        var lines = [".Sh COMMANDS"]
        lines += Mdoc.text("Every command also accepts the global options, before or after its name.")
        for command in CommandTable.commands {
            lines += [".Ss \(command.name)", ".Nm", ".Cm \(command.name)"] + commandUsage(command)
            lines += [".Pp"] + Mdoc.text(command.abstract)
            if let pool = command.defaultPool {
                lines += Mdoc.text("Without -m it uses the pool \(pool).")
            }
            lines += [".Bl -tag -width Ds"]
            for argument in command.argumentHelp {
                lines += [".It Ar \(Mdoc.argument(argument.name))"] + Mdoc.text(argument.help)
            }
            for option in command.options { lines += item(option) }
            lines += [".El"]
            lines += discussion(command.discussion)
        }
        return lines
    }

    static func globalOptions() -> [String] {
        var lines = [".Sh GLOBAL OPTIONS", ".Bl -tag -width Ds"]
        for option in CommandTable.global { lines += item(option) }
        return lines + [".El"]
    }

    /// `.It Fl m , Fl -model Ar pool` and the option's help.
    static func item(_ option: OptionSpec) -> [String] {
        var head = ".It "
        if let short = option.short { head += "Fl \(short) , " }
        head += "Fl -\(option.long)"
        switch option.arity {
        case .flag: break
        case .value(let name): head += " Ar \(Mdoc.argument(name))"
        case .optionalValue(let name): head += " Ns Op = Ns Ar \(Mdoc.argument(name))"
        }
        return [head] + Mdoc.text(option.help)
    }

    /// `Fl m Ar pool`: the option as a usage line shows it (short form when there is one).
    static func usage(_ option: OptionSpec) -> String {
        let name = option.short.map { "Fl \($0)" } ?? "Fl -\(option.long)"
        switch option.arity {
        case .flag: return name
        case .value(let value): return "\(name) Ar \(Mdoc.argument(value))"
        case .optionalValue(let value): return "Fl -\(option.long) Ns Op = Ns Ar \(Mdoc.argument(value))"
        }
    }

    /// The options and arguments after `.Cm NAME`, as ``HelpText/usage(_:)`` lists them.
    static func commandUsage(_ command: CommandSpec) -> [String] {
        var lines = command.options.map { option in
            CompletionModel.isRequired(option, in: command) ? ".\(usage(option))" : ".Op \(usage(option))"
        }
        if let argument = command.argumentHelp.first {
            let many = CompletionModel.takesOneArgument(command) ? "" : " ..."
            let optional = command.arguments.hasPrefix("[")
            lines.append((optional ? ".Op Ar " : ".Ar ") + Mdoc.argument(argument.name) + many)
        }
        return lines
    }

    /// A command's discussion: consecutive prose lines as one paragraph, indented lines (examples)
    /// as literal displays.
    static func discussion(_ text: String) -> [String] {
        var lines: [String] = []
        var literal: [String] = []
        var prose: [String] = []
        func flush() {
            if !prose.isEmpty {
                lines += [".Pp"] + Mdoc.text(prose.joined(separator: " "))
                prose = []
            }
            if !literal.isEmpty {
                lines += [".Bd -literal -offset indent"] + literal.map(Mdoc.literal) + [".Ed"]
                literal = []
            }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
            if line.hasPrefix("  ") {
                if !prose.isEmpty { flush() }
                literal.append(String(line.dropFirst(2)))
            } else {
                if !literal.isEmpty { flush() }
                prose.append(line)
            }
        }
        flush()
        return lines
    }
}
