import Foundation
import HTTPTypes

/// The OpenAI wire format, spoken by OpenAI and every OpenAI-compatible server (Groq, Mistral,
/// OpenRouter, Ollama, vLLM, llama.cpp…), and — with deployment URLs, `api-version` and the
/// `api-key` header — by Azure OpenAI.
struct OpenAIWire: WireProtocol {
    /// `true` for Azure OpenAI.
    var azure = false

    static let defaultAzureAPIVersion = "2024-10-21"

    // MARK: URLs and headers

    func url(_ path: String, member: RouteMember) -> String {
        url(path, provider: member.provider, deployment: member.model.deployment ?? member.model.upstreamName)
    }

    func url(_ path: String, provider: ProviderConfiguration, deployment: String?) -> String {
        let base = provider.effectiveBaseURL
        guard azure else { return base + path }
        let version = provider.apiVersion ?? Self.defaultAzureAPIVersion
        let escaped = (deployment ?? "").addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? ""
        let prefix = deployment.map { _ in "/openai/deployments/\(escaped)" } ?? "/openai"
        return "\(base)\(prefix)\(path)?api-version=\(version)"
    }

    func headers(_ provider: ProviderConfiguration) throws(UpstreamFailure) -> HTTPFields {
        var headers = try HTTPFields(configured: provider)
        if let key = provider.apiKey?.reveal() {
            headers.append(
                azure
                    ? HTTPField(name: Self.azureKeyHeader, value: key)
                    : HTTPField(name: .authorization, value: "Bearer \(key)"))
        }
        return headers
    }

    private static let azureKeyHeader = HTTPField.Name("api-key")!

    // MARK: Chat

    func chatRequest(_ request: ChatCompletionRequest, member: RouteMember, stream: Bool) throws -> WireRequest {
        var body = request
        body.model = member.model.upstreamName
        body.stream = stream ? true : nil
        if stream, body.streamOptions == nil { body.streamOptions = .init(includeUsage: true) }
        if !stream { body.streamOptions = nil }
        return .json(
            url("/chat/completions", member: member), headers: try headers(member.provider),
            body: try body.jsonBody(), streaming: stream)
    }

    func chatResponse(_ body: Data, member: RouteMember) throws -> CompletionResponse {
        try Self.rejectInBandError(body)
        return try CompletionResponse.decode(from: body)
    }

    func streamTranslator(member: RouteMember) -> any ChatStreamTranslating { OpenAIStreamTranslator() }

    /// A 200 body that carries an `error` object instead of a result (OpenRouter and others).
    static func rejectInBandError(_ body: Data) throws {
        guard body.count < 65536, body.prefix(64).contains(UInt8(ascii: "{")), InBandErrorMarker.present(inBody: body),
            let object = JSONValue(parsing: body)?.objectValue, object["error"] != nil,
            object["choices"] == nil, object["data"] == nil
        else { return }
        throw inBandFailure(object, body: body, otherwise: "error in a 200 answer")
    }

    /// The failure an in-band `error` object stands for (a whole body or one streamed event),
    /// classified like an error status: its numeric `code` if it has one, else 200.
    static func inBandFailure(_ object: [String: JSONValue], body: Data, otherwise message: String) -> UpstreamFailure {
        let parsed = ErrorBody(body)
        let status = object["error"]?["code"]?.intValue ?? 200
        return UpstreamFailure(
            ErrorClassifier.classify(status: status, codes: parsed.codes, message: parsed.message), status: status,
            code: parsed.codes.first, message: Redactor.summary(parsed.message ?? message, secrets: []))
    }

    // MARK: Embeddings

    func embeddingsRequest(_ request: EmbeddingRequest, member: RouteMember) throws -> WireRequest {
        var body = request
        body.model = member.model.upstreamName
        return .json(
            url("/embeddings", member: member), headers: try headers(member.provider),
            body: try DirectJSONEncoder.encode(body))
    }

    func embeddingsResponse(_ body: Data, request: EmbeddingRequest, member: RouteMember) throws -> EmbeddingResponse {
        try Self.rejectInBandError(body)
        let response: EmbeddingResponse
        do {
            response = try SharedJSONDecoder.decoder.decode(EmbeddingResponse.self, from: body)
        } catch let error as EmbeddingResponse.PerTokenVectorsError {
            throw UpstreamFailure(.transient, message: error.description)
        }
        let expected = request.input.count
        guard response.data.count == expected else {
            throw UpstreamFailure(
                .transient, message: "the provider returned \(response.data.count) embeddings for \(expected) inputs")
        }
        return response
    }

    // MARK: Speech

