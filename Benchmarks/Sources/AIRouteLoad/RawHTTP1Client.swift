import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

// The gateway mode's HTTP/1.1 client: bare SwiftNIO, one request at a time per keep-alive
// connection, the answer checked in the channel handler as it arrives (no task hop per chunk), so
// that 2,000 paced streams cost the load generator little next to the gateway it measures.

/// What one answer showed: its sample, and what was wrong with it (nil when it was complete).
struct Outcome: Sendable {
    var sample: Sample
    var problem: String?
}

/// One request to send on a connection, and where its outcome goes.
struct Exchange: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer
    var stream: Bool
    var chunks: Int
    var timeout: TimeAmount
    var gauge: OpenGauge
    var promise: EventLoopPromise<Outcome>
}

/// Sends an ``Exchange`` and checks its answer: a stream needs at least `chunks` data events and
/// `data: [DONE]`, any other answer `"choices"`; both need status 200.
final class ExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = Exchange
    typealias OutboundOut = HTTPClientRequestPart

    private var current: Exchange?
    private var start = 0.0
    private var ttfc: Double?
    private var status = 0
    private var tally = SSETally()
    private var body = ByteBuffer()
    private var deadline: Scheduled<Void>?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        (current, start, ttfc, status, tally) = (exchange, nowMs(), nil, 0, SSETally())
        body.clear()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: exchange.timeout) {
            self.finish(problem: "no complete answer within \(exchange.timeout.nanoseconds / 1_000_000_000) s")
            context.close(promise: nil)
        }
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(exchange.body))), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let exchange = current else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
        case .body(var part):
            if ttfc == nil {
                ttfc = nowMs() - start
                if exchange.stream { exchange.gauge.enter() }
            }
            if exchange.stream && status == 200 { tally.feed(part) } else { body.writeBuffer(&part) }
        case .end:
            finish(problem: problem(of: exchange))
        }
    }

    private func problem(of exchange: Exchange) -> String? {
        guard status == 200 else { return "HTTP \(status): \(String(buffer: body).prefix(300))" }
        if exchange.stream {
            return tally.done && tally.events >= exchange.chunks
                ? nil : "stream ended after \(tally.events) data events, [DONE]: \(tally.done)"
        }
        return String(buffer: body).contains("\"choices\"") ? nil : "no choices in \(String(buffer: body).prefix(300))"
    }

    private func finish(problem: String?) {
        guard let exchange = current else { return }
        current = nil
        deadline?.cancel()
        if exchange.stream && ttfc != nil { exchange.gauge.leave() }
        let sample = Sample(latency: nowMs() - start, ttfc: exchange.stream ? ttfc : nil, ok: problem == nil)
        exchange.promise.succeed(Outcome(sample: sample, problem: problem))
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(problem: "the connection closed before the answer ended")
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(problem: "\(error)")
        context.close(promise: nil)
    }
}

/// Keep-alive connections to one host, each used by one request at a time.
final class ConnectionPool: Sendable {
    let host: String
    let port: Int
    private let idle = Mutex<[any Channel]>([])

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    func acquire() async throws -> any Channel {
        while let channel = idle.withLock({ $0.popLast() }) {
            if channel.isActive { return channel }
        }
        return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ExchangeHandler())
                }
            }
            .connect(host: host, port: port).get()
    }

    func release(_ channel: any Channel) {
        if channel.isActive { idle.withLock { $0.append(channel) } } else { channel.close(promise: nil) }
    }

    func closeAll() async {
        for channel in idle.withLock({ list in defer { list = [] }; return list }) {
            try? await channel.close()
        }
    }
}
