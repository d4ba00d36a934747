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
        var result = ParsedArguments()
        var index = 0
        var optionsEnded = false
        var candidates: [OptionSpec] { CommandTable.global + (result.command.flatMap(CommandTable.command)?.options ?? []) }

        func record(_ spec: OptionSpec, _ value: String) { result.options[spec.long, default: []].append(value) }

        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") || isNegativeNumber(argument) {
                if result.command == nil && !optionsEnded {
                    guard CommandTable.command(argument) != nil else {
                        var message = "Unknown command '\(argument)'."
                        if let guess = Suggestion.closest(to: argument, among: CommandTable.commands.map(\.name)) {
                            message += " Did you mean '\(guess)'?"
                        }
                        throw UsageError(message)
                    }
                    result.command = argument
                } else {
                    result.positionals.append(argument)
                }
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
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
                    if let inline {
                        record(spec, inline)
                    } else {
                        guard index < arguments.count else { throw missingValue(spec, result.command) }
                        record(spec, arguments[index])
                        index += 1
                    }
                }
                continue
            }
            // Short options, possibly packed: -vq, -m pool, -mpool.
            var letters = Substring(argument.dropFirst())
            while let letter = letters.first {
                letters = letters.dropFirst()
                guard let spec = candidates.first(where: { $0.short == letter }) else {
                    throw unknownOption("-\(letter)", among: candidates.compactMap { $0.short.map { "-\($0)" } },
                                        command: result.command)
                }
                switch spec.arity {
                case .flag, .optionalValue:
                    record(spec, "")
                case .value:
                    if !letters.isEmpty {
                        record(spec, String(letters))
                        letters = ""
                    } else {
                        guard index < arguments.count else { throw missingValue(spec, result.command) }
                        record(spec, arguments[index])
                        index += 1
                    }
                }
            }
        }
        return result
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
        UsageError("Missing value for '\(spec.synopsis.split(separator: " ").drop { $0.hasSuffix(",") }.joined(separator: " "))'.", command: command)
    }
}
