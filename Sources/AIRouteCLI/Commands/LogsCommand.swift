import AIRoute
import Foundation

/// `airoute logs`: the last exchanges of the exchange log (``ExchangeLog``), newest last, as
/// text or (`--json`) one JSON array. Needs no configuration: it runs before one is loaded.
/// An empty or absent log prints nothing on stdout (`[]` with `--json`) and a note on stderr.
struct LogsCommand {
    let global: GlobalOptions
    let environment: [String: String]
    let console: Console
    let options: LogsOptions

    func run() -> ExitCode {
        guard let path = ExchangeLog.defaultPath(environment: environment),
            FileManager.default.fileExists(atPath: path)
        else { return empty("nothing has been logged yet") }
        let exchanges: [LoggedExchange]
        do {
            let log = try ExchangeLog(path: path, create: false)
            exchanges = try log.exchanges(
                .init(
                    limit: limit, conversation: options.conversation,
                    search: options.query))
        } catch {
            console.error("cannot read the exchange log \(path): \(error)")
            return .unavailable
        }
        guard !exchanges.isEmpty else {
            return empty(
                options.conversation == nil && options.query == nil
                    ? "nothing has been logged yet" : "no logged exchange matches")
        }
        if global.json {
            if (try? console.printJSON(exchanges)) == nil { console.out("[]\n") }
        } else {
            console.out(exchanges.map(Self.text).joined(separator: "\n"))
        }
        return .ok
    }

    /// `-n`, else 3 (all of a `--conversation`); `nil`: all.
    private var limit: Int? {
        let count = options.count ?? (options.conversation == nil ? 3 : 0)
        return count == 0 ? nil : count
    }

    private func empty(_ note: String) -> ExitCode {
        if global.json { console.out("[]\n") }
        if !console.quiet { console.err(note + "\n") }
        return .ok
    }

    /// One exchange as `airoute logs` prints it (Markdown, as `llm logs`).
    static func text(_ exchange: LoggedExchange) -> String {
        var text = "# \(LoggedExchange.timestamp(exchange.time))    conversation: \(exchange.conversationID)\n\n"
        var route = "Pool: \(exchange.pool)"
        if let member = exchange.member { route += " → \(member) (\(exchange.provider ?? "?"))" }
        text += route + "\n"
        if let attempts = attemptsSummary(exchange) { text += attempts + "\n" }
        if exchange.answer != nil {
            var usage = "Usage: "
            if let input = exchange.promptTokens, let output = exchange.completionTokens {
                usage += "\(input) input, \(output) output tokens" + (exchange.usageEstimated ? " (estimated)" : "")
            } else {
                usage += "not reported"
            }
            usage += ", " + UsageLine.cost(exchange.costUSD)
            if let latency = exchange.latencyMs { usage += ", \(latency) ms" }
            text += usage + "\n"
        }
        for attachment in exchange.attachments {
            text +=
                "Attachment: \(attachment.kind.rawValue) \(attachment.reference) (\(attachment.mediaType), "
                + "\(attachment.bytes) bytes, sha256 \(attachment.sha256.prefix(12)))\n"
        }
        if let system = exchange.system { text += "\n## System\n\n" + system.ending("\n") }
        text += "\n## Prompt\n\n" + exchange.prompt.ending("\n")
        if let answer = exchange.answer { text += "\n## Answer\n\n" + answer.ending("\n") }
        if let error = exchange.error { text += "\n## Error\n\n" + error.ending("\n") }
        return text
    }

    /// `Failed over: gpt-4o (503) → claude-haiku`, or `Failed: a (503), b (timeout)` when no
    /// member answered; `nil` when the first attempt answered.
    static func attemptsSummary(_ exchange: LoggedExchange) -> String? {
        let failed = exchange.attempts.filter { $0.errorClass != nil }.map { attempt in
            "\(attempt.member) (\(attempt.status.map(String.init) ?? attempt.errorClass ?? "failed"))"
        }
        guard !failed.isEmpty else { return nil }
        if let member = exchange.member { return "Failed over: " + (failed + [member]).joined(separator: " → ") }
        return "Failed: " + failed.joined(separator: ", ")
    }
}

extension String {
    /// The text with `suffix` appended unless it already ends with it.
    fileprivate func ending(_ suffix: String) -> String { hasSuffix(suffix) ? self : self + suffix }
}
