import AIRoute
import Foundation

/// `airoute chat`: one-shot (argument and/or piped input), streamed by default, or the REPL.
struct ChatCommand {
    let context: CommandContext
    let options: ChatOptions

    var console: Console { context.console }

    func run() async throws -> ExitCode {
        let explicit = options.prompt == ["-"]  // `chat -`: the prompt is standard input
        var prompt = explicit ? "" : options.prompt.joined(separator: " ")
        let io = console.io
        if explicit || !io.stdinIsTerminal {
            let piped = try TextInput.standardInput(io)
            if !piped.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                prompt = prompt.isEmpty ? piped : prompt + "\n\n" + piped
            }
        }
        var conversation = try startingConversation(prompt: prompt)
        if prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            guard io.stdinIsTerminal, !explicit else {
                throw CommandFailure("nothing to send: give a PROMPT or pipe text into 'airoute chat'", .usage)
            }
            var repl = REPL(context: context, options: options, conversation: conversation)
            return try await repl.run()
        }
        conversation.add(.user(prompt))
        let code = try await send(&conversation)
        if options.interactive && code == .ok {
            guard io.stdinIsTerminal else {
                console.warning("not starting the REPL: standard input is not a terminal")
                return code
            }
            var repl = REPL(context: context, options: options, conversation: conversation)
            return try await repl.run()
        }
        return code
    }

    /// Sends the conversation, prints the reply, and appends it to the conversation.
    ///
    /// `transcript` (the REPL's) records what was printed, so a reply cut by Ctrl-C can be ended cleanly.
    /// A refusal is printed as the answer; an answer a content filter withheld throws (see ``ChatAnswer``).
    /// `received` is the answer, set once it came (``send(_:model:transcript:attachments:)`` logs it).
    func sendUnlogged(
        _ conversation: inout Conversation, model: String? = nil, transcript: ReplyTranscript? = nil,
        received: inout ChatAnswer?
    )
        async throws -> ExitCode
    {
        let request = ChatCompletionRequest(
            model: model ?? options.model, messages: conversation.messages, temperature: options.temperature,
            maxTokens: options.maxTokens)
        let answer: ChatAnswer
        if context.global.json || !options.stream {
            let response = try await context.client.chat.completions.create(request)
            console.failoverNotice(response.routing)
            answer = ChatAnswer(response)
            if context.global.json {
                try context.printJSON(response)
            } else {
                let reply = answer.printed
                console.out(reply.hasSuffix("\n") || reply.isEmpty ? reply : reply + "\n")
            }
            transcript?.record("\n")
        } else {
            answer = try await stream(request, transcript: transcript)
        }
        received = answer
        try answer.report(on: console)
        conversation.add(.assistant(answer.printed))
        return .ok
    }

    /// Streams a reply to stdout as it arrives (its text, or its refusal), with a spinner on a
    /// terminal's stderr until the first token.
    /// A cancelled task stops printing and throws `CancellationError`; the text printed so far stays.
    func stream(_ request: ChatCompletionRequest, transcript: ReplyTranscript? = nil) async throws -> ChatAnswer {
        let spinner = Spinner(console: console)
        spinner.start()
        let stream: ChatCompletionStream
        do {
            stream = try await context.client.chat.completions.stream(request)
        } catch {
            spinner.stop()
            throw error
        }
        spinner.stop()
        console.failoverNotice(stream.routing)
        var reply = ChatCompletionAccumulator()
        var lastPrinted: Character?
        for try await chunk in stream {
            if Task.isCancelled { break }
            reply.add(chunk)
            for choice in chunk.choices {
                for piece in [choice.delta.content, choice.delta.refusal] {
                    guard let piece, !piece.isEmpty else { continue }
                    lastPrinted = piece.last
                    transcript?.record(piece)
                    guard console.out(piece) else {
                        stream.cancel()
                        return ChatAnswer(reply, routing: stream.routing)
                    }
                }
            }
        }
        // A cancelled stream may also just end (AsyncThrowingStream finishes on cancellation).
        if Task.isCancelled {
            stream.cancel()
            throw CancellationError()
        }
        if let lastPrinted, lastPrinted != "\n" {
            console.out("\n")
            transcript?.record("\n")
        }
        return ChatAnswer(reply, routing: stream.routing)
    }
}

/// The messages of a chat, kept across REPL turns.
struct Conversation: Sendable {
    var system: String?
    private(set) var turns: [ChatMessage] = []

    init(system: String?) { self.system = system }

    var messages: [ChatMessage] { (system.map { [ChatMessage.system($0)] } ?? []) + turns }

    mutating func add(_ message: ChatMessage) { turns.append(message) }
    mutating func removeLast() { if !turns.isEmpty { turns.removeLast() } }
    mutating func clear() { turns = [] }
}
