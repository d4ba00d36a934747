import AIRoute
import Foundation

/// `airoute image`: generates images from a prompt (arguments, else standard input;
/// ``TextInput``) and writes each to exactly the name given (``AtomicFile``): `-n 3 -o fox.png`
/// writes `fox-1.png` … `fox-3.png`. Every target is checked before the (paid) request is sent;
/// an image whose type differs from its name's extension is written as named, with a warning,
/// and fewer images than asked for are said on stderr and in `--json`.
struct ImageCommand {
    let context: CommandContext
    let options: ImageOptions

    /// The largest image downloaded from a provider's URL.
    static let maxDownloadBytes = 50 * 1024 * 1024

    var console: Console { context.console }
    var toStdout: Bool { OutputTarget.isStandardOutput(options.output) }

    /// What `--json` prints.
    struct Result: Encodable {
        var files: [String]
        var created: Int
        var requested: Int
        var received: Int
        var routing: RoutingInfo
    }

    func run() async throws -> ExitCode {
        try checkTarget()
        let prompt = try readPrompt()
        if !toStdout {
            for number in 0..<options.count {
                try AtomicFile.check(target(number), overwrite: options.force)
            }
        }
        let request = ImageGenerationRequest(
            model: options.model, prompt: prompt, n: options.count, size: options.size, quality: options.quality,
            responseFormat: .b64JSON)
        let response = try await context.client.images.generate(request)
        console.failoverNotice(response.routing)
        guard !response.data.isEmpty else { throw CommandFailure("the provider returned no images", .unavailable) }
        let received = response.data.count
        if received != options.count {
            let kept = received > options.count ? ": writing the first \(options.count)" : ""
            console.warning(
                "asked for \(Self.images(options.count)), the provider returned \(Self.images(received))\(kept)")
        }
        var images: [Data] = []
        for (index, image) in response.data.prefix(options.count).enumerated() {
            let bytes = try await fetch(image, number: index + 1)
            guard ImageType.detect(bytes) != nil else {
                throw CommandFailure("the provider returned data that is not an image", .unavailable)
            }
            images.append(bytes)
        }
        if toStdout {
            guard console.out(images[0]) else { throw CommandFailure("cannot write to standard output", .cannotCreate) }
            return .ok
        }
        var written: [String] = []
        for (number, bytes) in images.enumerated() {
            let path = target(number)
            warnIfMisnamed(path, bytes)
            do {
                try AtomicFile.write(bytes, to: path, overwrite: options.force)
            } catch {
                // The images are paid for: say which ones were kept.
                if context.global.json, !written.isEmpty {
                    console.warning("written before the failure: \(written.joined(separator: ", "))")
                }
                throw error
            }
            written.append(path)
            if !context.global.json { console.out(path + "\n") }
        }
        if context.global.json {
            try context.printJSON(
                Result(
                    files: written, created: response.created, requested: options.count, received: received,
                    routing: response.routing))
        }
        return .ok
    }

    /// The prompt: the arguments joined by spaces, or standard input (``TextInput``).
    func readPrompt() throws(CommandFailure) -> String {
        let io = console.io
        let piped = try TextInput.readsStandardInput(
            options.prompt, io: io, missing: "nothing to draw: give a PROMPT or pipe one into 'airoute image'")
        let prompt = (piped ? try TextInput.standardInput(io) : options.prompt.joined(separator: " "))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard !prompt.isEmpty else { throw CommandFailure("nothing to draw: the prompt is empty", .dataError) }
        return prompt
    }

    /// `-o -` takes one image, never to a terminal, and not with `--json`; so does any `-o` that
    /// is not a file (`/dev/null`, a FIFO), where numbered names make no sense.
    func checkTarget() throws(CommandFailure) {
        let notAFile =
            toStdout || (try? OutputTarget.resolve(options.output, overwrite: true))?.isWrittenThrough == true
        if options.count > 1, notAFile {
            throw CommandFailure(
                "'-o \(options.output)' writes one image; use -o FILE with -n \(options.count)", .usage)
        }
        guard toStdout else { return }
        if context.global.json {
            throw CommandFailure("'--json' cannot be used with '-o \(options.output)': the image is the output", .usage)
        }
        if console.io.stdoutIsTerminal {
            throw CommandFailure("refusing to write an image to a terminal: redirect it or use -o FILE", .usage)
        }
    }

    /// The path of image `number` (0-based): the name given, numbered from 1 with `-n` above 1.
    func target(_ number: Int) -> String {
        options.count > 1 ? PathName.numbered(options.output, number + 1) : options.output
    }

    /// Warns (one line) when the name's extension says another type than the image's bytes.
    func warnIfMisnamed(_ path: String, _ bytes: Data) {
        let ext = PathName.fileExtension(of: path)
        guard !ext.isEmpty, let type = ImageType.detect(bytes), !type.extensions.contains(ext) else { return }
        console.warning(
            "the image is \(type.displayName): writing it to \(path) as named (its extension says otherwise)")
    }

    /// `1 image`, `3 images`.
    static func images(_ count: Int) -> String { count == 1 ? "1 image" : "\(count) images" }

    /// The bytes of an image: decoded base64, a decoded `data:` URL, or a bounded download.
    func fetch(_ image: ImageResponse.Image, number: Int) async throws -> Data {
        if let b64 = image.b64JSON {
            guard let data = Data(base64Encoded: b64, options: .ignoreUnknownCharacters) else {
                throw CommandFailure("the provider returned data that is not an image (bad base64)", .unavailable)
            }
            return data
        }
        guard let url = image.url else {
            throw CommandFailure("the provider returned image \(number) without data or URL", .unavailable)
        }
        if url.lowercased().hasPrefix("data:") {
            guard let data = Self.decodeDataURL(url) else {
                throw CommandFailure("the provider returned data that is not an image (bad data: URL)", .unavailable)
            }
            return data
        }
        do {
            return try await context.client.download(url, maxBytes: Self.maxDownloadBytes)
        } catch let error as UpstreamFailure {
            throw CommandFailure("cannot download image \(number) from \(url): \(error.message)", .unavailable)
        }
    }

    /// Decodes `data:[type][;base64],payload` (base64 or percent-encoded).
    static func decodeDataURL(_ url: String) -> Data? {
        guard let comma = url.firstIndex(of: ",") else { return nil }
        let header = url[url.index(url.startIndex, offsetBy: 5)..<comma].lowercased()
        let payload = String(url[url.index(after: comma)...])
        if header.split(separator: ";").contains("base64") {
            return Data(base64Encoded: payload, options: .ignoreUnknownCharacters)
        }
        return payload.removingPercentEncoding.map { Data($0.utf8) }
    }
}
