/// The sections of `man/airoute.1` written here rather than derived from the command table: summaries of
/// docs/configuration.md and docs/cli.md, which hold the full contracts.
extension ManPage {
    /// The provider key variables the built-in configuration reads, with their provider.
    static let keyVariables: [(variable: String, provider: String)] = [
        ("OPENAI_API_KEY", "OpenAI"), ("AZURE_OPENAI_API_KEY", "Azure OpenAI, with AZURE_OPENAI_ENDPOINT"),
        ("ANTHROPIC_API_KEY", "Anthropic"), ("GEMINI_API_KEY", "Google Gemini"),
        ("GOOGLE_API_KEY", "Google Gemini, when GEMINI_API_KEY is unset"), ("GROQ_API_KEY", "Groq"),
        ("MISTRAL_API_KEY", "Mistral"), ("OPENROUTER_API_KEY", "OpenRouter"),
    ]

    /// The exit codes (docs/cli.md, "Exit codes").
    static let exitCodes: [(code: ExitCode, meaning: String)] = [
        (.ok, "Success."),
        (
            .rejected,
            "The provider rejected the request (a client error such as a bad request or a refused key), "
                + "or its content filter withheld the answer (finish_reason content_filter; a refusal exits 0)."
        ),
        (.usage, "Usage error: a bad command line."),
        (.dataError, "Bad input data."),
        (.noInput, "An input file is missing or cannot be read."),
        (.unavailable, "No member could serve the request; health: a pool has no available member."),
        (.cannotCreate, "An output file cannot be created, or exists and --force was not given."),
        (.temporaryFailure, "Every member is cooling down or rate limited; try again later."),
        (.configuration, "Configuration error."),
        (.interrupted, "Interrupted (Ctrl-C)."),
    ]

    static func description() -> [String] {
        let pools = CommandTable.commands.compactMap(\.defaultPool).joined(separator: ", ")
        var lines = [".Sh DESCRIPTION", ".Nm"]
        lines += Mdoc.text(
            """
            sends chat, embedding, speech, transcription and image requests to the models of a pool, \
            picking the best available member that can serve each request and failing over when a provider errors.
            The model named with -m is a capability pool (\(pools)), defined in the configuration.
            """)
        lines += [".Pp"]
        lines += Mdoc.text(
            """
            Standard output carries only the payload; notices, progress and warnings go to standard error, \
            only when it is a terminal or with -v.
            With --json a command prints one JSON object: the OpenAI-shaped response plus a routing object.
            Output files are written atomically, and an existing file is kept unless --force is given.
            """)
        lines += [".Pp"] + inputAndOutput()
        lines += [".Pp"]
        lines += Mdoc.text(
            """
            Options take their value as --opt value, --opt=value, -o value or -ovalue; \
            short flags can be packed (-vq), and -- ends the options.
            """)
        return lines
    }

    /// How every command reads standard input and writes -o targets.
    static func inputAndOutput() -> [String] {
        Mdoc.text(
            """
            Every command takes its text from its arguments; with none, from standard input when that is not a terminal; an argument of - reads standard input explicitly (transcribe reads audio the same way).
            Text read from standard input must be UTF-8 without NUL bytes, or the command exits 65 before any request.
            embed skips blank inputs with a warning, and sends inputs in batches of each member's limit (2048 for OpenAI and Azure, 100 for Gemini, or the model's max_batch_inputs).
            """) + [".Pp"]
            + Mdoc.text(
                """
                An -o target that is a regular file, or a new path, gets a temporary file renamed over it; a symbolic link is followed and the file it leads to is replaced in its own directory, so the link stays.
                Character devices, FIFOs and sockets (/dev/null, a named pipe, >(cmd)) are written through without --force, and /dev/stdout or /dev/fd/N write to that descriptor.
                A directory, a dangling link, a block device or a target that cannot be written exits 73, changing nothing.
                image writes exactly the name given, warning when the image's type differs from the extension or when fewer images came back than -n asked for.
                """)
    }

