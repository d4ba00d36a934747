import AIRouter

/// Options every command shares.
public struct GlobalOptions: Sendable, Equatable {
    /// `-c PATH`.
    public var config: String?
    /// `-v`.
    public var verbose = false
    /// `-q`.
    public var quiet = false
    /// `--json`.
    public var json = false
    /// `--timeout DURATION`.
    public var timeout: Duration?
    /// `--no-state`.
    public var noState = false
    /// `--no-log`: do not write the exchange log.
    public var noLog = false
}

/// A fully parsed, typed command line.
public enum Invocation: Sendable, Equatable {
    /// `airoute chat`.
    case chat(ChatOptions)
    /// `airoute embed`.
    case embed(EmbedOptions)
    /// `airoute speak`.
    case speak(SpeakOptions)
    /// `airoute transcribe`.
    case transcribe(TranscribeOptions)
    /// `airoute image`.
    case image(ImageOptions)
    /// `airoute pools [POOL]`.
    case pools(pool: String?)
    /// `airoute models [POOL|PROVIDER]`.
    case models(filter: String?)
    /// `airoute health`.
    case health(HealthOptions)
    /// `airoute serve`: the OpenAI-compatible gateway.
    case serve(ServeOptions)
    /// `airoute config path|init|check`.
    case config(ConfigAction)
    /// `airoute logs`: the exchange log.
    case logs(LogsOptions)
    /// Help for a command (`nil`: the overview).
    case help(String?)
    /// `--version`.
    case version
}

/// What `airoute config` does.
public enum ConfigAction: Sendable, Equatable {
    /// Print the file in use.
    case path
    /// Write a starter file from the environment and local servers (never over a file).
    case initialize
    /// Validate a file (or the one in use) and print its pools.
    case check(file: String?)
}

/// `chat` options.
public struct ChatOptions: Sendable, Equatable {
    public var model = "text-generation"
    public var system: String?
    public var temperature: Double?
    public var maxTokens: Int?
    public var stream = true
    public var interactive = false
    /// `-a`: files, `-` or URLs, in order.
    public var attachments: [String] = []
    /// `--schema`: a file or inline JSON.
    public var schema: String?
    public var prompt: [String] = []
    /// `--continue`: resend the most recent conversation.
    public var continueLast = false
    /// `--conversation ID`: resend this conversation.
    public var conversation: String?
    /// `-u/--usage`: token usage and estimated cost on stderr.
    public var usage = false
}

/// `serve` options.
public struct ServeOptions: Sendable, Equatable {
    /// `--listen HOST:PORT`, overriding `server.listen`.
    public var listen: String?
}

/// `embed` options.
public struct EmbedOptions: Sendable, Equatable {
    public var model = "embeddings"
    public var dimensions: Int?
    public var texts: [String] = []
}

/// `speak` options.
public struct SpeakOptions: Sendable, Equatable {
    public var model = "text-to-speech"
    public var voice = "alloy"
    public var format: String?
    public var speed: Double?
    public var output = ""
    public var force = false
    public var text: [String] = []
}

/// `transcribe` options.
public struct TranscribeOptions: Sendable, Equatable {
    public var model = "speech-to-text"
    public var language: String?
    public var prompt: String?
    public var format = "text"
    public var output: String?
    public var force = false
    public var file = ""
}

/// `image` options.
public struct ImageOptions: Sendable, Equatable {
    public var model = "text-to-image"
    public var count = 1
    public var size: String?
    public var quality: String?
    public var output = ""
    public var force = false
    public var prompt: [String] = []
}

/// `health` options.
public struct HealthOptions: Sendable, Equatable {
    /// How to probe members, if at all.
    public enum Probe: String, Sendable, Equatable { case none, models, live }
    public var probe = Probe.none
    public var include: [String] = []
    public var strict = false
    /// Forget recorded health (of `pool`, a pool or a member, or of every member).
    public var reset = false
    public var pool: String?
}

extension Invocation {
    /// Parses and types the command line: `(global options, command)`.
    public static func parse(_ arguments: [String]) throws(UsageError) -> (GlobalOptions, Invocation) {
        let parsed = try ArgumentParser.parse(arguments)
        let global = try GlobalOptions(parsed)
        if parsed.flag("version") { return (global, .version) }
        if parsed.flag("help") { return (global, .help(parsed.command)) }
        guard let command = parsed.command else { return (global, .help(nil)) }
        return try (global, Self.command(ValueReader(parsed: parsed, command: command)))
    }

