import AIRoute
import Foundation
import HTTPTypes
import NIOCore
import NIOFoundationCompat

/// Reads a JSON request body into a request type, with the 400s OpenAI gives for bodies it
/// cannot use (docs/server.md, "Errors").
enum RequestDecoding {
    private static let decoder = JSONDecoder()

    /// Decodes `body`; refuses a content type other than JSON (a missing one is accepted).
    static func json<T: Decodable>(_ type: T.Type, from body: ByteBuffer, headers: HTTPFields) throws -> T {
        if let contentType = headers[.contentType], !Self.isJSON(contentType),
            !(Self.isCurlDefault(contentType) && body.readableBytesView.first == UInt8(ascii: "{"))
        {
            throw GatewayFailure.invalidRequest(
                "unsupported content type '\(contentType.prefix(80))': send the body as JSON with 'Content-Type: application/json'",
                code: "unsupported_content_type")
        }
        guard body.readableBytes > 0 else {
            throw GatewayFailure.invalidRequest("the request body is empty: send a JSON object", code: "invalid_json")
        }
        do {
            return try decoder.decode(T.self, from: body)
        } catch let error as DecodingError {
            throw failure(for: error)
        }
    }

    /// `curl -d '{…}'` labels a JSON body as a form: accepted, since the body says what it is.
    static func isCurlDefault(_ contentType: String) -> Bool {
        contentType.lowercased().hasPrefix("application/x-www-form-urlencoded")
    }

    static func isJSON(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let lowered = mediaType?.lowercased() else { return false }
        return lowered == "application/json" || (lowered.hasPrefix("application/") && lowered.hasSuffix("+json"))
    }

    /// The 400 for a body that does not decode: which parameter is missing or of the wrong type.
    static func failure(for error: DecodingError) -> GatewayFailure {
        switch error {
        case .keyNotFound(let key, let context):
            return .missingParameter(parameterPath(context.codingPath + [key]))
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let param = parameterPath(context.codingPath)
            if context.codingPath.isEmpty {
                return .invalidRequest("the request body must be a JSON object", code: "invalid_json")
            }
            return .invalidRequest("invalid type for '\(param)'", code: "invalid_type", param: param)
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .invalidRequest(
                    "We could not parse the JSON body of your request: it is not valid JSON", code: "invalid_json")
            }
            let param = parameterPath(context.codingPath)
            return .invalidRequest("invalid value for '\(param)'", code: "invalid_value", param: param)
        @unknown default:
            return .invalidRequest("the request body could not be read", code: "invalid_json")
        }
    }

    /// `messages[0].content`.
    static func parameterPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}
