import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1

/// A provider reached over HTTP: a ``WireProtocol`` for the translations and the error mapping,
/// the shared ``HTTPTransport`` for the sending. Data flows one way: the transport hands back what
/// the provider answered, and the backend reads it with its wire format.
struct HTTPBackend: ProviderBackend {
    let wire: any WireProtocol
    let transport: HTTPTransport

    func chat(_ request: ChatCompletionRequest, context: AttemptContext) async throws -> CompletionResponse {
        let member = context.member
        let body = try await send(try wire.chatRequest(request, member: member, stream: false), context)
        return try decode { try wire.chatResponse(body, request: request, member: member) }
    }

    func embeddings(_ request: EmbeddingRequest, context: AttemptContext) async throws -> EmbeddingResponse {
        let member = context.member
        let body = try await send(try wire.embeddingsRequest(request, member: member), context)
        return try decode { try wire.embeddingsResponse(body, request: request, member: member) }
    }

    func speech(_ request: SpeechRequest, context: AttemptContext) async throws -> Data {
        let body = try await send(try wire.speechRequest(request, member: context.member), context)
        guard !body.isEmpty else { throw UpstreamFailure(.transient, message: "the provider returned empty audio") }
        return body
    }

    func transcription(_ request: TranscriptionRequest, context: AttemptContext) async throws -> TranscriptionResponse {
        let member = context.member
        let body = try await send(try wire.transcriptionRequest(request, member: member), context)
        return try decode { try wire.transcriptionResponse(body, request: request, member: member) }
    }

    func images(_ request: ImageGenerationRequest, context: AttemptContext) async throws -> ImageResponse {
        let member = context.member
        let body = try await send(try wire.imageRequest(request, member: member), context)
        return try decode { try wire.imageResponse(body, member: member) }
    }

    func listModels(provider: ProviderConfiguration, deadline: Timestamp) async throws -> [String] {
        let model = ModelConfiguration(id: "-", provider: provider.name, capabilities: [])
        let member = RouteMember(model: model, provider: provider, priority: 1, weight: 1, fingerprinter: .random())
        let response = try await open(try wire.modelsRequest(provider: provider), member: member, deadline: deadline)
        let body = try await HTTPTransport.collect(response.body)
        return try decode { try wire.modelsResponse(body) }
    }

    /// Sends the request and reads the whole body of its successful answer.
    private func send(_ request: WireRequest, _ context: AttemptContext) async throws -> Data {
        context.noteEndpoint(method: request.method.rawValue, url: request.url)
        let response = try await open(request, member: context.member, deadline: context.deadline)
        return try await HTTPTransport.collect(response.body)
    }

    /// Sends the request and returns the answer once a 2xx status arrived; maps any other status
    /// onto an ``UpstreamFailure`` with the wire format's error mapping (after reading a bounded
    /// body).
    private func open(
        _ request: WireRequest, member: RouteMember, deadline: Timestamp
    ) async throws
        -> HTTPClientResponse
    {
        let response = try await transport.send(request, member: member, deadline: deadline)
        let status = Int(response.status.code)
        if (200..<300).contains(status) { return response }
        if (300..<400).contains(status) {
            throw UpstreamFailure(
                .transient, status: status,
                message: "the provider answered with a redirect (HTTP \(status)); airoute does not follow redirects, "
                    + "so keys are only ever sent to the configured base_url")
        }
        let body = await HTTPTransport.readBounded(response.body, limit: HTTPTransport.maxErrorBodyBytes)
        var failure = wire.failure(
            status: status, headers: response.headers.map { (name: $0.name, value: $0.value) }, body: body,
            now: transport.clock.now(), cap: HTTPTransport.retryAfterCap)
        failure.message = Redactor.redact(failure.message, secrets: member.provider.apiKey.map { [$0.reveal()] } ?? [])
        throw failure
    }

    /// Runs a response translation, turning a decoding error into a transient failure (a provider
    /// that answers garbage is failing).
    private func decode<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as UpstreamFailure {
            throw failure
        } catch {
            throw UpstreamFailure(
                .transient, message: "the provider's answer could not be decoded: \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): "invalid JSON (\(context.debugDescription.prefix(120)))"
        case DecodingError.keyNotFound(let key, _): "missing field '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context):
            "unexpected type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.valueNotFound(_, let context):
            "missing value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: String(describing: error).prefix(160).description
        }
    }

    // MARK: Streaming

    /// Opens the stream once the provider answered 2xx; the body is read, decoded and translated
    /// on the task ``UpstreamChatStream/start(idle:_:)`` runs, under its idle watchdog.
    func chatStream(_ request: ChatCompletionRequest, context: AttemptContext) async throws -> UpstreamChatStream {
        let member = context.member
        let wireRequest = try wire.chatRequest(request, member: member, stream: true)
        context.noteEndpoint(method: wireRequest.method.rawValue, url: wireRequest.url)
        let body = try await open(wireRequest, member: member, deadline: context.deadline).body
        let translator = wire.streamTranslator(request: request, member: member)
        return .start(idle: (context.settings.idleTimeout, transport.clock)) { sink in
            try await Self.pump(body, translator: translator, into: &sink)
        }
    }

    /// Reads the body, decodes SSE, translates events and passes the chunks to `sink`. Throws if
    /// the stream ends without its terminal event.
    static func pump(
        _ body: HTTPClientResponse.Body, translator: any ChatStreamTranslating, into sink: inout StreamSink
    ) async throws {
        var translator = translator
        var decoder = ServerSentEventDecoder()
        var finished = false

        func deliver(_ step: StreamStep, _ sink: inout StreamSink) {
            for chunk in step.chunks { sink.yield(chunk) }
            if step.finished { finished = true }
        }

        for try await buffer in body {
            sink.touch()
            if finished { continue }  // drain the rest so the connection can be reused
            decoder.append(buffer.readableBytesView)
            while !finished, let event = try decoder.next() {
                deliver(try translator.translate(event), &sink)
            }
        }
        if !finished {
            let end = try decoder.finish()
            for event in end.events where !finished { deliver(try translator.translate(event), &sink) }
            if !finished {
                guard end.isComplete, translator.completesWithoutTerminalEvent() else {
                    throw UpstreamFailure(
                        .transient,
                        message: end.isComplete
                            ? "the stream ended without its terminal event"
                            : "the stream ended in the middle of an event")
                }
            }
        }
    }
}