    /// Types the options and arguments of `reader.command`.
    static func command(_ reader: ValueReader) throws(UsageError) -> Invocation {
        switch reader.command {
        case "chat": return try .chat(ChatOptions(reader))
        case "embed": return try .embed(EmbedOptions(reader))
        case "speak": return try .speak(SpeakOptions(reader))
        case "transcribe": return try .transcribe(TranscribeOptions(reader))
        case "image": return try .image(ImageOptions(reader))
        case "config": return try configAction(reader)
        case "pools": return try .pools(pool: reader.atMostOnePositional())
        case "models": return try .models(filter: reader.atMostOnePositional())
        case "health": return try .health(HealthOptions(reader))
        case "serve": return try .serve(ServeOptions(reader))
        case "logs": return try .logs(LogsOptions(reader))
        default: return try help(reader)
        }
    }

    /// `config path`, `config init`, `config check [FILE]`.
    private static func configAction(_ reader: ValueReader) throws(UsageError) -> Invocation {
        let positionals = reader.parsed.positionals
        guard let action = positionals.first else {
            throw UsageError("Missing expected argument '<action>' (path, init or check).", command: reader.command)
        }
        let extra = positionals.dropFirst()
        switch action {
        case "path", "init":
            if let unexpected = extra.first {
                throw UsageError("Unexpected argument '\(unexpected)'.", command: reader.command)
            }
            return .config(action == "path" ? .path : .initialize)
        case "check":
            if extra.count > 1 { throw UsageError("Unexpected argument '\(extra.last!)'.", command: reader.command) }
            return .config(.check(file: extra.first))
        default:
            throw UsageError(
                "Unknown action '\(action)'; the actions are 'path', 'init' and 'check'.", command: reader.command)
        }
    }

    /// `help [COMMAND]`.
    private static func help(_ reader: ValueReader) throws(UsageError) -> Invocation {
        let name = try reader.atMostOnePositional()
        if let name, CommandTable.command(name) == nil { throw ArgumentParser.unknownCommand(name) }
        return .help(name)
    }

    static func isImageSize(_ text: String) -> Bool {
        let parts = text.split(separator: "x", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { Int($0).map { $0 > 0 && $0 <= 8192 } ?? false }
    }
}

/// Typed access to option values with uniform error messages.
struct ValueReader {
    let parsed: ParsedArguments
    let command: String

    private func invalid(_ name: String, _ value: String, _ hint: String) -> UsageError {
        let spec = (CommandTable.global + (CommandTable.command(command)?.options ?? [])).first { $0.long == name }
        let synopsis =
            spec?.synopsis.split(separator: " ").drop { $0.hasSuffix(",") }.joined(separator: " ") ?? "--\(name)"
        return UsageError("The value '\(value)' is invalid for '\(synopsis)': \(hint).", command: command)
    }

    func int(_ name: String, min: Int, max: Int = Int.max) throws(UsageError) -> Int? {
        guard let text = parsed.value(name) else { return nil }
        guard let value = Int(text), value >= min, value <= max else {
            throw invalid(
                name, text,
                max == Int.max
                    ? "expected a whole number of at least \(min)"
                    : "expected a whole number from \(min) to \(max)")
        }
        return value
    }

    func double(_ name: String, in range: ClosedRange<Double>) throws(UsageError) -> Double? {
        guard let text = parsed.value(name) else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw invalid(
                name, text, "expected a number from \(range.lowerBound.formatted) to \(range.upperBound.formatted)")
        }
        return value
    }

    func choice(_ name: String, _ choices: [String]) throws(UsageError) -> String? {
        guard let text = parsed.value(name) else { return nil }
        guard choices.contains(text) else {
            throw invalid(name, text, "expected one of \(choices.joined(separator: ", "))")
        }
        return text
    }

    /// The one positional argument, if any; a second is an error.
    func atMostOnePositional() throws(UsageError) -> String? {
        guard parsed.positionals.count <= 1 else {
            throw UsageError("Unexpected argument '\(parsed.positionals[1])'.", command: command)
        }
        return parsed.positionals.first
    }

    func required(_ name: String) throws(UsageError) -> String {
        guard let value = parsed.value(name) else {
            throw UsageError("Missing expected option '--\(name) <file>'.", command: command)
        }
        guard !value.isEmpty else { throw UsageError("The value for '--\(name)' is empty.", command: command) }
        return value
    }
}

extension Double {
    /// `2` rather than `2.0`.
    var formatted: String { self == rounded() ? String(Int(self)) : String(self) }
}