    func speechRequest(_ request: SpeechRequest, member: RouteMember) throws -> WireRequest {
        var body = request
        body.model = member.model.upstreamName
        if let mapped = member.model.voices[request.voice.rawValue] { body.voice = Voice(rawValue: mapped) }
        return .json(
            url("/audio/speech", member: member), headers: try headers(member.provider),
            body: try DirectJSONEncoder.encode(body))
    }

    // MARK: Transcription

    func transcriptionRequest(_ request: TranscriptionRequest, member: RouteMember) throws -> WireRequest {
        var form = MultipartForm()
        form.addFile(
            "file", fileName: request.fileName, contentType: MultipartForm.audioContentType(fileName: request.fileName),
            data: request.file)
        form.add("model", member.model.upstreamName)
        if let format = request.responseFormat { form.add("response_format", format.rawValue) }
        if let language = request.language { form.add("language", language) }
        if let prompt = request.prompt { form.add("prompt", prompt) }
        if let temperature = request.temperature { form.add("temperature", String(temperature)) }
        for (key, value) in request.extra.sorted(by: { $0.key < $1.key }) {
            if case .string(let text) = value { form.add(key, text) } else { form.add(key, value.jsonText) }
        }
        var headers = try self.headers(member.provider)
        headers[.contentType] = form.contentType
        return WireRequest(
            method: .post, url: url("/audio/transcriptions", member: member), headers: headers, body: form.finish())
    }

    func transcriptionResponse(
        _ body: Data, request: TranscriptionRequest, member: RouteMember
    ) throws
        -> TranscriptionResponse
    {
        switch request.responseFormat ?? .json {
        case .text, .srt, .vtt:
            // Some servers answer JSON whatever format was asked for: parse it rather than print it raw.
            if body.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "{") {
                try Self.rejectInBandError(body)
                if let parsed = try? SharedJSONDecoder.decoder.decode(TranscriptionResponse.self, from: body) {
                    return parsed
                }
            }
            return TranscriptionResponse(text: String(decoding: body, as: UTF8.self))
        default:
            try Self.rejectInBandError(body)
            return try SharedJSONDecoder.decoder.decode(TranscriptionResponse.self, from: body)
        }
    }

    // MARK: Images

    func imageRequest(_ request: ImageGenerationRequest, member: RouteMember) throws -> WireRequest {
        var body = request
        body.model = member.model.upstreamName
        return .json(
            url("/images/generations", member: member), headers: try headers(member.provider),
            body: try DirectJSONEncoder.encode(body))
    }

    func imageResponse(_ body: Data, member: RouteMember) throws -> ImageResponse {
        try Self.rejectInBandError(body)
        let response = try SharedJSONDecoder.decoder.decode(ImageResponse.self, from: body)
        guard !response.data.isEmpty else {
            throw UpstreamFailure(.transient, message: "the provider returned no image")
        }
        return response
    }

    // MARK: Models

    func modelsRequest(provider: ProviderConfiguration) throws -> WireRequest {
        .get(url("/models", provider: provider, deployment: nil), headers: try headers(provider))
    }

    func modelsResponse(_ body: Data) throws -> [String] {
        struct List: Decodable {
            struct Model: Decodable { var id: String }
            var data: [Model]
        }
        return try SharedJSONDecoder.decoder.decode(List.self, from: body).data.map(\.id)
    }
}

/// OpenAI's chunk stream: `data: {chunk}` events, then `data: [DONE]`. A `data` object with an
/// `error` field, or a choice finishing with `finish_reason: "error"`, is an in-band failure.
struct OpenAIStreamTranslator: ChatStreamTranslating {
    private var sawFinishReason = false

    mutating func translate(_ event: ServerSentEvent) throws(UpstreamFailure) -> StreamStep {
        if event.isDone { return StreamStep(finished: true) }
        if event.event == "error" || InBandErrorMarker.present(inEvent: event.data) {
            try Self.inBandError(Data(event.data.utf8))
        }
        let chunk: ChatCompletionChunk
        do {
            chunk = try ChatCompletionChunk.decode(fromText: event.data)
        } catch {
            throw UpstreamFailure(.transient, message: "malformed stream chunk: \(HTTPBackend.describe(error))")
        }
        for choice in chunk.choices where choice.finishReason != nil {
            if choice.finishReason?.rawValue == "error" {
                throw UpstreamFailure(.transient, message: "the provider ended the stream with finish_reason \"error\"")
            }
            sawFinishReason = true
        }
        return StreamStep(chunks: [chunk])
    }

    func completesWithoutTerminalEvent() -> Bool { sawFinishReason }

    static func inBandError(_ data: Data) throws(UpstreamFailure) {
        guard let object = JSONValue(parsing: data)?.objectValue, object["error"] != nil
        else { return }
        throw OpenAIWire.inBandFailure(object, body: data, otherwise: "in-band stream error")
    }
}