    static func configuration() -> [String] {
        [".Sh CONFIGURATION"] + Mdoc.text("The configuration is a YAML file, the first found of:") + [
            ".Bl -enum -compact",
            ".It", ".Fl -config Ar path",
            ".It", ".Ev AIROUTE_CONFIG",
            ".It", ".Pa $XDG_CONFIG_HOME/airoute/config.yaml",
            ".It", ".Pa ~/.config/airoute/config.yaml",
            ".El",
            ".Pp",
            "Without one,",
            ".Nm",
        ]
            + Mdoc.text(
                """
                derives a built-in configuration from the environment: a provider for each key variable that is set \
                (see ENVIRONMENT), plus the standard pools over well-known models of those providers.
                A variable that is unset in a provider's api_key disables that provider with one warning.
                The mock provider type answers in-process, for offline use and tests; examples/offline.yaml uses it.
                airoute -v names the configuration in use.
                airoute config init writes a starter file from the key variables that are set and the local \
                servers that answer (never over an existing file); airoute config check validates one.
                """) + [".Pp", "Every key, with its type, default and an example, is in", ".Xr airoute-config 5 ;"]
            + Mdoc.text("what follows is a summary.") + [".Pp"]
            + Mdoc.text(
                """
                Routing settings (defaults:, and per pool): timeout is one deadline for the whole call;             attempt_timeout limits one non-streamed attempt (default: half the time left while another member             could follow, all of it for the last), so a slow member leaves time for the next; first_token_timeout             and idle_timeout bound streams. A member's circuit opens after failure_threshold transient failures,             or at once on rate_limited, quota, auth or not_found. No cooldown is longer than max_cooldown             (default 5m), except one a provider's Retry-After asked for, up to max_retry_after (default 1h);             auth_cooldown and quota_cooldown default to max_cooldown. airoute health --reset clears recorded health.
                """) + [".Pp"]
            + Mdoc.text(
                """
                The server: section configures airoute serve: listen (HOST:PORT, default 127.0.0.1:4000); keys, \
                a list of client keys (key: ${VARIABLE}, name, and optionally the pools the key may use), sent by \
                clients as Authorization: Bearer KEY; without keys only loopback addresses may be used, unless \
                allow_public_without_keys: true. Limits: max_body_size (25MiB, larger bodies get 413), \
                max_concurrent_requests (256, more are answered 503 with Retry-After), header_timeout (10s), \
                idle_timeout (60s), and shutdown_grace (30s: how long in-flight requests may finish after SIGTERM). \
                health_file (the health loaded at start and saved at shutdown), ready_pools (what GET /readyz \
                checks) and access_log (true: one line per request on standard error, never content or keys).
                """) + [".Pp"]
            + Mdoc.text(
                """
                The state: section says where member health lives: backend: file (the default, the per-user \
                health file) or backend: postgres with url: ${AIROUTE_STATE_URL} \
                (postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE; a password written in the file is an \
                error), so that every process and machine naming the same table (schema, table) shares circuit \
                breakers: a member one replica finds down is skipped by all, and one replica probes it when its \
                cooldown ends. connect_timeout (2s) bounds connecting at start and write_timeout (500ms) each \
                write; without PostgreSQL each process routes on its own state and reconnects by itself.
                """)
    }

    static func environment() -> [String] {
        var lines = [".Sh ENVIRONMENT", ".Bl -tag -width Ds"]
        for key in keyVariables {
            lines +=
                [".It Ev \(key.variable)"]
                + Mdoc.text("The API key of \(key.provider), for the built-in configuration.")
        }
        let others: [(String, String)] = [
            (
                "OPENAI_BASE_URL",
                "The OpenAI provider's base URL in the built-in configuration, as the official SDKs read it; "
                    + "alone (without OPENAI_API_KEY) it enables a keyless local server such as Ollama or llama.cpp."
            ),
            ("ANTHROPIC_BASE_URL", "The Anthropic provider's base URL in the built-in configuration."),
            (
                "AZURE_OPENAI_ENDPOINT",
                "The Azure OpenAI resource (https://RESOURCE.openai.azure.com) of the built-in configuration."
            ),
            ("OPENAI_API_VERSION", "The Azure OpenAI api-version of the built-in configuration (default 2024-10-21)."),
            ("AIROUTE_CONFIG", "The configuration file, when --config is not given."),
            ("XDG_CONFIG_HOME", "The configuration directory (default ~/.config)."),
            (
                "XDG_STATE_HOME",
                "The state directory of the health file, the REPL history and the exchange log (default ~/.local/state)."
            ),
            (
                "AIROUTE_STATE_DIR",
                "The directory of the health file and the exchange log, instead of $XDG_STATE_HOME/airoute."
            ),
            ("AIROUTE_NOHISTORY", "When set to 1, the REPL neither reads nor writes its history file."),
            ("AIROUTE_NOLOG", "When set, not empty and not 0, chat exchanges are not logged (as --no-log)."),
            ("NO_COLOR", "When set and not empty, no colour is used."),
            (
                "AIROUTE_LOG_LEVEL",
                "The log level with --verbose: trace, debug, info (the default), notice, warning, error."
            ),
        ]
        for (variable, meaning) in others { lines += [".It Ev \(variable)"] + Mdoc.text(meaning) }
        return lines + [".El"]
    }

