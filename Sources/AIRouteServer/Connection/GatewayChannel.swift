import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// Hummingbird's HTTP/1 child channel with two additions: a header-read timeout on the raw bytes
/// (a client must send its request head within `header_timeout`), and a ``ConnectionWatch`` made
/// the task-local watch while the connection's requests are handled.
struct GatewayChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let inner: HTTP1Channel
    let headerTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(HeaderTimeoutHandler(timeout: headerTimeout), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await ConnectionWatch.$current.withValue(ConnectionWatch(channel: value.channel)) {
            await inner.handle(value: value, logger: logger)
        }
    }
}

/// Closes the connection after a response that says `Connection: close` (a 413, whose unread
/// body must not be drained; a refusal while shutting down).
final class CloseAfterResponseHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var closeAtEnd = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            closeAtEnd = head.headerFields[.connection]?.lowercased() == "close"
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            guard closeAtEnd else { return context.write(data, promise: promise) }
            closeAtEnd = false
            let channel = context.channel
            context.writeAndFlush(data).whenComplete { result in
                promise?.completeWith(result)
                channel.close(promise: nil)
            }
        }
    }
}

/// Closes a connection whose request head does not arrive in time: the clock starts at the
/// first byte of a request (or when the connection opens) and stops at the blank line that
/// ends the head. Between requests the idle timeout governs instead.
final class HeaderTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?
    /// Whether the bytes seen so far are inside a request head.
    private var inHead = true
    /// The last bytes of the head so far, to find `\r\n\r\n` across reads.
    private var tail: UInt32 = 0

    init(timeout: TimeAmount) { self.timeout = timeout }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        if !inHead, buffer.readableBytes > 0, timer == nil, awaitingHead {
            // The first byte of the next request on a kept-alive connection.
            inHead = true
            arm(context)
        }
        if inHead { scan(buffer) }
        context.fireChannelRead(data)
    }

    /// Set after a response ends: the next bytes start a new request head.
    private var awaitingHead = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        awaitingHead = true
        context.write(data, promise: promise)
    }

    private func scan(_ buffer: ByteBuffer) {
        for byte in buffer.readableBytesView {
            tail = (tail << 8) | UInt32(byte)
            if tail == 0x0D0A_0D0A {
                inHead = false
                awaitingHead = false
                tail = 0
                timer?.cancel()
                timer = nil
                return
            }
        }
    }

    private func arm(_ context: ChannelHandlerContext) {
        timer?.cancel()
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }
}
