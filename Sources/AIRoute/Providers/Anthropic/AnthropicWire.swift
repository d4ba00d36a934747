import Foundation
import HTTPTypes

/// Anthropic's Messages API (`/v1/messages`, `/v1/models`): OpenAI-shaped chat requests and
/// answers translated to and from Anthropic's blocks and events. Anthropic offers no embeddings,
/// speech, transcription or image generation.
///
/// Authentication is the `x-api-key` header; the key never appears in a URL.
struct AnthropicWire: WireProtocol {
    static let apiVersion = "2023-06-01"

    // MARK: URLs and headers

    func url(_ path: String, provider: ProviderConfiguration) -> String {
        provider.effectiveBaseURL + path
    }

    /// The provider's own headers, then `anthropic-version` (unless the provider sets it) and the key.
    func headers(_ provider: ProviderConfiguration) throws(UpstreamFailure) -> HTTPFields {
        var headers = try HTTPFields(configured: provider)
        if headers[Self.versionHeader] == nil {
            headers.append(HTTPField(name: Self.versionHeader, value: Self.apiVersion))
        }
        if let key = provider.apiKey?.reveal() { headers.append(HTTPField(name: Self.keyHeader, value: key)) }
        return headers
    }

    private static let versionHeader = HTTPField.Name("anthropic-version")!
    private static let keyHeader = HTTPField.Name("x-api-key")!

    // MARK: Chat

    func chatRequest(_ request: ChatCompletionRequest, member: RouteMember, stream: Bool) throws -> WireRequest {
        let body = try Self.messagesBody(request, member: member, stream: stream)
        return .json(
            url("/v1/messages", provider: member.provider), headers: try headers(member.provider),
            body: try StableJSONEncoder.compact.encode(body), streaming: stream)
    }

    func chatResponse(_ body: Data, member: RouteMember) throws -> CompletionResponse {
        try Self.completion(body, member: member)
    }

    func streamTranslator(member: RouteMember) -> any ChatStreamTranslating {
        AnthropicStreamTranslator(model: member.model.upstreamName)
    }

    /// The answer, with a structured output's tool call as its text.
    func chatResponse(_ body: Data, request: ChatCompletionRequest, member: RouteMember) throws -> CompletionResponse {
        try Self.completion(body, member: member, output: StructuredOutput(request))
    }

    /// The stream translator, which turns a structured output's tool call into content.
    func streamTranslator(request: ChatCompletionRequest, member: RouteMember) -> any ChatStreamTranslating {
        AnthropicStreamTranslator(model: member.model.upstreamName, output: StructuredOutput(request))
    }

    // MARK: Models

    func modelsRequest(provider: ProviderConfiguration) throws -> WireRequest {
        .get(url("/v1/models?limit=1000", provider: provider), headers: try headers(provider))
    }

    func modelsResponse(_ body: Data) throws -> [String] {
        struct List: Decodable {
            struct Model: Decodable { var id: String }
            var data: [Model]
        }
        return try SharedJSONDecoder.decoder.decode(List.self, from: body).data.map(\.id)
    }

    // MARK: Errors

    /// The shared mapping, with Anthropic's billing signals (credit balance, workspace usage
    /// limits) classified as quota whatever their status.
    func failure(
        status: Int, headers: [(name: String, value: String)], body: Data, now: Timestamp, cap: Duration
    )
        -> UpstreamFailure
    {
        var failure = standardFailure(status: status, headers: headers, body: body, now: now, cap: cap, secrets: [])
        let parsed = ErrorBody(body)
        let refined = Self.refine(failure.errorClass, codes: parsed.codes, message: parsed.message)
        if refined != failure.errorClass {
            failure.errorClass = refined
            failure.retryAfter = RetryAfter.parse(headers: headers, now: now, cap: cap)
        }
        return failure
    }
}
