import AIRoute
import Foundation

/// `airoute speak`: text (arguments, else standard input; ``TextInput``) to speech, written to
/// `-o FILE` (``AtomicFile``), or to standard output with `-o -` or `-o /dev/stdout` (never to a
/// terminal).
struct SpeakCommand {
    let context: CommandContext
    let options: SpeakOptions

    var console: Console { context.console }
    var toStdout: Bool { OutputTarget.isStandardOutput(options.output) }

    /// What `--json` prints.
    struct Result: Encodable {
        var file: String
        var bytes: Int
        var format: String
        var routing: RoutingInfo
    }

    func run() async throws -> ExitCode {
        let io = console.io
        if toStdout {
            if context.global.json {
                throw CommandFailure(
                    "'--json' cannot be used with '-o \(options.output)': the audio is the output", .usage)
            }
            if io.stdoutIsTerminal {
                throw CommandFailure(
                    "refusing to write audio to a terminal: redirect it ('> file', '| player') or use -o FILE", .usage)
            }
        }
        let format = try chooseFormat()
        let text = try readText()
        if !toStdout { try AtomicFile.check(options.output, overwrite: options.force) }
        let request = SpeechRequest(
            model: options.model, input: text, voice: Voice(rawValue: options.voice),
            responseFormat: AudioFormat(rawValue: format), speed: options.speed)
        let (audio, routing) = try await context.client.audio.speech.createWithRouting(request)
        console.failoverNotice(routing)
        guard !audio.isEmpty else { throw CommandFailure("the provider returned no audio", .unavailable) }
        if toStdout {
            guard console.out(audio) else { throw CommandFailure("cannot write to standard output", .cannotCreate) }
            return .ok
        }
        try AtomicFile.write(audio, to: options.output, overwrite: options.force)
        if context.global.json {
            try context.printJSON(Result(file: options.output, bytes: audio.count, format: format, routing: routing))
        }
        return .ok
    }

    /// `--format`, else the output file's extension, else a default the pool can produce.
    func chooseFormat() throws(CommandFailure) -> String {
        let ext = toStdout ? "" : PathName.fileExtension(of: options.output)
        if let format = options.format {
            guard SpeechFormat.all.contains(format) else {
                throw CommandFailure(
                    "unknown audio format '\(format)' (use \(SpeechFormat.all.joined(separator: ", ")))", .usage)
            }
            if !ext.isEmpty, let named = SpeechFormat.format(forExtension: ext), named != format {
                console.warning("writing \(format) audio to \(options.output), whose extension says \(named)")
            }
            return format
        }
        if !ext.isEmpty {
            guard let format = SpeechFormat.format(forExtension: ext) else {
                throw CommandFailure(
                    "cannot tell the audio format from '.\(ext)': use --format "
                        + SpeechFormat.all.joined(separator: "|") + " or an extension such as .mp3", .usage)
            }
            return format
        }
        return defaultFormat()
    }

    /// `mp3`, unless every member declares formats and none of them has mp3: then the first
    /// streamable format they share (for `-o -`) or the first they declare.
    func defaultFormat() -> String {
        guard let route = try? context.client.router.resolve(options.model, operation: .speech) else { return "mp3" }
        let declared = route.members.map(\.model.formats)
        if declared.isEmpty || declared.contains(where: { $0.isEmpty || $0.contains("mp3") }) { return "mp3" }
        let offered = declared.flatMap { $0 }
        if toStdout, let format = SpeechFormat.streamable.first(where: offered.contains) { return format }
        return offered.first(where: SpeechFormat.all.contains) ?? "mp3"
    }

    /// The text: the arguments joined by spaces, or standard input (``TextInput``).
    func readText() throws(CommandFailure) -> String {
        let io = console.io
        let piped = try TextInput.readsStandardInput(
            options.text, io: io, missing: "nothing to speak: give TEXT arguments or pipe text into 'airoute speak'")
        var text = piped ? try TextInput.standardInput(io) : options.text.joined(separator: " ")
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw CommandFailure("nothing to speak: the text is empty", .dataError) }
        return text
    }
}
