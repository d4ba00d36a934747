import Foundation

/// A parsed `multipart/form-data` body (RFC 7578): the parts an upload form sent, in order.
struct MultipartForm: Sendable {
    /// One field or file.
    struct Part: Sendable {
        /// The form field's name.
        var name: String
        /// The file name, for a file part.
        var fileName: String?
        /// The part's own content type, if it gave one.
        var contentType: String?
        /// The content.
        var data: Data

        /// The content as text.
        var text: String { String(decoding: data, as: UTF8.self) }
    }

    /// Why a body is not a form.
    struct Malformed: Error, Sendable {
        var message: String
    }

    var parts: [Part]

    /// The first part named `name`.
    func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    /// The `boundary` parameter of a `multipart/form-data` content type, or `nil` for another type.
    static func boundary(fromContentType contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else {
                continue
            }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty || value.utf8.count > 200 ? nil : value
        }
        return nil
    }

    /// Parses `body` split by `boundary`.
    static func parse(_ body: Data, boundary: String) throws(Malformed) -> MultipartForm {
        let bytes = [UInt8](body)
        let delimiter = Array("--\(boundary)".utf8)
        guard var position = find(delimiter, in: bytes, from: 0) else {
            throw Malformed(message: "the multipart body has no part delimited by its boundary")
        }
        var parts: [Part] = []
        while true {
            position += delimiter.count
            if bytes[position...].starts(with: Array("--".utf8)) { break }  // the closing delimiter
            guard let lineEnd = find(crlf, in: bytes, from: position) else {
                throw Malformed(message: "the multipart body ends inside a delimiter line")
            }
            let partStart = lineEnd + 2
            guard let next = find(Array("\r\n--\(boundary)".utf8), in: bytes, from: partStart) else {
                throw Malformed(message: "the multipart body is not terminated by its closing boundary")
            }
            parts.append(try part(bytes[partStart..<next]))
            position = next + 2
        }
        return MultipartForm(parts: parts)
    }

    private static let crlf = Array("\r\n".utf8)

    private static func part(_ bytes: ArraySlice<UInt8>) throws(Malformed) -> Part {
        guard let headerEnd = find(Array("\r\n\r\n".utf8), in: Array(bytes), from: 0) else {
            // A part with no headers has a blank line at once.
            if bytes.starts(with: crlf) { throw Malformed(message: "a multipart part has no Content-Disposition") }
            throw Malformed(message: "a multipart part's headers do not end")
        }
        let start = bytes.startIndex
        let headerText = String(decoding: bytes[start..<start + headerEnd], as: UTF8.self)
        var name: String?
        var fileName: String?
        var contentType: String?
        for line in headerText.components(separatedBy: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let value = pair[1].trimmingCharacters(in: .whitespaces)
            switch pair[0].trimmingCharacters(in: .whitespaces).lowercased() {
            case "content-disposition":
                name = parameter("name", in: value)
                fileName = parameter("filename", in: value)
            case "content-type": contentType = value
            default: break
            }
        }
        guard let name else { throw Malformed(message: "a multipart part has no Content-Disposition name") }
        return Part(
            name: name, fileName: fileName, contentType: contentType, data: Data(bytes[(start + headerEnd + 4)...]))
    }

    /// `name="value"` (or unquoted) inside a Content-Disposition value.
    static func parameter(_ key: String, in value: String) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var text = pair[1].trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 {
                text = String(text.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            return text
        }
        return nil
    }

    /// The index of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else {
            return nil
        }
        let first = needle[0]
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
