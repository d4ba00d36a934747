import AIRoute
import Foundation
import Synchronization

/// The interactive `airoute chat`: line editing and history, `"""` blocks, dot-commands, and a
/// conversation kept across turns.
///
/// Entered by `airoute chat` with no prompt on a terminal, or after the first answer with `-i`
/// (``ChatCommand`` decides). Replies go to standard output as they stream; the banner, the
/// prompt, command output, notices and errors go to standard error.
///
/// Ctrl-C while editing discards the line (on an empty line it prints a hint); while a reply is
/// being written it stops the reply (see ``InterruptWatcher``). An interrupted turn leaves the
/// conversation as it was before it: neither the question nor the partial reply is kept, so the
/// next turn does not build on a cut answer (Up-arrow recalls the question). A failed turn is
/// reported and leaves the conversation as it was too. Ctrl-D or `.exit` leaves with status 0.
struct REPL {
    let context: CommandContext
    let options: ChatOptions
    /// The messages so far (and the system prompt).
    var conversation: Conversation
    /// The pool or model replies come from; `.model` changes it.
    private(set) var pool: String
    /// The count of interrupts a reply in flight watches (tests replace the SIGINT counter).
    var interrupts: @Sendable () -> Int = { InterruptWatcher.count.load(ordering: .relaxed) }
    /// `--schema`: every answer must be JSON following it.
    let schema: AnswerSchema?
    /// Attachments (`-a`, `.attach`) that go with the next message.
    var pending: [Attachment] = []

    init(context: CommandContext, options: ChatOptions, conversation: Conversation, schema: AnswerSchema? = nil) {
        self.context = context
        self.options = options
        self.conversation = conversation
        self.pool = options.model
        self.schema = schema
    }

    var console: Console { context.console }

    /// The prompt for a new message.
    var prompt: String { "\(pool)> " }
    /// The prompt inside a `"""` block.
    static let continuationPrompt = "... "
    /// The line that starts and ends a block.
    static let blockDelimiter = "\"\"\""
    /// What Ctrl-C on an empty line prints.
    static let exitHint = "(To exit, press Ctrl-D or type .exit)"

    /// Runs the REPL on the terminal: libedit, the history file, the SIGINT handler.
    mutating func run() async throws -> ExitCode {
        let history = openHistory()
        guard var reader = LibEditLineReader(history: history, completer: completer) else {
            throw CommandFailure("cannot start the line editor on this terminal", .unavailable)
        }
        InterruptWatcher.install()
        defer { InterruptWatcher.restore() }
        return await run(reader: &reader, history: history)
    }

    /// The session's history (`nil` with `AIROUTE_NOHISTORY`), from the context's environment.
    func openHistory() -> LineHistory? {
        LineHistory.open(environment: context.environment, console: console)
    }

    /// Tab completion: the chat pools and chat models of the configuration.
    var completer: Completer { Completer(targets: chatTargets) }

    /// Pools that serve chat, then models that can chat, in configuration order.
    var chatTargets: [String] {
        let configuration = context.configuration
        let pools = configuration.poolOrder.filter { configuration.pools[$0]?.operation == .chat }
        let models = configuration.modelOrder.filter { configuration.models[$0]?.capabilities.contains(.chat) == true }
        return pools + models.filter { !pools.contains($0) }
    }

    /// The loop: reads input from `reader` until end of input or `.exit`.
    mutating func run(reader: inout some LineReader, history: LineHistory?) async -> ExitCode {
        if !console.quiet {
            console.err("airoute chat — pool \(pool). Type .help for commands, Ctrl-D to exit.\n")
        }
        while true {
            let input: String
            var isBlock = false
            switch reader.readLine(prompt: prompt) {
            case .eof:
                return .ok
            case .interrupted(let discarded):
                if discarded.trimmingCharacters(in: .whitespaces).isEmpty { console.err(Self.exitHint + "\n") }
                continue
            case .line(let line) where line.trimmingCharacters(in: .whitespaces) == Self.blockDelimiter:
                switch readBlock(&reader) {
                case .eof: return .ok
                case .interrupted: continue
                case .line(let text):
                    input = text
                    isBlock = true
                }
            case .line(let line):
                input = line
            }
            guard !input.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
            history?.add(input)
            // A block, or a block recalled from history, is always a message.
            if !isBlock, !input.contains("\n"), let command = DotCommand.parse(input) {
                if perform(command) { return .ok }
                continue
            }
            await turn(input)
        }
    }

    /// Reads the lines of a `"""` block up to the closing `"""`: one message.
    /// Ctrl-C discards the block; end of input ends the session.
    private func readBlock(_ reader: inout some LineReader) -> LineResult {
        var lines: [String] = []
        while true {
            switch reader.readLine(prompt: Self.continuationPrompt) {
            case .eof: return .eof
            case .interrupted(let discarded): return .interrupted(discarded: discarded)
            case .line(let line) where line.trimmingCharacters(in: .whitespaces) == Self.blockDelimiter:
                return .line(lines.joined(separator: "\n"))
            case .line(let line): lines.append(line)
            }
        }
    }

