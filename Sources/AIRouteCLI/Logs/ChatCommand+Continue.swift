import AIRoute
import Foundation

extension ChatCommand {
    /// The conversation a chat starts from: empty, or with `--continue` / `--conversation ID` the
    /// logged turns of that conversation (answered exchanges only; the system prompt of its
    /// latest exchange unless `-s` gives one), whose new exchanges are then logged into it.
    ///
    /// - Throws: a usage failure (64) when there is no log, no conversation yet, or no
    ///   conversation with that id.
    func startingConversation(prompt: String) throws -> Conversation {
        guard options.continueLast || options.conversation != nil else { return Conversation(system: options.system) }
        let log = try Self.openLogForReading(context.environment)
        let id: String
        do {
            if let requested = options.conversation {
                guard try log.conversationExists(requested) else {
                    throw CommandFailure(
                        "no conversation '\(requested)' in the log (airoute logs lists them)", .usage)
                }
                id = requested
            } else {
                guard let latest = try log.latestConversationID() else { throw Self.nothingToContinue }
                id = latest
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("cannot read the exchange log \(log.path): \(error)", .unavailable)
        }
        let exchanges: [LoggedExchange]
        do {
            exchanges = try log.exchanges(.init(conversation: id))
        } catch {
            throw CommandFailure("cannot read the exchange log \(log.path): \(error)", .unavailable)
        }
        var conversation = Conversation(system: options.system ?? exchanges.last?.system)
        var turns = 0
        for exchange in exchanges where exchange.error == nil {
            guard let answer = exchange.answer else { continue }
            conversation.add(.user(exchange.prompt))
            conversation.add(.assistant(answer))
            turns += 1
        }
        context.exchangeLog?.continueConversation(id)
        let loaded = "conversation \(id): \(turns) turn\(turns == 1 ? "" : "s") loaded"
        if prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && console.io.stdinIsTerminal {
            if !console.quiet { console.err(loaded + "\n") }
        } else {
            console.notice(loaded)
        }
        return conversation
    }

    static let nothingToContinue = CommandFailure(
        "no conversation to continue: nothing has been logged yet", .usage)

    /// The log, opened without creating it (reading works with `--no-log` too).
    static func openLogForReading(_ environment: [String: String]) throws -> ExchangeLog {
        guard let path = ExchangeLog.defaultPath(environment: environment),
            FileManager.default.fileExists(atPath: path)
        else { throw nothingToContinue }
        do {
            return try ExchangeLog(path: path, create: false)
        } catch {
            throw CommandFailure("cannot open the exchange log \(path): \(error)", .unavailable)
        }
    }
}
