import AIRoute
import AIRouteServer
import Foundation
import Logging
import NIOCore

/// `airoute serve`: runs the gateway until SIGTERM or SIGINT (docs/server.md).
struct ServeCommand {
    let context: CommandContext
    let options: ServeOptions

    func run() async throws -> ExitCode {
        let console = context.console
        let gateway: Gateway
        do {
            gateway = try Gateway(
                configuration: context.configuration, listen: options.listen, environment: context.environment,
                health: context.sharing?.store ?? (context.global.noState ? InMemoryHealthStore() : nil),
                logger: Self.logger(context))
        } catch {
            throw CommandFailure(error.message, .configuration)
        }
        let pools = context.configuration.poolOrder.count
        if pools == 0 { console.warning(AIRouteCLI.noPoolsMessage) }
        let keys = gateway.settings.keys.isEmpty ? "no client keys" : "\(gateway.settings.keys.count) client key(s)"
        do {
            try await gateway.run { port in
                let host = gateway.address.host.contains(":") ? "[\(gateway.address.host)]" : gateway.address.host
                if !context.global.quiet {
                    console.err(
                        "airoute: serving on http://\(host):\(port)/v1 (\(pools) pool\(pools == 1 ? "" : "s"), \(keys))\n"
                    )
                }
            }
        } catch {
            let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(error)"
            throw CommandFailure("cannot serve on \(gateway.address): \(reason)", .unavailable)
        }
        if !context.global.quiet { console.err("airoute: stopped\n") }
        return .ok
    }

    /// The access log and the server's messages on stderr: `info` (one line per request), or
    /// `AIROUTE_LOG_LEVEL`; `-q` keeps warnings only.
    static func logger(_ context: CommandContext) -> Logger {
        var logger = Logger(label: "airoute.serve") { StreamLogHandler.standardError(label: $0) }
        let requested = context.environment["AIROUTE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) }
        logger.logLevel = requested ?? (context.global.quiet ? .warning : .info)
        return logger
    }
}
