import AIRoute
import Crypto
import Foundation

/// A file, standard input or URL given with `chat -a` or the REPL's `.attach`, made into a
/// content part of the user's message (docs/cli.md, "Attachments").
///
/// The type comes from the content's first bytes, never from the extension alone: PNG, JPEG,
/// WebP and GIF become image parts (`data:` URLs), WAV and MP3 become `input_audio` parts (the two
/// formats OpenAI's chat format takes). A URL is passed as an image URL for the provider to
/// fetch. An image makes the request require `vision`, audio `audio_input`, so only members that
/// declare them are tried; per-model `max_attachment_size` limits are checked by the router
/// before any request. Anything else is refused with exit 65.
struct Attachment: Sendable, Equatable {
    /// What the attachment is.
    enum Kind: String, Sendable {
        case image, audio
    }

    var kind: Kind
    /// What the user gave: a path, `-` for standard input, or the URL.
    var reference: String
    /// `image/png`, `audio/wav`…; for a URL, from its extension (`image/*` when it has none).
    var mediaType: String
    /// The content's size in bytes (0 for a URL: not read).
    var bytes: Int
    /// The content's SHA-256 in hex (`nil` for a URL).
    var sha256: String?
    /// The part sent in the message.
    var part: ContentPart

    /// The most read from one file: OpenAI's limit for a whole request body. Smaller limits are
    /// the models' (`max_attachment_size`), applied by the router.
    static let readLimit = 50 * 1024 * 1024

    /// Loads `argument`: a URL (`https://…`, `http://…`), `-` (standard input, read whole), or a path.
    static func load(_ argument: String, io: IO) throws(CommandFailure) -> Attachment {
        if argument.hasPrefix("https://") || argument.hasPrefix("http://") { return try url(argument) }
        let name = argument == "-" ? "standard input" : argument
        let data: Data
        if argument == "-" {
            guard !io.stdinIsTerminal else {
                throw CommandFailure(
                    "'-a -' attaches standard input, which is a terminal: pipe the file in (airoute chat -a - \"…\" < photo.png)",
                    .usage)
            }
            data = io.readIn()
            if data.isEmpty { throw CommandFailure("the attachment on standard input is empty", .dataError) }
            if data.count > readLimit { throw CommandFailure(tooLarge(name, data.count), .dataError) }
        } else {
            data = try InputFile.read(argument, limit: readLimit) { tooLarge(argument, $0) }
        }
        return try make(data, reference: argument, name: name)
    }

    /// The attachment for `data`, typed by its first bytes.
    static func make(_ data: Data, reference: String, name: String) throws(CommandFailure) -> Attachment {
        let hash = Array(SHA256.hash(data: data)).hexDigits
        if let image = ImageType.detect(data) {
            let type = "image/\(image == .jpeg ? "jpeg" : image.rawValue)"
            let part = ContentPart.imageURL("data:\(type);base64,\(data.base64EncodedString())")
            return Attachment(
                kind: .image, reference: reference, mediaType: type, bytes: data.count, sha256: hash, part: part)
        }
        if let audio = AudioType.detect(data) {
            guard audio == "wav" || audio == "mp3" else {
                throw CommandFailure(
                    "\(name) is \(audio.uppercased()) audio; chat attachments take WAV or MP3 (convert it, or use "
                        + "'airoute transcribe')", .dataError)
            }
            let part = ContentPart.inputAudio(data: data.base64EncodedString(), format: audio)
            return Attachment(
                kind: .audio, reference: reference, mediaType: audio == "wav" ? "audio/wav" : "audio/mpeg",
                bytes: data.count, sha256: hash, part: part)
        }
        let what = data.starts(with: Array("%PDF".utf8)) ? "a PDF document" : "not an image or audio file"
        throw CommandFailure(
            "\(name) is \(what); attachments are images (PNG, JPEG, WebP, GIF) or audio (WAV, MP3)", .dataError)
    }

    /// A URL attachment: passed as an image URL, typed by its extension.
    private static func url(_ text: String) throws(CommandFailure) -> Attachment {
        guard let url = URL(string: text), url.host?.isEmpty == false, !text.contains(where: \.isWhitespace) else {
            throw CommandFailure("'\(text)' is not a usable URL", .dataError)
        }
        let ext = PathName.fileExtension(of: url.path)
        if AudioType.knownExtensions.contains(ext) {
            throw CommandFailure(
                "audio cannot be attached by URL (\(text)); download it and attach the file", .dataError)
        }
        let image = ImageType.allCases.first { $0.extensions.contains(ext) }
        let type = image.map { "image/\($0 == .jpeg ? "jpeg" : $0.rawValue)" } ?? "image/*"
        return Attachment(
            kind: .image, reference: text, mediaType: type, bytes: 0, sha256: nil, part: .imageURL(text))
    }

    private static func tooLarge(_ name: String, _ size: Int) -> String {
        let (size, limit) = ByteCount.pair(size, limit: readLimit)
        return "\(name) is \(size); an attachment may be at most \(limit)"
    }

    /// The user message: the text, then each attachment's part (plain text without attachments).
    static func message(_ text: String, _ attachments: [Attachment]) -> ChatMessage {
        guard !attachments.isEmpty else { return .user(text) }
        let parts = (text.isEmpty ? [] : [ContentPart.text(text)]) + attachments.map(\.part)
        return ChatMessage(role: .user, content: .parts(parts))
    }

    /// What the exchange log keeps: the reference and the hash, never the content.
    var logged: LoggedAttachment {
        LoggedAttachment(
            kind: kind == .image ? .image : .audio, reference: reference, mediaType: mediaType, bytes: bytes,
            sha256: sha256 ?? "")
    }

    /// `photo.png (image/png, 1.2 MB)` for notices.
    var summary: String {
        let size = bytes > 0 ? ", " + ByteCount.text(bytes) : ""
        return "\(reference == "-" ? "standard input" : reference) (\(mediaType)\(size))"
    }
}
