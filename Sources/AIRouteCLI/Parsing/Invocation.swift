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
    /// `airoute health`.
    case health(HealthOptions)
    /// `airoute config path`: the configuration file in use.
    case configPath
    /// Help for a command (`nil`: the overview).
    case help(String?)
    /// `--version`.
    case version
}

/// `chat` options.
public struct ChatOptions: Sendable, Equatable {
    public var model = "text-generation"
    public var system: String?
    public var temperature: Double?
    public var maxTokens: Int?
    public var stream = true
    public var interactive = false
    public var prompt: [String] = []
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
        var global = GlobalOptions()
        global.config = parsed.value("config")
        global.verbose = parsed.flag("verbose")
        global.quiet = parsed.flag("quiet")
        global.json = parsed.flag("json")
        global.noState = parsed.flag("no-state")
        if let text = parsed.value("timeout") {
            guard let duration = try? DurationParser.parse(text).get(), duration > .zero else {
                throw UsageError("The value '\(text)' is invalid for '--timeout <duration>' (e.g. 30s, 2m).",
                                 command: parsed.command)
            }
            global.timeout = duration
        }
        if global.verbose && global.quiet {
            throw UsageError("'--verbose' and '--quiet' cannot be used together.", command: parsed.command)
        }
        if parsed.flag("version") { return (global, .version) }
        if parsed.flag("help") { return (global, .help(parsed.command)) }
        guard let command = parsed.command else { return (global, .help(nil)) }
        let reader = ValueReader(parsed: parsed, command: command)
        switch command {
        case "chat":
            var o = ChatOptions()
            o.model = parsed.value("model") ?? o.model
            o.system = parsed.value("system")
            o.temperature = try reader.double("temperature", in: 0...2)
            o.maxTokens = try reader.int("max-tokens", min: 1)
            o.stream = !parsed.flag("no-stream")
            o.interactive = parsed.flag("interactive")
            o.prompt = parsed.positionals
            return (global, .chat(o))
        case "embed":
            var o = EmbedOptions()
            o.model = parsed.value("model") ?? o.model
            o.dimensions = try reader.int("dimensions", min: 1)
            o.texts = parsed.positionals
            return (global, .embed(o))
        case "speak":
            var o = SpeakOptions()
            o.model = parsed.value("model") ?? o.model
            o.voice = parsed.value("voice") ?? o.voice
            o.format = parsed.value("format")
            o.speed = try reader.double("speed", in: 0.25...4)
            o.output = try reader.required("output")
            o.force = parsed.flag("force")
            o.text = parsed.positionals
            return (global, .speak(o))
        case "transcribe":
            var o = TranscribeOptions()
            o.model = parsed.value("model") ?? o.model
            o.language = parsed.value("language")
            o.prompt = parsed.value("prompt")
            o.format = try reader.choice("format", ["json", "text", "srt", "vtt", "verbose_json"]) ?? o.format
            o.output = parsed.value("output")
            o.force = parsed.flag("force")
            guard parsed.positionals.count <= 1 else {
                throw UsageError(
                    "Unexpected argument '\(parsed.positionals[1])': transcribe takes one file.", command: command)
            }
            o.file = parsed.positionals.first ?? ""
            return (global, .transcribe(o))
        case "image":
            var o = ImageOptions()
            o.model = parsed.value("model") ?? o.model
            o.count = try reader.int("count", min: 1, max: 10) ?? 1
            o.size = parsed.value("size")
            if let size = o.size, !Self.isImageSize(size) {
                throw UsageError("The value '\(size)' is invalid for '--size <WxH>' (e.g. 1024x1024).", command: command)
            }
            o.quality = parsed.value("quality")
            o.output = try reader.required("output")
            o.force = parsed.flag("force")
            o.prompt = parsed.positionals
            return (global, .image(o))
        case "config":
            guard let action = parsed.positionals.first else {
                throw UsageError("Missing expected argument '<action>' (path).", command: command)
            }
            guard action == "path" else {
                throw UsageError("Unknown action '\(action)'; the action is 'path'.", command: command)
            }
            guard parsed.positionals.count == 1 else {
                throw UsageError("Unexpected argument '\(parsed.positionals[1])'.", command: command)
            }
            return (global, .configPath)
        case "pools":
            guard parsed.positionals.count <= 1 else {
                throw UsageError("Unexpected argument '\(parsed.positionals[1])'.", command: command)
            }
            return (global, .pools(pool: parsed.positionals.first))
        case "health":
            var o = HealthOptions()
            if let probe = parsed.value("probe") {
                switch probe {
                case "": o.probe = .models
                case "live": o.probe = .live
                default:
                    throw UsageError("The value '\(probe)' is invalid for '--probe'; use '--probe' or '--probe=live'.",
                                     command: command)
                }
            }
            o.include = parsed.options["include"] ?? []
            for kind in o.include where kind != "image" {
                throw UsageError("The value '\(kind)' is invalid for '--include <kind>'; the only kind is 'image'.",
                                 command: command)
            }
            o.strict = parsed.flag("strict")
            o.reset = parsed.flag("reset")
            if o.reset && (o.probe != .none || o.strict) {
                throw UsageError("'--reset' cannot be used with '--probe' or '--strict'.", command: command)
            }
            guard parsed.positionals.count <= 1 else {
                throw UsageError("Unexpected argument '\(parsed.positionals[1])'.", command: command)
            }
            o.pool = parsed.positionals.first
            return (global, .health(o))
        default:  // help
            guard parsed.positionals.count <= 1 else {
                throw UsageError("Unexpected argument '\(parsed.positionals[1])'.", command: command)
            }
            if let name = parsed.positionals.first, CommandTable.command(name) == nil {
                var message = "Unknown command '\(name)'."
                if let guess = Suggestion.closest(to: name, among: CommandTable.commands.map(\.name)) {
                    message += " Did you mean '\(guess)'?"
                }
                throw UsageError(message)
            }
            return (global, .help(parsed.positionals.first))
        }
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
        let synopsis = spec?.synopsis.split(separator: " ").drop { $0.hasSuffix(",") }.joined(separator: " ") ?? "--\(name)"
        return UsageError("The value '\(value)' is invalid for '\(synopsis)': \(hint).", command: command)
    }

    func int(_ name: String, min: Int, max: Int = Int.max) throws(UsageError) -> Int? {
        guard let text = parsed.value(name) else { return nil }
        guard let value = Int(text), value >= min, value <= max else {
            throw invalid(name, text, max == Int.max ? "expected a whole number of at least \(min)"
                                                    : "expected a whole number from \(min) to \(max)")
        }
        return value
    }

    func double(_ name: String, in range: ClosedRange<Double>) throws(UsageError) -> Double? {
        guard let text = parsed.value(name) else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw invalid(name, text, "expected a number from \(range.lowerBound.formatted) to \(range.upperBound.formatted)")
        }
        return value
    }

    func choice(_ name: String, _ choices: [String]) throws(UsageError) -> String? {
        guard let text = parsed.value(name) else { return nil }
        guard choices.contains(text) else { throw invalid(name, text, "expected one of \(choices.joined(separator: ", "))") }
        return text
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
