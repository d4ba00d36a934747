import Foundation
import HTTPTypes

/// Google's Gemini API (`generativelanguage.googleapis.com/v1beta`): OpenAI-shaped chat and
/// embedding requests translated to and from `generateContent`, `streamGenerateContent`,
/// `embedContent` and `batchEmbedContents`. Gemini offers no speech, transcription or image
/// generation here.
///
/// The key travels only in the `x-goog-api-key` header, never in a URL (URLs end up in logs).
struct GeminiWire: WireProtocol {
    // MARK: URLs and headers

    /// Characters left as they are in a model id inside a path: RFC 3986 unreserved only, so
    /// `:`, `/`, `?`, `#` and `%` in a configured name cannot change the request's meaning.
    static let pathAllowed = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `BASE/models/MODEL:method`, the model id percent-encoded (a `models/` prefix is accepted).
    func modelURL(_ member: RouteMember, method: String, query: String? = nil) -> String {
        var name = member.model.upstreamName
        if name.hasPrefix("models/") { name.removeFirst("models/".count) }
        let escaped = name.addingPercentEncoding(withAllowedCharacters: Self.pathAllowed) ?? ""
        let url = "\(member.provider.effectiveBaseURL)/models/\(escaped):\(method)"
        return query.map { "\(url)?\($0)" } ?? url
    }

    func headers(_ provider: ProviderConfiguration) throws(UpstreamFailure) -> HTTPFields {
        var headers = try HTTPFields(configured: provider)
        if let key = provider.apiKey?.reveal() { headers.append(HTTPField(name: Self.keyHeader, value: key)) }
        return headers
    }

    private static let keyHeader = HTTPField.Name("x-goog-api-key")!

    // MARK: Chat

    func chatRequest(_ request: ChatCompletionRequest, member: RouteMember, stream: Bool) throws -> WireRequest {
        let body = try Self.generateBody(request)
        let url =
            stream
            ? modelURL(member, method: "streamGenerateContent", query: "alt=sse")
            : modelURL(member, method: "generateContent")
        return .json(
            url, headers: try headers(member.provider), body: try StableJSONEncoder.compact.encode(body),
            streaming: stream)
    }

    func chatResponse(_ body: Data, member: RouteMember) throws -> CompletionResponse {
        try Self.completion(body, member: member)
    }

    func streamTranslator(member: RouteMember) -> any ChatStreamTranslating {
        GeminiStreamTranslator(model: member.model.upstreamName)
    }

    // MARK: Embeddings

    /// One input → `:embedContent`; several → `:batchEmbedContents`. Token arrays are not accepted.
    func embeddingsRequest(_ request: EmbeddingRequest, member: RouteMember) throws -> WireRequest {
        guard let texts = request.input.texts else {
            throw UpstreamFailure(.invalidRequest, message: "gemini embeddings take text input, not token arrays")
        }
        func content(_ text: String) -> JSONValue { ["parts": [["text": .string(text)]]] }
        let dimensions = request.dimensions.map { JSONValue.number(Double($0)) }
        let body: JSONValue
        let method: String
        if texts.count == 1 {
            var object: [String: JSONValue] = ["content": content(texts[0])]
            object["outputDimensionality"] = dimensions
            body = .object(object)
            method = "embedContent"
        } else {
            var name = member.model.upstreamName
            if !name.hasPrefix("models/") { name = "models/" + name }
            body = [
                "requests": .array(
                    texts.map { text in
                        var object: [String: JSONValue] = ["model": .string(name), "content": content(text)]
                        object["outputDimensionality"] = dimensions
                        return .object(object)
                    })
            ]
            method = "batchEmbedContents"
        }
        return .json(
            modelURL(member, method: method), headers: try headers(member.provider),
            body: try StableJSONEncoder.compact.encode(body))
    }

    func embeddingsResponse(_ body: Data, request: EmbeddingRequest, member: RouteMember) throws -> EmbeddingResponse {
        try Self.embeddings(body, request: request, member: member)
    }

    // MARK: Models

    func modelsRequest(provider: ProviderConfiguration) throws -> WireRequest {
        .get(provider.effectiveBaseURL + "/models?pageSize=1000", headers: try headers(provider))
    }

    /// Model ids without Google's `models/` prefix.
    func modelsResponse(_ body: Data) throws -> [String] {
        struct List: Decodable {
            struct Model: Decodable { var name: String }
            var models: [Model]?
        }
        return try SharedJSONDecoder.decoder.decode(List.self, from: body).models?.map { model in
            model.name.hasPrefix("models/") ? String(model.name.dropFirst("models/".count)) : model.name
        } ?? []
    }

    // MARK: Errors

    /// The shared mapping (Google's `status`, `details[].reason`, `RetryInfo.retryDelay`), with
    /// Gemini's corrections: per-day quota vs per-minute limits, unsupported user location.
    func failure(
        status: Int, headers: [(name: String, value: String)], body: Data, now: Timestamp, cap: Duration
    )
        -> UpstreamFailure
    {
        var failure = standardFailure(status: status, headers: headers, body: body, now: now, cap: cap, secrets: [])
        let parsed = ErrorBody(body)
        let refined = Self.refine(failure.errorClass, status: status, data: body, parsed: parsed)
        if refined != failure.errorClass {
            failure.errorClass = refined
            failure.retryAfter =
                refined == .auth
                ? nil : RetryAfter.parse(headers: headers, bodyRetryDelay: parsed.retryDelay, now: now, cap: cap)
        }
        return failure
    }
}
