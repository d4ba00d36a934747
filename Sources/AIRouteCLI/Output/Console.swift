import AIRoute
import AIRouter
import Foundation

/// The CLI's output discipline: the payload alone on stdout; notices, warnings and errors on
/// stderr — notices only when stderr is a terminal or with `-v`, never with `-q`; colour only on
/// a terminal and never with `NO_COLOR`.
struct Console: Sendable {
    let io: IO
    let verbose: Bool
    let quiet: Bool
    let color: Bool

    init(io: IO, global: GlobalOptions, environment: [String: String]) {
        self.io = io
        self.verbose = global.verbose
        self.quiet = global.quiet
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb"
        self.color = io.stderrIsTerminal && !noColor
    }

    /// Whether notices are shown.
    var showsNotices: Bool { !quiet && (verbose || io.stderrIsTerminal) }

    /// Writes payload text to stdout; `false` when stdout is closed.
    @discardableResult
    func out(_ text: String) -> Bool { io.writeOut(Data(text.utf8)) }

    /// Writes payload bytes to stdout.
    @discardableResult
    func out(_ data: Data) -> Bool { io.writeOut(data) }

    /// A notice on stderr (failover, progress), shown only when notices are.
    func notice(_ text: String) {
        guard showsNotices else { return }
        io.writeErr(Data((paint(text, "2") + "\n").utf8))
    }

    /// A warning on stderr, shown unless `-q`.
    func warning(_ text: String) {
        guard !quiet else { return }
        io.writeErr(Data((paint("warning:", "33") + " " + text + "\n").utf8))
    }

    /// An error on stderr: `Error: message` and any detail lines.
    func error(_ text: String) {
        io.writeErr(Data((paint("Error:", "31") + " " + text + "\n").utf8))
    }

    /// Prints `value` as the `--json` output: one object, pretty on a terminal, compact otherwise.
    func printJSON(_ value: some Encodable) throws {
        let encoder = io.stdoutIsTerminal ? StableJSONEncoder.pretty : StableJSONEncoder.compact
        out(try encoder.encode(value))
        out("\n")
    }

    /// Raw text on stderr (usage, spinner frames).
    func err(_ text: String) { io.writeErr(Data(text.utf8)) }

    func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    /// Reports a routing failure: the summary, then every member tried with class and status,
    /// and when the earliest becomes available again. Returns the exit code.
    func report(_ error: RouteError) -> ExitCode {
        let lines = error.description.split(separator: "\n", omittingEmptySubsequences: false)
        self.error(String(lines.first ?? ""))
        for line in lines.dropFirst() { io.writeErr(Data((line + "\n").utf8)) }
        if verbose { showAttempts(error.routing) }
        if !error.cooling.isEmpty {
            let fixable = error.cooling.contains { [.auth, .notFound, .quota].contains($0.reason) }
            io.writeErr(
                Data(
                    ("  \(fixable ? "after fixing the key, base_url or model" : "to try again now"), clear it: "
                        + "airoute health --reset \(error.routing.pool)\n").utf8))
        }
        return ExitCode.for(error)
    }

    /// With `-v`: each attempt's member, request (method and URL, never a query string or key),
    /// outcome and duration — `attempt 1: a (fake) POST http://…/v1/chat/completions → transient 503, 12 ms`.
    func showAttempts(_ routing: RoutingInfo) {
        guard verbose, !quiet else { return }
        for (index, attempt) in routing.attempts.enumerated() {
            var line = "attempt \(index + 1): \(attempt.member) (\(attempt.provider))"
            if let endpoint = attempt.endpoint { line += " \(endpoint)" }
            line += " → " + (attempt.errorClass.map { $0.rawValue + (attempt.status.map { " \($0)" } ?? "") } ?? "ok")
            line += ", \(Int(attempt.durationMs.rounded())) ms"
            io.writeErr(Data((paint(line, "2") + "\n").utf8))
        }
    }

    /// Says which member served when the call failed over (notice level); with `-v`, every attempt.
    func failoverNotice(_ routing: RoutingInfo) {
        showAttempts(routing)
        guard routing.failedOver || verbose, let member = routing.member else { return }
        let failed = routing.attempts.dropLast().map { attempt -> String in
            var text = attempt.member
            if let c = attempt.errorClass { text += " (\(c.rawValue)\(attempt.status.map { " \($0)" } ?? ""))" }
            return text
        }
        if failed.isEmpty {
            notice("served by \(member) (\(routing.provider ?? "?")) from pool \(routing.pool)")
        } else {
            notice("served by \(member) (\(routing.provider ?? "?")) after \(failed.joined(separator: ", ")) failed")
        }
    }
}
