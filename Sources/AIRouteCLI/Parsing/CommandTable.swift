/// One option of the command line, as the parser, the help text, the completion scripts and the
/// man page all see it: they are generated from, or tested against, this one table.
public struct OptionSpec: Sendable, Hashable {
    /// How the option takes a value.
    public enum Arity: Sendable, Hashable {
        /// A flag: no value.
        case flag
        /// A required value (`--max-tokens 64`, `--max-tokens=64`).
        case value(String)
        /// A flag that may carry an inline value (`--probe`, `--probe=live`).
        case optionalValue(String)
    }

    /// The long name without dashes (`max-tokens`).
    public let long: String
    /// The short letter, if any.
    public let short: Character?
    /// Whether and how it takes a value.
    public let arity: Arity
    /// One line of help.
    public let help: String
    /// Completion candidates for the value (`["live"]`); `pool` completes pool names, `file` files.
    public let completion: Completion

    /// What a completion script offers for the option's value.
    public enum Completion: Sendable, Hashable {
        case none, file, pool
        case choices([String])
        /// The values of `key` (`voices`, `formats`) that the members of `pool` declare in the
        /// configuration, read from `airoute pools --json POOL` at completion time.
        case configured(key: String, pool: String)
    }

    init(
        _ long: String, _ short: Character? = nil, _ arity: Arity = .flag, _ help: String,
        completion: Completion = .none
    ) {
        self.long = long
        self.short = short
        self.arity = arity
        self.help = help
        self.completion = completion
    }

    /// `-m, --model <pool>` as help shows it.
    public var synopsis: String {
        var text = short.map { "-\($0), " } ?? ""
        text += "--\(long)"
        switch arity {
        case .flag: break
        case .value(let name): text += " <\(name)>"
        case .optionalValue(let name): text += "[=<\(name)>]"
        }
        return text
    }
}

/// One subcommand.
public struct CommandSpec: Sendable {
    /// `chat`.
    public let name: String
    /// One line.
    public let abstract: String
    /// The arguments synopsis (`[<prompt> ...]`).
    public let arguments: String
    /// Help for each positional argument.
    public let argumentHelp: [(name: String, help: String)]
    /// The command's own options (global options are accepted too).
    public let options: [OptionSpec]
    /// Longer explanation and examples.
    public let discussion: String
    /// The pool used when `-m` is not given.
    public let defaultPool: String?
}

/// The command table of `airoute`.
public enum CommandTable {
    /// The version printed by `--version`.
    public static let version = "0.1.0"

    static func model(_ pool: String) -> OptionSpec {
        OptionSpec("model", "m", .value("pool"), "The pool or model to use (default: \(pool)).", completion: .pool)
    }
    static let output = OptionSpec(
        "output", "o", .value("file"), "Write to FILE ('-' for standard output).", completion: .file)
    static let force = OptionSpec("force", nil, .flag, "Overwrite an existing output file.")

    /// Options every command accepts, before or after its name.
    public static let global: [OptionSpec] = [
        OptionSpec("config", "c", .value("path"), "Read the configuration from PATH.", completion: .file),
        OptionSpec("verbose", "v", .flag, "Show notices, failovers and debug logs on stderr."),
        OptionSpec("quiet", "q", .flag, "Show nothing but the payload and errors."),
        OptionSpec("json", nil, .flag, "Print one JSON object (the OpenAI-shaped response plus routing)."),
        OptionSpec("timeout", nil, .value("duration"), "One deadline for the whole call (e.g. 30s, 2m)."),
        OptionSpec("no-state", nil, .flag, "Do not read or write the shared health file."),
        OptionSpec("no-log", nil, .flag, "Do not write this run's exchanges to the exchange log."),
        OptionSpec("help", "h", .flag, "Show help information."),
        OptionSpec("version", nil, .flag, "Show the version."),
    ]

