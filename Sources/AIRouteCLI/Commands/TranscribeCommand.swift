import AIRoute
import Foundation

/// `airoute transcribe [FILE|-]`: uploads audio — the file, or standard input when it is `-` or
/// absent and standard input is not a terminal — checked for existence, emptiness, size and type
/// before anything is sent, and prints the transcript, or writes it to `-o FILE` (``AtomicFile``).
struct TranscribeCommand {
    let context: CommandContext
    let options: TranscribeOptions

    /// The upload limit when no pool member declares one: OpenAI's 25 MiB.
    static let defaultLimit = 25 * 1024 * 1024

    var console: Console { context.console }
    /// `-o FILE`; `nil` for standard output (`-o -`, `-o /dev/stdout` or no `-o`).
    var outputFile: String? { options.output.flatMap { OutputTarget.isStandardOutput($0) ? nil : $0 } }

    func run() async throws -> ExitCode {
        if let outputFile { try AtomicFile.check(outputFile, overwrite: options.force) }
        let route = try context.client.router.resolve(options.model, operation: .transcription)
        let limit = route.members.map { $0.model.maxFileBytes ?? Self.defaultLimit }.max() ?? Self.defaultLimit
        let (audio, fileName) = try readAudio(limit: limit, pool: route.pool.name)
        let format = TranscriptionFormat(rawValue: options.format)
        let request = TranscriptionRequest(
            model: options.model, file: audio, fileName: fileName, language: options.language, prompt: options.prompt,
            responseFormat: format)
        let response = try await context.client.audio.transcriptions.create(request)
        console.failoverNotice(response.routing)
        let payload = try Self.payload(response, format: format)
        if let outputFile {
            try AtomicFile.write(payload, to: outputFile, overwrite: options.force)
        } else if !context.global.json {
            var text = payload
            if !text.isEmpty, text.last != UInt8(ascii: "\n") { text.append(UInt8(ascii: "\n")) }
            guard console.out(text) else { throw CommandFailure("cannot write to standard output", .cannotCreate) }
        }
        if context.global.json { try printJSON(response) }
        return .ok
    }

    /// The bytes of the transcript in the requested format: the text as returned for `text`,
    /// `srt` and `vtt`; the OpenAI-shaped JSON object (without `routing`) for `json` and `verbose_json`.
    static func payload(_ response: TranscriptionResponse, format: TranscriptionFormat) throws -> Data {
        guard format.isJSON else { return Data(response.text.utf8) }
        guard case .object(var object) = try JSONValue(encoding: response) else { return Data() }
        object["routing"] = nil
        return try StableJSONEncoder.compact.encode(JSONValue.object(object)) + Data("\n".utf8)
    }

    /// `--json`: the transcription with its routing, plus `file` when written to one.
    func printJSON(_ response: TranscriptionResponse) throws {
        guard let outputFile, case .object(var object) = try JSONValue(encoding: response) else {
            try context.printJSON(response)
            return
        }
        object["file"] = .string(outputFile)
        try context.printJSON(JSONValue.object(object))
    }

    /// Reads the audio (file or standard input) and names it with an extension the provider
    /// understands; refuses empty, oversized and non-audio input.
    func readAudio(limit: Int, pool: String) throws(CommandFailure) -> (Data, String) {
        var path = options.file
        if path.isEmpty {
            guard !console.io.stdinIsTerminal else {
                throw CommandFailure(
                    "nothing to transcribe: give an audio FILE or pipe audio into 'airoute transcribe'", .usage)
            }
            path = "-"
        }
        let shown = path == "-" ? "standard input" : path
        let tooLarge = { (size: Int) in
            let (size, limit) = ByteCount.pair(size, limit: limit)
            return "\(shown) is \(size); the largest upload the pool '\(pool)' accepts is \(limit)"
        }
        let data: Data
        if path == "-" {
            guard !console.io.stdinIsTerminal else {
                throw CommandFailure("refusing to read audio from a terminal: pipe a file into 'transcribe -'", .usage)
            }
            data = console.io.readIn()
            guard !data.isEmpty else { throw CommandFailure("standard input is empty", .dataError) }
            guard data.count <= limit else { throw CommandFailure(tooLarge(data.count), .dataError) }
        } else {
            data = try InputFile.read(path, limit: limit, tooLarge: tooLarge)
        }
        let base = path == "-" ? "audio" : PathName.base(of: path)
        let ext = path == "-" ? "" : PathName.fileExtension(of: path)
        if AudioType.knownExtensions.contains(ext) { return (data, base) }
        guard let detected = AudioType.detect(data) else {
            throw CommandFailure(
                "\(shown) is not an audio file (expected "
                    + AudioType.knownExtensions.sorted().joined(separator: ", ") + ")", .dataError)
        }
        return (data, PathName.removingExtension(base) + "." + detected)
    }
}
