import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// A provider reached over HTTP: a ``WireProtocol`` for the translations, the shared
/// ``HTTPTransport`` for the sending.
struct HTTPBackend: ProviderBackend {
    let wire: any WireProtocol
    let transport: HTTPTransport

    func chat(_ request: ChatCompletionRequest, context: AttemptContext) async throws -> CompletionResponse {
        let member = context.member
        let body = try await send(try wire.chatRequest(request, member: member, stream: false), context).body
        return try decode { try wire.chatResponse(body, member: member) }
    }

    func embeddings(_ request: EmbeddingRequest, context: AttemptContext) async throws -> EmbeddingResponse {
        let member = context.member
        let body = try await send(try wire.embeddingsRequest(request, member: member), context).body
        return try decode { try wire.embeddingsResponse(body, request: request, member: member) }
    }

    func speech(_ request: SpeechRequest, context: AttemptContext) async throws -> Data {
        let body = try await send(try wire.speechRequest(request, member: context.member), context).body
        guard !body.isEmpty else { throw UpstreamFailure(.transient, message: "the provider returned empty audio") }
        return body
    }

    func transcription(_ request: TranscriptionRequest, context: AttemptContext) async throws -> TranscriptionResponse {
        let member = context.member
        let body = try await send(try wire.transcriptionRequest(request, member: member), context).body
        return try decode { try wire.transcriptionResponse(body, request: request, member: member) }
    }

    func images(_ request: ImageGenerationRequest, context: AttemptContext) async throws -> ImageResponse {
        let member = context.member
        let body = try await send(try wire.imageRequest(request, member: member), context).body
        return try decode { try wire.imageResponse(body, member: member) }
    }

    func listModels(provider: ProviderConfiguration, deadline: Timestamp) async throws -> [String] {
        let model = ModelConfiguration(id: "-", provider: provider.name, capabilities: [])
        let member = RouteMember(model: model, provider: provider, priority: 1, weight: 1, fingerprinter: .random())
        let body = try await transport.data(
            wire.modelsRequest(provider: provider), member: member, deadline: deadline, protocol: wire
        ).body
        return try decode { try wire.modelsResponse(body) }
    }

    private func send(_ request: WireRequest, _ context: AttemptContext) async throws -> (body: Data, contentType: String?) {
        context.noteEndpoint(method: request.method, url: request.url)
        return try await transport.data(request, member: context.member, deadline: context.deadline, protocol: wire)
    }

    /// Runs a response translation, turning a decoding error into a transient failure (a provider
    /// that answers garbage is failing).
    private func decode<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as UpstreamFailure {
            throw failure
        } catch {
            throw UpstreamFailure(.transient, message: "the provider's answer could not be decoded: \(Self.describe(error))")
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

    func chatStream(_ request: ChatCompletionRequest, context: AttemptContext) async throws -> UpstreamChatStream {
        let member = context.member
        let wireRequest = try wire.chatRequest(request, member: member, stream: true)
        let firstTokenDeadline = min(context.deadline, context.startedAt + context.settings.firstTokenTimeout)
        context.noteEndpoint(method: wireRequest.method, url: wireRequest.url)
        let response = try await transport.open(wireRequest, member: member, deadline: firstTokenDeadline, protocol: wire)
        let (chunks, continuation) = AsyncThrowingStream.makeStream(of: ChatCompletionChunk.self)
        let firstContent = OneShot<Void>()
        let lastActivity = ActivityMark(transport.clock.now())
        let body = response.body
        let clock = transport.clock
        let translator = wire.streamTranslator(member: member)
        let idle = context.settings.idleTimeout

        let reader = Task {
            do {
                try await Self.pump(
                    body, translator: translator, continuation: continuation, firstContent: firstContent,
                    touch: { lastActivity.set(clock.now()) })
                firstContent.succeed(())
                continuation.finish()
            } catch {
                let mapped = Task.isCancelled ? CancellationError() : Self.streamFailure(error)
                firstContent.fail(mapped)
                continuation.finish(throwing: mapped)
            }
        }
        let watchdog = Task {
            while !Task.isCancelled {
                let wake = lastActivity.get() + idle
                if clock.now() >= wake {
                    let failure = UpstreamFailure(
                        .transient, message: "the stream stalled: no data for \(Int(idle.seconds)) s (idle_timeout)")
                    firstContent.fail(failure)
                    continuation.finish(throwing: failure)
                    reader.cancel()
                    return
                }
                try? await clock.sleep(until: wake)
            }
        }
        let cancel: @Sendable () -> Void = {
            reader.cancel()
            watchdog.cancel()
        }
        continuation.onTermination = { _ in cancel() }
        Task {
            _ = await reader.result
            watchdog.cancel()
        }
        return UpstreamChatStream(chunks: chunks, firstContent: firstContent, cancel: cancel)
    }

    /// Reads the body, decodes SSE, translates events and yields chunks, holding pre-content
    /// chunks back until content (or the proper end) arrives. Throws if the stream ends without
    /// its terminal event.
    static func pump(
        _ body: HTTPClientResponse.Body, translator: any ChatStreamTranslating,
        continuation: AsyncThrowingStream<ChatCompletionChunk, any Error>.Continuation, firstContent: OneShot<Void>,
        touch: () -> Void
    ) async throws {
        var translator = translator
        var decoder = ServerSentEventDecoder()
        var gate = PreContentGate(continuation, firstContent: firstContent)
        var finished = false

        func deliver(_ step: StreamStep) {
            for chunk in step.chunks { gate.pass(chunk) }
            if step.finished { finished = true }
        }

        for try await buffer in body {
            touch()
            if finished { continue }  // drain the rest so the connection can be reused
            decoder.append(buffer.readableBytesView)
            while !finished, let event = try decoder.next() {
                deliver(try translator.translate(event))
            }
        }
        if !finished {
            let end = try decoder.finish()
            for event in end.events where !finished { deliver(try translator.translate(event)) }
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
        gate.flush()
    }

    static func streamFailure(_ error: any Error) -> any Error {
        switch error {
        case let failure as UpstreamFailure: failure
        case let sse as ServerSentEventError: UpstreamFailure(.transient, message: "malformed stream: \(sse)")
        default: HTTPTransport.transportFailure(error)
        }
    }
}

/// The time of the last byte received on a stream, for the idle watchdog.
final class ActivityMark: Sendable {
    private let mark: Mutex<Timestamp>
    init(_ start: Timestamp) { mark = Mutex(start) }
    func set(_ time: Timestamp) { mark.withLock { $0 = time } }
    func get() -> Timestamp { mark.withLock { $0 } }
}