    static func files() -> [String] {
        [
            ".Sh FILES",
            ".Bl -tag -width Ds",
            ".It Pa ~/.config/airoute/config.yaml",
        ] + Mdoc.text("The configuration ($XDG_CONFIG_HOME/airoute/config.yaml when XDG_CONFIG_HOME is set).") + [
            ".It Pa $XDG_STATE_HOME/airoute/health.json"
        ]
            + Mdoc.text(
                """
                The members' health (circuit state, cool-downs, latencies), shared by concurrent runs; \
                ~/.local/state/airoute/health.json when XDG_STATE_HOME is unset, $AIROUTE_STATE_DIR/health.json when that is set.
                --no-state neither reads nor writes it.
                """) + [
                ".It Pa $XDG_STATE_HOME/airoute/history"
            ]
            + Mdoc.text("The REPL's history, mode 0600 (~/.local/state/airoute/history when XDG_STATE_HOME is unset).")
            + [".It Pa $XDG_STATE_HOME/airoute/logs.db"]
            + Mdoc.text(
                """
                The exchange log (SQLite, mode 0600): every chat exchange, with its routing, usage and cost; \
                read by airoute logs and chat --continue. No key or header is ever written to it. \
                --no-log or AIROUTE_NOLOG=1 turns it off; --no-state does not.
                """)
            + [".El"]
    }

    static func exitStatus() -> [String] {
        var lines = [".Sh EXIT STATUS", ".Bl -tag -width Ds"]
        for (code, meaning) in exitCodes { lines += [".It \(code.rawValue)"] + Mdoc.text(meaning) }
        lines += [".El", ".Pp", ".Cm health"]
        lines += Mdoc.text(
            """
            exits 69 when a pool has no available member, and with --strict also when any member is down;             a member whose probe just failed counts as down (STATE failing).             A model missing from a provider's model list is shown, never held against the member.
            """)
        lines +=
            [".Pp"]
            + Mdoc.text(
                """
                A pool that serves another operation (chat -m embeddings) exits 64.             With --json, a failure prints one object on standard output: OpenAI's error shape             {"error": {"message", "type", "param", "code"}} and the routing, every attempt with its class, status and duration.
                """)
        return lines
    }

    static func examples() -> [String] {
        let blocks: [(String, [String])] = [
            (
                "Try it offline, with mock providers and a failover:",
                [
                    "airoute -c examples/offline.yaml chat \"Hello\"",
                    "airoute -c examples/offline.yaml health",
                ]
            ),
            (
                "Ask once, review a diff, or start the REPL:",
                [
                    "airoute chat \"Explain TCP slow start in two sentences\"",
                    "git diff | airoute chat -s \"You review code\" \"Summarize this change\"",
                    "airoute chat",
                ]
            ),
            (
                "Embed, speak, transcribe and draw:",
                [
                    "cut -f2 notes.tsv | airoute embed > vectors.jsonl",
                    "airoute speak -o hello.mp3 \"Hello there\"",
                    "airoute transcribe --format srt -o talk.srt talk.mp3",
                    "airoute image -n 3 -o fox.png \"a red fox\"",
                ]
            ),
            (
                "Serve the pools to any OpenAI SDK (base URL http://127.0.0.1:4000/v1):",
                [
                    "airoute -c examples/offline.yaml serve",
                    "curl -s http://127.0.0.1:4000/v1/chat/completions -H 'Content-Type: application/json' \\",
                    "  -d '{\"model\": \"text-generation\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}'",
                ]
            ),
            (
                "See which member served a request, and probe every member:",
                [
                    "airoute chat --json --no-stream \"Hi\" | jq .routing",
                    "airoute health --probe",
                ]
            ),
        ]
        var lines = [".Sh EXAMPLES"]
        for (index, block) in blocks.enumerated() {
            if index > 0 { lines.append(".Pp") }
            lines += Mdoc.text(block.0) + [".Bd -literal -offset indent"] + block.1.map(Mdoc.literal) + [".Ed"]
        }
        return lines
    }

    static func seeAlso() -> [String] {
        [
            ".Sh SEE ALSO", ".Xr airoute-config 5", "for every configuration key;",
            ".Ql airoute help Ar command",
            "for one command;",
            ".Ql airoute config init",
            "to write a starter configuration and",
            ".Ql airoute config check",
            "to validate one.",
        ]
    }
}
