import Foundation
import Synchronization

/// The exchange log as one `airoute chat` run uses it: opened on the first exchange, writing
/// every exchange of the run into one conversation (a new one, or the one `--continue` loaded).
///
/// A log that cannot be opened or written gives one warning on stderr and is then left alone:
/// logging never fails a command or changes its exit code.
final class ExchangeRecorder: Sendable {
    /// The database file.
    let path: String
    private let warn: @Sendable (String) -> Void
    private let state = Mutex(State())

    private struct State {
        var log: ExchangeLog?
        var failed = false
        var conversationID = ExchangeLog.newConversationID()
    }

    init(path: String, warn: @escaping @Sendable (String) -> Void) {
        self.path = path
        self.warn = warn
    }

    /// The recorder of this run, or `nil` when logging is off (`--no-log`, `AIROUTE_NOLOG`) or
    /// there is no state directory. Opens nothing yet.
    static func make(global: GlobalOptions, environment: [String: String], console: Console) -> ExchangeRecorder? {
        guard !ExchangeLog.isDisabled(global: global, environment: environment),
            let path = ExchangeLog.defaultPath(environment: environment)
        else { return nil }
        return ExchangeRecorder(path: path) { console.warning($0) }
    }

    /// The conversation new exchanges go into.
    var conversationID: String { state.withLock { $0.conversationID } }

    /// Logs the next exchanges into conversation `id` (`chat --continue`).
    func continueConversation(_ id: String) { state.withLock { $0.conversationID = id } }

    /// Logs the next exchanges into a new conversation (the REPL's `.clear`).
    func startNewConversation() { state.withLock { $0.conversationID = ExchangeLog.newConversationID() } }

    /// Writes `exchange` into the current conversation; on failure, warns once and stops logging.
    func record(_ exchange: LoggedExchange) {
        let problem: String? = state.withLock { state in
            guard !state.failed else { return nil }
            var exchange = exchange
            exchange.conversationID = state.conversationID
            do {
                let log = try state.log ?? ExchangeLog(path: path, create: true)
                state.log = log
                try log.record(exchange)
                return nil
            } catch {
                state.failed = true
                return "cannot write the exchange log \(path): \(error); this run is not logged (AIROUTE_NOLOG=1 "
                    + "turns logging off)"
            }
        }
        if let problem { warn(problem) }
    }
}
