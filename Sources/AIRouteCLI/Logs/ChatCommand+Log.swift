import AIRoute
import Foundation

extension ChatCommand {
    /// Sends the conversation and prints the reply (``sendUnlogged(_:model:transcript:received:)``),
    /// then logs the exchange (answered or failed; not when interrupted) and, with `-u`, prints
    /// the token usage and estimated cost on stderr.
    ///
    /// - Parameter attachments: the files sent with the prompt (`-a`), logged by reference and hash.
    func send(
        _ conversation: inout Conversation, model: String? = nil, transcript: ReplyTranscript? = nil,
        attachments: [LoggedAttachment] = []
    ) async throws -> ExitCode {
        let pending = PendingExchange(
            conversation: conversation, pool: model ?? options.model, options: options, attachments: attachments)
        var received: ChatAnswer?
        do {
            let code = try await sendUnlogged(&conversation, model: model, transcript: transcript, received: &received)
            finish(pending, received, error: nil)
            return code
        } catch {
            finish(pending, received, error: error)
            throw error
        }
    }

    private func finish(_ pending: PendingExchange, _ answer: ChatAnswer?, error: (any Error)?) {
        if let error, REPL.isCancellation(error) { return }
        let exchange = pending.logged(answer: answer, error: error, configuration: context.configuration)
        context.exchangeLog?.record(exchange)
        if options.usage, answer != nil { console.err(UsageLine.text(exchange) + "\n") }
    }
}

/// An exchange being sent: what was asked, and when.
struct PendingExchange {
    let prompt: String
    let system: String?
    let pool: String
    let options: LoggedOptions
    let attachments: [LoggedAttachment]
    let time = Date()
    let started = ContinuousClock.now

    init(conversation: Conversation, pool: String, options: ChatOptions, attachments: [LoggedAttachment]) {
        prompt = conversation.turns.last?.text ?? ""
        system = conversation.system
        self.pool = pool
        self.options = LoggedOptions(
            model: pool, temperature: options.temperature, maxTokens: options.maxTokens, stream: options.stream)
        self.attachments = attachments
    }

    /// The log's record of the exchange, with `answer` (when one came) and `error` (when it failed).
    func logged(answer: ChatAnswer?, error: (any Error)?, configuration: Configuration) -> LoggedExchange {
        let elapsed = ContinuousClock.now - started
        let routing = answer?.routing ?? (error as? RouteError)?.routing
        var exchange = LoggedExchange(
            conversationID: "", time: time, prompt: prompt, system: system, answer: answer?.printed,
            pool: routing?.pool ?? pool, member: routing?.member, provider: routing?.provider,
            latencyMs: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000),
            finishReason: answer?.finishReason?.rawValue, error: error.map(Self.describe),
            attempts: routing?.attempts.map(LoggedAttempt.init) ?? [], options: options, attachments: attachments)
        if let usage = answer?.usage, !(usage.isEstimated && usage.totalTokens == 0) {
            exchange.promptTokens = usage.promptTokens
            exchange.completionTokens = usage.completionTokens
            exchange.usageEstimated = usage.isEstimated
            if let member = routing?.member, let cost = configuration.models[member]?.cost {
                exchange.costUSD =
                    (Double(usage.promptTokens) * cost.input + Double(usage.completionTokens) * cost.output) / 1_000_000
            }
        }
        return exchange
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case let error as CommandFailure: error.message
        case let error as RouteError: error.description
        default: "\(error)"
        }
    }
}

/// The `-u` line: `Token usage: 12 input, 34 output (member gpt-4o-mini), estimated cost $0.000023`.
enum UsageLine {
    static func text(_ exchange: LoggedExchange) -> String {
        var line = "Token usage: "
        if let input = exchange.promptTokens, let output = exchange.completionTokens {
            line += "\(input) input, \(output) output"
            if exchange.usageEstimated { line += " (estimated by airoute)" }
        } else {
            line += "not reported"
        }
        if let member = exchange.member { line += " (member \(member))" }
        return line + ", " + cost(exchange.costUSD)
    }

    /// `estimated cost $0.000023`, or `cost unknown`.
    static func cost(_ usd: Double?) -> String {
        usd.map { "estimated cost " + dollars($0) } ?? "cost unknown"
    }

    /// `$0.000023`: six decimals (a cent is far too coarse for one call).
    static func dollars(_ usd: Double) -> String { String(format: "$%.6f", usd) }
}
