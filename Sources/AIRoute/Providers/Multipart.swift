import Foundation

/// A `multipart/form-data` body builder (RFC 7578), for audio uploads.
struct MultipartForm {
    let boundary: String
    private(set) var body = Data()

    init(boundary: String = "airoute-\(UInt64.random(in: .min ... .max))") { self.boundary = boundary }

    /// The `content-type` header value.
    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// Adds a text field.
    mutating func add(_ name: String, _ value: String) {
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.escape(name))\"\r\n\r\n".utf8))
        body.append(Data(value.utf8))
        body.append(Data("\r\n".utf8))
    }

    /// Adds a file field.
    mutating func addFile(_ name: String, fileName: String, contentType: String, data: Data) {
        body.append(
            Data(
                ("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.escape(name))\"; "
                    + "filename=\"\(Self.escape(fileName))\"\r\nContent-Type: \(contentType)\r\n\r\n").utf8))
        body.append(data)
        body.append(Data("\r\n".utf8))
    }

    /// Closes the body.
    mutating func finish() -> Data {
        body.append(Data("--\(boundary)--\r\n".utf8))
        return body
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "")
            .replacingOccurrences(of: "\n", with: "")
    }

    /// The audio MIME type for a file name's extension.
    static func audioContentType(fileName: String) -> String {
        switch (fileName as NSString).pathExtension.lowercased() {
        case "mp3", "mpga", "mpeg": "audio/mpeg"
        case "wav": "audio/wav"
        case "m4a", "mp4": "audio/mp4"
        case "ogg", "oga": "audio/ogg"
        case "flac": "audio/flac"
        case "webm": "audio/webm"
        default: "application/octet-stream"
        }
    }
}
