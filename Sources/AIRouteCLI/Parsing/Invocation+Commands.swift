import AIRouter

extension GlobalOptions {
    /// The options every command shares, from the parsed command line.
    init(_ parsed: ParsedArguments) throws(UsageError) {
        config = parsed.value("config")
        verbose = parsed.flag("verbose")
        quiet = parsed.flag("quiet")
        json = parsed.flag("json")
        noState = parsed.flag("no-state")
        noLog = parsed.flag("no-log")
        if let text = parsed.value("timeout") {
            guard let duration = try? DurationParser.parse(text).get(), duration > .zero else {
                throw UsageError(
                    "The value '\(text)' is invalid for '--timeout <duration>' (e.g. 30s, 2m).",
                    command: parsed.command)
            }
            timeout = duration
        }
        if verbose && quiet {
            throw UsageError("'--verbose' and '--quiet' cannot be used together.", command: parsed.command)
        }
    }
}

extension ServeOptions {
    init(_ reader: ValueReader) throws(UsageError) {
        if let positional = reader.parsed.positionals.first {
            throw UsageError("Unexpected argument '\(positional)'.", command: reader.command)
        }
        if let text = reader.parsed.value("listen") {
            if case .failure(let problem) = ListenAddress.parse(text) {
                throw UsageError(
                    "The value '\(text)' is invalid for '--listen <host:port>': \(problem.message).",
                    command: reader.command)
            }
            listen = text
        }
    }
}

extension ChatOptions {
    init(_ reader: ValueReader) throws(UsageError) {
        let parsed = reader.parsed
        model = parsed.value("model") ?? model
        system = parsed.value("system")
        temperature = try reader.double("temperature", in: 0...2)
        maxTokens = try reader.int("max-tokens", min: 1)
        stream = !parsed.flag("no-stream")
        interactive = parsed.flag("interactive")
        attachments = parsed.options["attach"] ?? []
        if attachments.filter({ $0 == "-" }).count > 1 {
            throw UsageError("Standard input can be attached once ('-a -').", command: reader.command)
        }
        if attachments.contains("-") && parsed.positionals == ["-"] {
            throw UsageError(
                "Standard input cannot be both the prompt ('-') and an attachment ('-a -').", command: reader.command)
        }
        schema = parsed.value("schema")
        prompt = parsed.positionals
        continueLast = parsed.flag("continue")
        conversation = parsed.value("conversation")
        usage = parsed.flag("usage")
    }
}

extension EmbedOptions {
    init(_ reader: ValueReader) throws(UsageError) {
        model = reader.parsed.value("model") ?? model
        dimensions = try reader.int("dimensions", min: 1)
        texts = reader.parsed.positionals
    }
}

extension SpeakOptions {
    init(_ reader: ValueReader) throws(UsageError) {
        let parsed = reader.parsed
        model = parsed.value("model") ?? model
        voice = parsed.value("voice") ?? voice
        format = parsed.value("format")
        speed = try reader.double("speed", in: 0.25...4)
        output = try reader.required("output")
        force = parsed.flag("force")
        text = parsed.positionals
    }
}

extension TranscribeOptions {
    init(_ reader: ValueReader) throws(UsageError) {
        let parsed = reader.parsed
        model = parsed.value("model") ?? model
        language = parsed.value("language")
        prompt = parsed.value("prompt")
        format = try reader.choice("format", ["json", "text", "srt", "vtt", "verbose_json"]) ?? format
        output = parsed.value("output")
        force = parsed.flag("force")
        guard parsed.positionals.count <= 1 else {
            throw UsageError(
                "Unexpected argument '\(parsed.positionals[1])': transcribe takes one file.", command: reader.command)
        }
        file = parsed.positionals.first ?? ""
    }
}

extension ImageOptions {
    init(_ reader: ValueReader) throws(UsageError) {
        let parsed = reader.parsed
        model = parsed.value("model") ?? model
        count = try reader.int("count", min: 1, max: 10) ?? 1
        size = parsed.value("size")
        if let size, !Invocation.isImageSize(size) {
            throw UsageError(
                "The value '\(size)' is invalid for '--size <WxH>' (e.g. 1024x1024).", command: reader.command)
        }
        quality = parsed.value("quality")
        output = try reader.required("output")
        force = parsed.flag("force")
        prompt = parsed.positionals
    }
}

extension HealthOptions {
    init(_ reader: ValueReader) throws(UsageError) {
        let parsed = reader.parsed
        if let probe = parsed.value("probe") {
            switch probe {
            case "": self.probe = .models
            case "live": self.probe = .live
            default:
                throw UsageError(
                    "The value '\(probe)' is invalid for '--probe'; use '--probe' or '--probe=live'.",
                    command: reader.command)
            }
        }
        include = parsed.options["include"] ?? []
        for kind in include where kind != "image" {
            throw UsageError(
                "The value '\(kind)' is invalid for '--include <kind>'; the only kind is 'image'.",
                command: reader.command)
        }
        strict = parsed.flag("strict")
        reset = parsed.flag("reset")
        if reset && (probe != .none || strict) {
            throw UsageError("'--reset' cannot be used with '--probe' or '--strict'.", command: reader.command)
        }
        pool = try reader.atMostOnePositional()
    }
}
