import Hummingbird
import NIOCore

/// The per-request context the gateway's responder receives: Hummingbird's core storage and the
/// connection's channel.
struct GatewayContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
