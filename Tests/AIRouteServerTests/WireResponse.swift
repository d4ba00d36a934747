import Foundation

/// One HTTP/1.1 response read off a ``WireConnection``: status, headers and the body with its
/// chunked framing removed.
struct WireResponse: Sendable {
    var status: Int
    /// Header names lowercased, in arrival order.
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The first value of header `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.name == name.lowercased() }?.value
    }

    /// The body as a JSON object.
    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    /// OpenAI's error body: `error.code`.
    var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }

    /// OpenAI's error body: `error.type`.
    var errorType: String? { (json?["error"] as? [String: Any])?["type"] as? String }

    /// Parses the first response in `bytes`; `nil` while it is incomplete. A body with neither
    /// `Content-Length` nor chunked framing runs until the connection closes.
    static func parse(_ bytes: [UInt8], closed: Bool) -> WireResponse? {
        guard let headEnd = find([13, 10, 13, 10], in: bytes, from: 0) else { return nil }
        let lines = String(decoding: bytes[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = WireResponse(status: status, headers: headers, body: [])
        let rest = Array(bytes[(headEnd + 4)...])
        if response.header("transfer-encoding")?.lowercased() == "chunked" {
            guard let body = dechunk(rest) else { return nil }
            response.body = body
        } else if let length = response.header("content-length").flatMap(Int.init) {
            guard rest.count >= length else { return nil }
            response.body = Array(rest.prefix(length))
        } else {
            guard closed else { return nil }
            response.body = rest
        }
        return response
    }

    /// The payload of a complete chunked body, `nil` until its last chunk arrived.
    static func dechunk(_ bytes: [UInt8]) -> [UInt8]? {
        var body: [UInt8] = []
        var index = 0
        while let lineEnd = find([13, 10], in: bytes, from: index) {
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
            if size == 0 { return body }
            let start = lineEnd + 2
            guard bytes.count >= start + size + 2 else { return nil }
            body += bytes[start..<(start + size)]
            index = start + size + 2
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        for index in start...(bytes.count - needle.count)
        where bytes[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }
}