    // MARK: Turns

    /// Sends `text` with the conversation so far and prints the reply as it arrives.
    mutating func turn(_ text: String) async {
        var next = conversation
        next.add(Attachment.message(text, pending))
        let chat = ChatCommand(context: context, options: options, schema: schema)
        let transcript = ReplyTranscript()
        let target = pool
        let asked = next
        let attached = pending.map(\.logged)
        let (result, interrupted) = await InterruptWatcher.run(counter: interrupts) {
            var conversation = asked
            _ = try await chat.send(&conversation, model: target, transcript: transcript, attachments: attached)
            return conversation
        }
        switch result {
        case .success(let answered):
            conversation = answered
            pending = []
        case .failure(let error) where interrupted || Self.isCancellation(error):
            if !transcript.endsWithNewline { console.out("\n") }
            console.err(console.paint("(interrupted)", "2") + "\n")
        case .failure(let error as RouteError):
            _ = console.report(error)
        case .failure(let error as CommandFailure):
            console.error(error.message)
        case .failure(let error):
            console.error("\(error)")
        }
    }

    static func isCancellation(_ error: any Error) -> Bool {
        if error is CancellationError { return true }
        if let error = error as? RouteError { return error.code == .cancelled }
        return false
    }

    // MARK: Dot-commands

    /// Performs a command; `true` when the session ends.
    mutating func perform(_ command: DotCommand) -> Bool {
        switch command {
        case .help:
            console.err(DotCommand.helpText)
        case .exit:
            return true
        case .model(nil):
            say("using \(pool)")
        case .model(let name?):
            if let problem = problem(withTarget: name) {
                console.error(problem)
            } else {
                pool = name
                say("now using \(name)")
            }
        case .system(nil):
            conversation.system = nil
            say("system prompt cleared")
        case .system(let text?):
            conversation.system = text
            say("system prompt set")
        case .clear:
            conversation.clear()
            pending = []
            context.exchangeLog?.startNewConversation()
            say("conversation cleared")
        case .attach(nil):
            say(
                pending.isEmpty
                    ? "nothing attached (.attach FILE adds an image or audio file to the next message)"
                    : "with the next message: " + pending.map(\.summary).joined(separator: ", "))
        case .attach(let path?):
            do {
                let attachment = try Attachment.load(path, io: console.io)
                pending.append(attachment)
                say("attached \(attachment.summary) to the next message")
            } catch {
                console.error(error.message)
            }
        case .detach:
            pending = []
            say("attachments removed")
        case .pools(let filter), .health(let filter):
            // The same tables as `airoute pools` and `airoute health` (recorded state, no probe).
            do {
                let report = try PoolReport.build(router: context.client.router, pool: filter)
                if case .health = command {
                    console.err(HealthCommand.table(report, probes: []))
                } else {
                    console.err(report.table(color: false))
                }
            } catch {
                console.error(error.message)
            }
        case .unknown(let name):
            var message = "unknown command '\(name)'"
            if let guess = Suggestion.closest(to: name.lowercased(), among: DotCommand.names) {
                message += "; did you mean '\(guess)'?"
            } else {
                message += "."
            }
            console.error(message + " Type .help for the commands.")
        }
        return false
    }

    /// Why `name` cannot be used for chat, or `nil` when it can.
    func problem(withTarget name: String) -> String? {
        let configuration = context.configuration
        if let pool = configuration.pools[name] {
            return pool.operation == .chat ? nil : ModelRouter.wrongOperation(pool, .chat)
        }
        if let model = configuration.models[name] {
            return model.capabilities.contains(.chat) ? nil : "model '\(name)' cannot chat"
        }
        var message = "unknown pool or model '\(name)'"
        if let guess = Suggestion.closest(to: name, among: chatTargets) { message += "; did you mean '\(guess)'?" }
        let pools = configuration.poolOrder.filter { configuration.pools[$0]?.operation == .chat }
        message += pools.isEmpty ? " (no chat pools are configured)" : " (chat pools: \(pools.joined(separator: ", ")))"
        return message
    }

    /// A confirmation on standard error, unless `-q`.
    private func say(_ text: String) {
        guard !console.quiet else { return }
        console.err(console.paint(text, "2") + "\n")
    }
}

/// What a reply printed so far, so an interrupted one can end its line.
final class ReplyTranscript: Sendable {
    private let last = Mutex<Character?>(nil)

    /// Records printed text.
    func record(_ text: String) {
        guard let end = text.last else { return }
        last.withLock { $0 = end }
    }

    /// Whether nothing was printed or the output ends a line.
    var endsWithNewline: Bool { last.withLock { $0.map { $0 == "\n" } ?? true } }
}