    /// Every subcommand, in help order.
    public static let commands: [CommandSpec] = [
        CommandSpec(
            name: "chat", abstract: "Chat with a pool: one-shot, piped, or an interactive REPL.",
            arguments: "[<prompt> ...]",
            argumentHelp: [("prompt", "The prompt. Piped standard input is appended to it as context.")],
            options: [
                model("text-generation"),
                OptionSpec("system", "s", .value("text"), "The system prompt."),
                OptionSpec("temperature", "t", .value("temp"), "Sampling temperature (0-2)."),
                OptionSpec("max-tokens", nil, .value("n"), "The most tokens to generate."),
                OptionSpec("no-stream", nil, .flag, "Wait for the whole answer instead of streaming it."),
                OptionSpec("interactive", "i", .flag, "Start the REPL (after answering PROMPT, if given)."),
                OptionSpec(
                    "attach", "a", .value("file"),
                    "Attach an image (PNG, JPEG, WebP, GIF) or audio (WAV, MP3) file, '-' for standard input, "
                        + "or an image URL; repeatable. Only members with vision (audio_input) are tried.",
                    completion: .file),
                OptionSpec(
                    "schema", nil, .value("schema"),
                    "Answer in JSON matching this JSON Schema (a file, or inline JSON); prints only the JSON.",
                    completion: .file),
            ] + chatLogOptions,
            discussion: """
                With a PROMPT or piped input, chat answers once and streams the reply to standard output.
                With neither, on a terminal, it starts the REPL. Examples:
                  airoute chat "Explain TCP slow start in two sentences"
                  git diff | airoute chat -s "You review code" "Summarize this change"
                  airoute chat --json --no-stream "Hi" | jq .routing
                  airoute chat --continue "And in one word?"
                  airoute chat -a photo.png "What is in this picture?"
                  airoute chat --schema '{"type":"object","properties":{"city":{"type":"string"}}}' "Capital of France?"
                With -a, the type is read from the file's bytes; an image needs a member with vision, audio one
                with audio_input. With --schema the answer must be JSON: exit 65 when it does not parse, a
                warning when it does not match the schema.
                """, defaultPool: "text-generation"),
        CommandSpec(
            name: "embed", abstract: "Embed texts; prints one JSON array per input line.",
            arguments: "[<text> ...]",
            argumentHelp: [
                (
                    "text",
                    "Texts to embed; without any (or '-'), one input per line of standard input, blank lines skipped."
                )
            ],
            options: [model("embeddings"), OptionSpec("dimensions", nil, .value("n"), "The vector size to request.")],
            discussion: """
                The output has one line per non-blank input, in order; inputs are batched to each member's limit.
                Examples:
                  airoute embed "first text" "second text"
                  cut -f2 notes.tsv | airoute embed > vectors.jsonl
                """, defaultPool: "embeddings"),
        CommandSpec(
            name: "speak", abstract: "Turn text into speech, written to a file.",
            arguments: "[<text> ...]",
            argumentHelp: [("text", "The text; without any (or '-'), standard input is read.")],
            options: [
                model("text-to-speech"),
                OptionSpec(
                    "voice", nil, .value("voice"), "The voice (default: alloy).",
                    completion: .configured(key: "voices", pool: "text-to-speech")),
                OptionSpec(
                    "format", nil, .value("format"),
                    "mp3, opus, aac, flac, wav or pcm (default: from the file extension).",
                    completion: .configured(key: "formats", pool: "text-to-speech")),
                OptionSpec("speed", nil, .value("x"), "Speaking speed, 0.25 to 4 (default: 1)."),
                output, force,
            ],
            discussion: """
                -o is required; '-o -' writes to standard output (refused when it is a terminal); devices and FIFOs
                such as /dev/null are written through. Examples:
                  airoute speak -o hello.mp3 "Hello there"
                  echo "Build finished" | airoute speak --voice nova -o - | aplay
                """, defaultPool: "text-to-speech"),
        CommandSpec(
            name: "transcribe", abstract: "Transcribe an audio file to text.",
            arguments: "[<file>]",
            argumentHelp: [
                ("file", "The audio file; '-', or none when standard input is not a terminal, reads standard input.")
            ],
            options: [
                model("speech-to-text"),
                OptionSpec("language", nil, .value("lang"), "The spoken language (ISO-639-1, e.g. en)."),
                OptionSpec("prompt", nil, .value("text"), "Text to guide the transcription's style or vocabulary."),
                OptionSpec(
                    "format", nil, .value("format"), "json, text, srt, vtt or verbose_json (default: text).",
                    completion: .choices(["json", "text", "srt", "vtt", "verbose_json"])),
                output, force,
            ],
            discussion: """
                Examples:
                  airoute transcribe meeting.m4a > meeting.txt
                  airoute transcribe --format srt -o talk.srt talk.mp3
                  cat talk.wav | airoute transcribe
                """, defaultPool: "speech-to-text"),
        CommandSpec(
            name: "image", abstract: "Generate images from a prompt, written to files.",
            arguments: "[<prompt> ...]",
            argumentHelp: [("prompt", "What to draw; without any (or '-'), standard input is read.")],
            options: [
                model("text-to-image"),
                OptionSpec("count", "n", .value("n"), "How many images (written as FILE-1 ... FILE-N)."),
                OptionSpec("size", nil, .value("WxH"), "Image size, e.g. 1024x1024."),
                OptionSpec("quality", nil, .value("quality"), "Quality, e.g. standard or hd."),
                output, force,
            ],
            discussion: """
                -o is required; each image is written to the name given, with a warning when its type differs
                from the extension, and a warning when fewer images came back than asked for. Examples:
                  airoute image -o fox.png "a red fox in the snow"
                  airoute image -n 3 -o fox.png "a red fox"      # fox-1.png fox-2.png fox-3.png
                  echo "a red fox" | airoute image -o fox.png
                """, defaultPool: "text-to-image"),
        CommandSpec(
            name: "pools", abstract: "Show the pools, their members, capabilities and state.",
            arguments: "[<pool>]", argumentHelp: [("pool", "Show only this pool.")], options: [],
            discussion: "Examples:\n  airoute pools\n  airoute pools --json text-generation | jq '.[0].members'",
            defaultPool: nil),
        CommandSpec(
            name: "models", abstract: "List what each provider offers beside the configured models.",
            arguments: "[<pool>|<provider>]",
            argumentHelp: [("pool", "Show only this pool's providers and members, or only this provider.")],
            options: [],
            discussion: """
                Asks each enabled provider's model-list endpoint (free; one request per provider, concurrently,
                within --timeout, default 10s) and flags configured models the list does not name. Information
                only: names may differ behind proxies and deployments, so no health changes. Exit 69 when no
                provider answered with a list. Examples:
                  airoute models
                  airoute models --json openai | jq '.[0].offered'
                """, defaultPool: nil),
        CommandSpec(
            name: "health", abstract: "Show each member's health; exit 69 when a pool has no available member.",
            arguments: "[<pool>|<member>]",
            argumentHelp: [("pool", "Show only this pool (with --reset, a pool or a member model).")],
            options: [
                OptionSpec(
                    "probe", nil, .optionalValue("live"),
                    "Check each member now: model lists (free), or '--probe=live' for the smallest real request.",
                    completion: .choices(["live"])),
                OptionSpec(
                    "include", nil, .value("kind"), "With --probe=live, also probe 'image' generation (costs money).",
                    completion: .choices(["image"])),
                OptionSpec("strict", nil, .flag, "Also fail (exit 69) when any member is down."),
                OptionSpec("reset", nil, .flag, "Forget recorded health: of a pool, of a member, or (alone) of all."),
            ],
            discussion: """
                Examples:
                  airoute health
                  airoute health --probe --json | jq '.pools'
                  airoute health --reset gpt-4o-mini      # after fixing a key or base_url
                """,
            defaultPool: nil),
        CommandSpec(
            name: "serve", abstract: "Serve the pools over OpenAI's HTTP API, for any OpenAI SDK.",
            arguments: "", argumentHelp: [],
            options: [
                OptionSpec(
                    "listen", nil, .value("host:port"),
                    "Listen on HOST:PORT (default: server.listen, else 127.0.0.1:4000).")
            ],
            discussion: """
                Point an official OpenAI SDK's base URL at http://HOST:PORT/v1 and name a pool as the model.
                The server: section of the configuration sets client keys, limits and timeouts; without
                keys only loopback addresses are allowed. SIGTERM or Ctrl-C drains in-flight requests
                (server.shutdown_grace) and saves health. One access-log line per request goes to stderr.
                Examples:
                  airoute -c examples/offline.yaml serve
                  curl -s http://127.0.0.1:4000/v1/chat/completions -H 'Content-Type: application/json' \\
                    -d '{"model": "text-generation", "messages": [{"role": "user", "content": "Hi"}]}'
                """, defaultPool: nil),
        CommandSpec(
            name: "config", abstract: "Find, write or check the configuration file.",
            arguments: "<action> [<file>]",
            argumentHelp: [
                (
                    "action",
                    "'path' prints the file airoute reads; 'init' writes a starter file there (never over an "
                        + "existing one) from the provider keys set and the local servers that answer; 'check' "
                        + "validates a file without calling any provider and prints its pools."
                ),
                ("file", "With 'check': the file to validate (default: the one in use)."),
            ],
            options: [],
            discussion: """
                The file is the first of: --config, $AIROUTE_CONFIG, $XDG_CONFIG_HOME/airoute/config.yaml,
                ~/.config/airoute/config.yaml; without one, the built-in configuration is derived from the
                environment. 'init' references keys as ${VARIABLE} (never their values), looks for Ollama,
                llama.cpp, vLLM and LM Studio on their usual loopback ports, writes mode 0600 and exits 73
                when a file is already there. 'check' exits 78 on errors, 66 when the file is missing. Examples:
                  airoute config init && airoute config check
                  $EDITOR "$(airoute config path)"
                  airoute config check ci.yaml --json | jq .warnings
                """, defaultPool: nil),
        logs,
        CommandSpec(
            name: "help", abstract: "Show help for a command.", arguments: "[<command>]",
            argumentHelp: [("command", "The command to explain.")], options: [], discussion: "", defaultPool: nil),
    ]

    /// The actions of `airoute config`, as completions offer them.
    static let configActions = ["path", "init", "check"]

    /// The command named `name`.
    public static func command(_ name: String) -> CommandSpec? { commands.first { $0.name == name } }
}
