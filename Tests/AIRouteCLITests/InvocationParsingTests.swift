import Testing

@testable import AIRouteCLI

/// `Invocation.parse` as a function: what each command line types to, and the one-line usage
/// error for each kind of mistake (command, option, value and argument count).
struct InvocationParsingTests {
    func parse(_ line: String) throws(UsageError) -> (GlobalOptions, Invocation) {
        try Invocation.parse(line.split(separator: " ").map(String.init))
    }

    func usageError(_ line: String) -> UsageError? {
        do {
            _ = try parse(line)
            return nil
        } catch {
            return error
        }
    }

    @Test func globalOptionsBeforeOrAfterTheCommand() throws {
        let (global, invocation) = try parse("-v --json chat --timeout 2m --no-state -c x.yaml Hello")
        var expected = GlobalOptions()
        expected.verbose = true
        expected.json = true
        expected.timeout = .seconds(120)
        expected.noState = true
        expected.config = "x.yaml"
        #expect(global == expected)
        var chat = ChatOptions()
        chat.prompt = ["Hello"]
        #expect(invocation == .chat(chat))
    }

    @Test func eachCommandTypesItsOptions() throws {
        var chat = ChatOptions()
        chat.model = "fast"
        chat.system = "terse"
        chat.temperature = 0.5
        chat.maxTokens = 20
        chat.stream = false
        chat.interactive = true
        chat.prompt = ["a", "b"]
        #expect(try parse("chat -m fast -s terse -t 0.5 --max-tokens=20 --no-stream -i a b").1 == .chat(chat))

        var embed = EmbedOptions()
        embed.dimensions = 8
        embed.texts = ["a", "b"]
        #expect(try parse("embed --dimensions 8 a b").1 == .embed(embed))

        var speak = SpeakOptions()
        speak.voice = "nova"
        speak.format = "wav"
        speak.speed = 1.5
        speak.output = "hi.wav"
        speak.force = true
        speak.text = ["Hi"]
        #expect(try parse("speak --voice nova --format wav --speed 1.5 -o hi.wav --force Hi").1 == .speak(speak))

        var transcribe = TranscribeOptions()
        transcribe.language = "en"
        transcribe.prompt = "names"
        transcribe.format = "srt"
        transcribe.output = "out.srt"
        transcribe.file = "a.wav"
        #expect(
            try parse("transcribe --language en --prompt names --format srt -o out.srt a.wav").1
                == .transcribe(transcribe))

        var image = ImageOptions()
        image.count = 2
        image.size = "512x512"
        image.quality = "high"
        image.output = "fox.png"
        image.prompt = ["a", "fox"]
        #expect(try parse("image -n 2 --size 512x512 --quality high -o fox.png a fox").1 == .image(image))

        var health = HealthOptions()
        health.probe = .live
        health.include = ["image"]
        health.strict = true
        health.pool = "text-generation"
        #expect(
            try parse("health --probe=live --include image --strict text-generation").1 == .health(health))
        var models = HealthOptions()
        models.probe = .models
        #expect(try parse("health --probe").1 == .health(models))
        var reset = HealthOptions()
        reset.reset = true
        #expect(try parse("health --reset").1 == .health(reset))

        #expect(try parse("pools").1 == .pools(pool: nil))
        #expect(try parse("pools embeddings").1 == .pools(pool: "embeddings"))
        #expect(try parse("config path").1 == .config(.path))
        #expect(try parse("config init").1 == .config(.initialize))
        #expect(try parse("config check").1 == .config(.check(file: nil)))
        #expect(try parse("config check my.yaml").1 == .config(.check(file: "my.yaml")))
        #expect(try parse("help chat").1 == .help("chat"))
        #expect(try parse("help").1 == .help(nil))
        #expect(try parse("chat --help").1 == .help("chat"))
        #expect(try parse("--version").1 == .version)
        #expect(try parse("-q").1 == .help(nil))
    }

    @Test func mistakesGetOneLineUsageErrors() {
        let cases: [(String, UsageError)] = [
            ("chatt Hi", UsageError("Unknown command 'chatt'. Did you mean 'chat'?")),
            ("help chatt", UsageError("Unknown command 'chatt'. Did you mean 'chat'?")),
            ("help chat embed", UsageError("Unexpected argument 'embed'.", command: "help")),
            (
                "chat --tempreature 1 Hi",
                UsageError("Unknown option '--tempreature'. Did you mean '--temperature'?", command: "chat")
            ),
            ("chat -m", UsageError("Missing value for '--model <pool>'.", command: "chat")),
            ("chat --no-stream=yes Hi", UsageError("The option '--no-stream' does not take a value.", command: "chat")),
            ("-v -q chat Hi", UsageError("'--verbose' and '--quiet' cannot be used together.", command: "chat")),
            (
                "--timeout 0s chat Hi",
                UsageError("The value '0s' is invalid for '--timeout <duration>' (e.g. 30s, 2m).", command: "chat")
            ),
            (
                "image -o x.png --size 10 fox",
                UsageError("The value '10' is invalid for '--size <WxH>' (e.g. 1024x1024).", command: "image")
            ),
            ("image fox", UsageError("Missing expected option '--output <file>'.", command: "image")),
            (
                "transcribe a.wav b.wav",
                UsageError("Unexpected argument 'b.wav': transcribe takes one file.", command: "transcribe")
            ),
            ("config", UsageError("Missing expected argument '<action>' (path, init or check).", command: "config")),
            (
                "config show",
                UsageError("Unknown action 'show'; the actions are 'path', 'init' and 'check'.", command: "config")
            ),
            ("config init x", UsageError("Unexpected argument 'x'.", command: "config")),
            ("config check a b", UsageError("Unexpected argument 'b'.", command: "config")),
            ("config path extra", UsageError("Unexpected argument 'extra'.", command: "config")),
            ("pools a b", UsageError("Unexpected argument 'b'.", command: "pools")),
            (
                "health --probe=deep",
                UsageError(
                    "The value 'deep' is invalid for '--probe'; use '--probe' or '--probe=live'.", command: "health")
            ),
            (
                "health --include audio",
                UsageError(
                    "The value 'audio' is invalid for '--include <kind>'; the only kind is 'image'.", command: "health")
            ),
            (
                "health --reset --strict",
                UsageError("'--reset' cannot be used with '--probe' or '--strict'.", command: "health")
            ),
            ("health a b", UsageError("Unexpected argument 'b'.", command: "health")),
        ]
        for (line, expected) in cases {
            #expect(usageError(line) == expected, "\(line)")
        }
    }
}
