import AIRoute
import Foundation

/// `airoute image`: generates images and writes each atomically, with the extension of its real
/// type (`fox.jpg` for JPEG bytes asked for as `fox.png`); `-n 3 -o fox.png` writes
/// `fox-1.png` … `fox-3.png`. Every target is checked before the (paid) request is sent.
struct ImageCommand {
    let context: CommandContext
    let options: ImageOptions

    /// The largest image downloaded from a provider's URL.
    static let maxDownloadBytes = 50 * 1024 * 1024

    var console: Console { context.console }
    var toStdout: Bool { options.output == "-" }

    /// What `--json` prints.
    struct Result: Encodable {
        var files: [String]
        var created: Int
        var routing: RoutingInfo
    }

    func run() async throws -> ExitCode {
        try checkStdout()
        if !toStdout {
            for number in 0..<options.count {
                try AtomicFile.check(target(number, of: options.count), overwrite: options.force)
            }
        }
        let request = ImageGenerationRequest(
            model: options.model, prompt: options.prompt.joined(separator: " "), n: options.count, size: options.size,
            quality: options.quality, responseFormat: .b64JSON)
        let response = try await context.client.images.generate(request)
        console.failoverNotice(response.routing)
        guard !response.data.isEmpty else { throw CommandFailure("the provider returned no images", .unavailable) }
        var images: [(Data, ImageType)] = []
        for (index, image) in response.data.enumerated() {
            let bytes = try await fetch(image, number: index + 1)
            guard let type = ImageType.detect(bytes) else {
                throw CommandFailure("the provider returned data that is not an image", .unavailable)
            }
            images.append((bytes, type))
        }
        if toStdout {
            guard console.out(images[0].0) else { throw CommandFailure("cannot write to standard output", .cannotCreate) }
            return .ok
        }
        let paths = try finalPaths(images.map(\.1))
        var written: [String] = []
        for (path, (bytes, _)) in zip(paths, images) {
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
            try context.printJSON(Result(files: written, created: response.created, routing: response.routing))
        }
        return .ok
    }

    /// `-o -` takes one image, never to a terminal, and not with `--json`.
    func checkStdout() throws(CommandFailure) {
        guard toStdout else { return }
        if options.count > 1 {
            throw CommandFailure("'-o -' writes one image; use -o FILE with -n \(options.count)", .usage)
        }
        if context.global.json { throw CommandFailure("'--json' cannot be used with '-o -': the image is the output", .usage) }
        if console.io.stdoutIsTerminal {
            throw CommandFailure("refusing to write an image to a terminal: redirect it or use -o FILE", .usage)
        }
    }

    /// The path of image `number` (0-based) of `count`: numbered from 1 when there are several.
    func target(_ number: Int, of count: Int) -> String {
        count > 1 ? PathName.numbered(options.output, number + 1) : options.output
    }

    /// The paths to write, with extensions following the real types (said in a notice), each
    /// checked again when it changed. When the corrected name is taken, the checked name is kept
    /// (with a warning) rather than lose a paid image.
    func finalPaths(_ types: [ImageType]) throws(CommandFailure) -> [String] {
        let count = max(options.count, types.count)
        var paths: [String] = []
        for (number, type) in types.enumerated() {
            let planned = target(number, of: count)
            let checked = number < options.count ? target(number, of: options.count) : nil
            let ext = PathName.fileExtension(of: planned)
            guard !type.extensions.contains(ext) else {
                if planned != checked { try AtomicFile.check(planned, overwrite: options.force) }
                paths.append(planned)
                continue
            }
            let path = ext.isEmpty ? planned + "." + type.fileExtension
                : PathName.replacingExtension(planned, with: type.fileExtension)
            var info = stat()
            if let checked, !options.force, lstat(path, &info) == 0 {
                console.warning("the image is \(type.displayName) but \(path) exists: writing \(checked)")
                paths.append(checked)
                continue
            }
            try AtomicFile.check(path, overwrite: options.force)
            if !ext.isEmpty { console.notice("the image is \(type.displayName): writing \(path) instead of \(planned)") }
            paths.append(path)
        }
        return paths
    }

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
