import AIRouter

/// The command line, tokenized against ``CommandTable`` with swift-argument-parser's
/// conventions: `--opt value`, `--opt=value`, `-o value`, `-ovalue`, packed short flags (`-vq`),
/// `--` ending options, `-` as a positional, global options before or after the command.
public struct ParsedArguments: Sendable, Equatable {
    /// The subcommand (`nil` when none was given).
    public var command: String?
    /// Option values by long name, in order of appearance (flags record `""`).
    public var options: [String: [String]] = [:]
    /// Positional arguments.
    public var positionals: [String] = []

    /// Whether the flag was given.
    public func flag(_ name: String) -> Bool { options[name] != nil }
    /// The last value given for the option.
    public func value(_ name: String) -> String? { options[name]?.last }
}

/// Parses `airoute`'s arguments (without the program name): a pure function.
public enum ArgumentParser {
    /// Tokenizes the arguments; throws a ``UsageError`` with a "did you mean" where it can.
    public static func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var tokenizer = Tokenizer(arguments: arguments)
        while let argument = tokenizer.next() {
            if tokenizer.optionsEnded || argument == "-" || !argument.hasPrefix("-") || isNegativeNumber(argument) {
                try tokenizer.positional(argument)
            } else if argument == "--" {
                tokenizer.optionsEnded = true
            } else if argument.hasPrefix("--") {
                try tokenizer.longOption(argument.dropFirst(2))
            } else {
                try tokenizer.shortOptions(argument.dropFirst())
            }
        }
        return tokenizer.result
    }

    /// `Unknown command 'NAME'.`, with a "did you mean" where one is close.
    static func unknownCommand(_ name: String) -> UsageError {
        var message = "Unknown command '\(name)'."
        if let guess = Suggestion.closest(to: name, among: CommandTable.commands.map(\.name)) {
            message += " Did you mean '\(guess)'?"
        }
        return UsageError(message)
    }

    /// The state of one left-to-right pass over the arguments.
    private struct Tokenizer {
        let arguments: [String]
        var index = 0
        var optionsEnded = false
        var result = ParsedArguments()

        init(arguments: [String]) { self.arguments = arguments }

        /// The options the command line may hold here: the command's and the global ones. The
        /// command's come first, so its short letter wins after the command name (`logs -q TEXT`
        /// searches; `-q` before the command is `--quiet`).
        var candidates: [OptionSpec] {
            (result.command.flatMap(CommandTable.command)?.options ?? []) + CommandTable.global
        }

        mutating func next() -> String? {
            guard index < arguments.count else { return nil }
            defer { index += 1 }
            return arguments[index]
        }

        mutating func record(_ spec: OptionSpec, _ value: String) {
            result.options[spec.long, default: []].append(value)
        }

        /// The option's value from the next argument.
        mutating func recordNext(_ spec: OptionSpec) throws(UsageError) {
            guard let value = next() else { throw missingValue(spec, result.command) }
            record(spec, value)
        }

        /// The command (the first positional before `--`), or a positional argument.
        mutating func positional(_ argument: String) throws(UsageError) {
            guard result.command == nil && !optionsEnded else {
                result.positionals.append(argument)
                return
            }
            guard CommandTable.command(argument) != nil else { throw unknownCommand(argument) }
            result.command = argument
        }

        /// `--name`, `--name=value` or `--name value`.
        mutating func longOption(_ body: Substring) throws(UsageError) {
            let name = String(body.prefix { $0 != "=" })
            let inline: String? = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
            guard let spec = candidates.first(where: { $0.long == name }) else {
                throw unknownOption("--\(name)", among: candidates.map { "--\($0.long)" }, command: result.command)
            }
            switch spec.arity {
            case .flag:
                guard inline == nil else {
                    throw UsageError("The option '--\(name)' does not take a value.", command: result.command)
                }
                record(spec, "")
            case .optionalValue:
                record(spec, inline ?? "")
            case .value:
                if let inline { record(spec, inline) } else { try recordNext(spec) }
            }
        }

        /// Short options, possibly packed: -vq, -m pool, -mpool.
        mutating func shortOptions(_ body: Substring) throws(UsageError) {
            var letters = body
            while let letter = letters.first {
                letters = letters.dropFirst()
                guard let spec = candidates.first(where: { $0.short == letter }) else {
                    throw unknownOption(
                        "-\(letter)", among: candidates.compactMap { $0.short.map { "-\($0)" } },
                        command: result.command)
                }
                switch spec.arity {
                case .flag, .optionalValue:
                    record(spec, "")
                case .value where !letters.isEmpty:
                    record(spec, String(letters))
                    letters = ""
                case .value:
                    try recordNext(spec)
                }
            }
        }
    }

    private static func isNegativeNumber(_ text: String) -> Bool {
        text.count > 1 && Double(text) != nil
    }

    private static func unknownOption(_ option: String, among names: [String], command: String?) -> UsageError {
        var message = "Unknown option '\(option)'."
        if let guess = Suggestion.closest(to: option, among: names) { message += " Did you mean '\(guess)'?" }
        return UsageError(message, command: command)
    }

    private static func missingValue(_ spec: OptionSpec, _ command: String?) -> UsageError {
        UsageError(
            "Missing value for '\(spec.synopsis.split(separator: " ").drop { $0.hasSuffix(",") }.joined(separator: " "))'.",
            command: command)
    }
}
