import AIRoute
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension GatewayCore {
    /// A streamed chat: routed until a member produces content (failover before that is invisible),
    /// then relayed as OpenAI's server-sent events (docs/server.md, "Streams").
    func chatStream(_ request: ChatCompletionRequest, exchange: inout Exchange) async throws -> Reply {
        let client = self.client
        let stream = try await routed { () async throws(RouteError) in
            try await client.chat.completions.stream(request)
        }
        exchange.streaming = true
        exchange.firstTokenAt = .now
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        headers[HTTPField.Name("x-accel-buffering")!] = "no"
        let abandoned = exchange
        let slot = AdmissionSlot(limiter: limiter) { [self] in
            // The client left before the head was written: the body never ran.
            stream.cancel()
            finish(
                abandoned, reply: Reply(status: .ok, body: ResponseBody(), routing: stream.routing),
                streamOutcome: "not_sent")
        }
        let relay = StreamRelay(
            stream: stream, includeUsage: request.streamOptions?.includeUsage == true, core: self, exchange: exchange,
            slot: slot)
        return Reply(
            status: .ok, headers: headers, body: ResponseBody { writer in await relay.run(&writer) },
            routing: stream.routing)
    }
}

/// Relays one committed stream to the client, ends it properly, and finishes the exchange.
///
/// The admission slot and the upstream stream belong to the relay from the moment the route
/// committed: if the response body never runs (the client left before the head was written),
/// dropping the relay's slot cancels the upstream and gives the slot back.
struct StreamRelay: Sendable {
    let stream: ChatCompletionStream
    let includeUsage: Bool
    let core: GatewayCore
    let exchange: Exchange
    /// Given back when the relay ends (or, if it never runs, when it is dropped).
    let slot: AdmissionSlot

    static let done = ByteBuffer(string: "data: [DONE]\n\n")

    /// Writes every chunk, then `[DONE]`; after a failure, one in-band error event and no `[DONE]`.
    func run(_ writer: inout any ResponseBodyWriter) async {
        var usage: Usage?
        var outcome = "complete"
        await withTaskGroup(of: Void.self) { group in
            // A client that goes away cancels the upstream stream at once, even while it is silent.
            if let watch = ConnectionWatch.current {
                group.addTask { [stream] in
                    await watch.waitForClose()
                    if !Task.isCancelled { stream.cancel() }
                }
            }
            do {
                for try await var chunk in stream {
                    if let reported = chunk.usage { usage = reported }
                    chunk.routing = chunk.routing?.forClients
                    if !includeUsage {
                        if chunk.choices.isEmpty && chunk.usage != nil { continue }
                        chunk.usage = nil
                    }
                    try await writer.write(Self.event(chunk))
                }
                try await writer.write(Self.done)
            } catch let error as RouteError {
                outcome = error.code == .cancelled ? "cancelled" : "interrupted"
                try? await writer.write(Self.errorEvent(error, draining: core.limiter.isDraining))
            } catch {
                outcome = "client_gone"
            }
            try? await writer.finish(nil)
            group.cancelAll()
        }
        slot.release()
        var reply = Reply(status: .ok, body: ResponseBody(), routing: stream.routing)
        reply.tokens = usage.map { ($0.promptTokens, $0.completionTokens) }
        core.finish(exchange, reply: reply, streamOutcome: outcome)
    }

    /// `data: {chunk}\n\n`.
    static func event(_ chunk: ChatCompletionChunk) throws -> ByteBuffer {
        let json = try DirectJSONEncoder.encode(chunk)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(json.count + 8)
        buffer.writeStaticString("data: ")
        buffer.writeBytes(json)
        buffer.writeStaticString("\n\n")
        return buffer
    }

    /// OpenAI's in-band error event, which the SDKs raise: `data: {"error": {…}}`.
    static func errorEvent(_ error: RouteError, draining: Bool) -> ByteBuffer {
        var body = OpenAIErrorBody(error)
        body.routing = nil
        if error.code == .cancelled && draining {
            body.error.message = "the gateway is shutting down: the stream was cut short"
            body.error.code = "shutting_down"
        }
        let json =
            (try? DirectJSONEncoder.encode(body))
            ?? Data(
                #"{"error":{"message":"stream interrupted","type":"api_error","param":null,"code":"stream_interrupted"}}"#
                    .utf8)
        var buffer = ByteBuffer(string: "data: ")
        buffer.writeBytes(json)
        buffer.writeStaticString("\n\n")
        return buffer
    }
}
