import Foundation

/// Image types recognized by their magic bytes, so a written file's content can be checked
/// against its extension.
enum ImageType: String, Sendable, CaseIterable {
    case png, jpeg, webp, gif

    /// Every extension that names the type.
    var extensions: Set<String> {
        switch self {
        case .png: ["png"]
        case .jpeg: ["jpg", "jpeg", "jpe"]
        case .webp: ["webp"]
        case .gif: ["gif"]
        }
    }

    /// A human name for notices (`PNG`, `JPEG`…).
    var displayName: String { rawValue.uppercased() }

    /// The type of `data` from its first bytes, or `nil` when it is not a recognized image.
    static func detect(_ data: Data) -> ImageType? {
        let bytes = [UInt8](data.prefix(12))
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return .webp
        }
        if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) { return .gif }
        return nil
    }
}

/// Audio recognition for uploads: the extensions OpenAI's transcription endpoint accepts, and
/// container magic bytes for files with another (or no) extension.
enum AudioType {
    /// Extensions accepted as audio without looking at the content.
    static let knownExtensions: Set<String> = [
        "mp3", "mp4", "mpeg", "mpga", "m4a", "wav", "webm", "ogg", "oga", "flac",
    ]

    /// The extension matching the content's magic bytes (`wav`, `mp3`, `ogg`, `flac`, `m4a`,
    /// `webm`), or `nil` when the bytes do not look like audio.
    static func detect(_ data: Data) -> String? {
        let bytes = [UInt8](data.prefix(12))
        guard bytes.count >= 4 else { return nil }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WAVE".utf8) {
            return "wav"
        }
        if bytes.starts(with: Array("ID3".utf8)) { return "mp3" }
        if bytes[0] == 0xFF, bytes[1] & 0xE0 == 0xE0 { return "mp3" }  // MPEG frame sync (0xFFE)
        if bytes.starts(with: Array("OggS".utf8)) { return "ogg" }
        if bytes.starts(with: Array("fLaC".utf8)) { return "flac" }
        if bytes.count >= 8, Array(bytes[4..<8]) == Array("ftyp".utf8) { return "m4a" }
        if bytes.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return "webm" }
        return nil
    }
}

/// Speech output formats and how they follow from a file name.
enum SpeechFormat {
    /// The formats `speak` can write.
    static let all = ["mp3", "opus", "aac", "flac", "wav", "pcm"]

    /// The format a file extension names (`nil` for an unknown extension).
    static func format(forExtension ext: String) -> String? {
        switch ext.lowercased() {
        case "mp3", "opus", "aac", "flac", "wav", "pcm": ext.lowercased()
        case "ogg", "oga": "opus"
        case "raw": "pcm"
        default: nil
        }
    }

    /// Formats that can be written to a pipe: no header that needs the total length (piper#112).
    static let streamable = ["mp3", "opus", "aac", "pcm", "flac", "wav"]
}

/// Path helpers for output files (POSIX paths; no Foundation URL normalisation).
enum PathName {
    /// The directory part (`.` for a bare name, `/` for a file in the root).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// The last component.
    static func base(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The extension of the last component, lowercased, without the dot (`""` when none; a
    /// leading dot as in `.hidden` is not an extension).
    static func fileExtension(of path: String) -> String {
        extensionDot(of: path).map { String(path[path.index(after: $0)...]).lowercased() } ?? ""
    }

    /// The path without its extension.
    static func removingExtension(_ path: String) -> String {
        extensionDot(of: path).map { String(path[..<$0]) } ?? path
    }

    /// `fox.png` numbered `2` is `fox-2.png`; `fox` is `fox-2`.
    static func numbered(_ path: String, _ number: Int) -> String {
        guard let dot = extensionDot(of: path) else { return "\(path)-\(number)" }
        return "\(path[..<dot])-\(number)\(path[dot...])"
    }

    /// The index of the dot that starts the last component's extension.
    private static func extensionDot(of path: String) -> String.Index? {
        let start = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        guard let dot = path[start...].lastIndex(of: "."), dot != start, path.index(after: dot) != path.endIndex
        else { return nil }
        return dot
    }
}

/// Human sizes for messages: `31.4 MB`, `25 MB`. Megabytes are binary (as OpenAI states its
/// 25 MB limit) unless the reference size is a round decimal one (`max_file_size: 25MB`), so a
/// size and the limit it is compared with always use the same unit.
enum ByteCount {
    /// `size` and `limit` as texts in one unit; exact byte counts when rounding would make them look equal.
    static func pair(_ size: Int, limit: Int) -> (size: String, limit: String) {
        let decimal = limit % 1000 == 0 && limit % 1024 != 0
        let pair = (text(size, decimal: decimal), text(limit, decimal: decimal))
        return pair.0 == pair.1 ? ("\(size) bytes", "\(limit) bytes") : pair
    }

    /// One size: bytes below 1 KB, else KB or MB with at most one decimal.
    static func text(_ bytes: Int, decimal: Bool = false) -> String {
        let k = decimal ? 1000.0 : 1024.0
        let value = Double(bytes)
        if value < k { return "\(bytes) bytes" }
        if value < k * k { return "\(trimmed(value / k)) KB" }
        return "\(trimmed(value / (k * k))) MB"
    }

    private static func trimmed(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }
}
