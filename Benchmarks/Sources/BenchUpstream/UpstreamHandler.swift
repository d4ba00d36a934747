import NIOCore
import NIOHTTP1

/// How a stream is delivered, chosen by the request's model name (gateways pass it through or map
/// it to it; see Benchmarks/gateway/*.yaml).
enum Pacing: Equatable {
    /// Every event in one flush: the upstream costs almost nothing, and the gateway reads the
    /// stream in a few large reads (its bulk cost per event).
    case bulk
    /// The role and first content chunks at once, then the rest in one flush after `delay`: the
    /// first chunk travels alone, so a client's time to first chunk is the path's own.
    case firstChunkAlone(delay: TimeAmount)
    /// The role and first content chunks at once, then one event every `delay`: a model
    /// producing tokens (each chunk reaches the gateway on its own read).
    case paced(delay: TimeAmount)

    /// Model names containing `paced` are paced, `ttfc` first-chunk-alone, anything else bulk.
    init(model: String?, chunkDelay: TimeAmount, firstChunkDelay: TimeAmount) {
        switch model {
        case let name? where name.contains("paced"): self = .paced(delay: chunkDelay)
        case let name? where name.contains("ttfc"): self = .firstChunkAlone(delay: firstChunkDelay)
        default: self = .bulk
        }
    }
}

/// Answers every POST with a chat completion (or its stream when the body says `"stream": true`),
/// and every GET with the model list.
final class UpstreamHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let replies: Replies
    private let chunkDelay: TimeAmount
    private let firstChunkDelay: TimeAmount
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(replies: Replies, chunkDelay: TimeAmount, firstChunkDelay: TimeAmount) {
        self.replies = replies
        self.chunkDelay = chunkDelay
        self.firstChunkDelay = firstChunkDelay
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            guard let requestHead = head else { return }
            head = nil
            respond(to: requestHead, context: context)
        }
    }

    private func respond(to request: HTTPRequestHead, context: ChannelHandlerContext) {
        let keepAlive = request.isKeepAlive
        guard request.method == .POST else {
            complete(replies.models, keepAlive: keepAlive, context: context)
            return
        }
        guard BodyScan.flag("stream", in: body) else {
            complete(replies.completion, keepAlive: keepAlive, context: context)
            return
        }
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "text/event-stream; charset=utf-8")
        headers.add(name: "transfer-encoding", value: "chunked")
        headers.add(name: "x-request-id", value: "req_bench")
        if !keepAlive { headers.add(name: "connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        var events = [replies.opening] + replies.content + [replies.finish]
        if BodyScan.flag("include_usage", in: body) { events.append(replies.usage) }
        events.append(replies.done)
        let pacing = Pacing(
            model: BodyScan.string("model", in: body), chunkDelay: chunkDelay, firstChunkDelay: firstChunkDelay)
        switch pacing {
        case .bulk:
            send(events[...], context: context)
            end(keepAlive: keepAlive, context: context)
        case .firstChunkAlone(let delay):
            send(events.prefix(2), context: context)
            after(delay, context: context) {
                self.send(events.dropFirst(2), context: context)
                self.end(keepAlive: keepAlive, context: context)
            }
        case .paced(let delay):
            send(events.prefix(2), context: context)
            pace(events.dropFirst(2), every: delay, keepAlive: keepAlive, context: context)
        }
    }

    /// Writes `events` and flushes once.
    private func send(_ events: ArraySlice<ByteBuffer>, context: ChannelHandlerContext) {
        for event in events { context.write(wrapOutboundOut(.body(.byteBuffer(event))), promise: nil) }
        context.flush()
    }

    /// Writes one event every `delay`, each flushed, then ends the response.
    private func pace(
        _ events: ArraySlice<ByteBuffer>, every delay: TimeAmount, keepAlive: Bool, context: ChannelHandlerContext
    ) {
        after(delay, context: context) {
            var rest = events
            guard let event = rest.popFirst() else {
                self.end(keepAlive: keepAlive, context: context)
                return
            }
            self.send([event], context: context)
            self.pace(rest, every: delay, keepAlive: keepAlive, context: context)
        }
    }

    /// Runs `body` on the channel's loop after `delay`, unless the connection closed meanwhile.
    private func after(_ delay: TimeAmount, context: ChannelHandlerContext, _ body: @escaping () -> Void) {
        context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
            guard context.channel.isActive else { return }
            body()
        }
    }

    private func complete(_ reply: ByteBuffer, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(reply.readableBytes))
        headers.add(name: "x-request-id", value: "req_bench")
        if !keepAlive { headers.add(name: "connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(reply))), promise: nil)
        end(keepAlive: keepAlive, context: context)
    }

    private func end(keepAlive: Bool, context: ChannelHandlerContext) {
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }
}
