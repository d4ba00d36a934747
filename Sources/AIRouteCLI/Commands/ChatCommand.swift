import AIRoute
import Foundation

/// `airoute chat`: one-shot (argument and/or piped input), streamed by default, or the REPL.
struct ChatCommand {
    let context: CommandContext
    let options: ChatOptions
    /// `--schema`, loaded.
    var schema: AnswerSchema?

    var console: Console { context.console }

    func run() async throws -> ExitCode {
        var chat = self
        chat.schema = try options.schema.map(AnswerSchema.load)
        // Attachments first: `-a -` takes standard input, which then is no prompt.
        let attachments = try options.attachments.map { path throws(CommandFailure) in
            try Attachment.load(path, io: console.io)
        }
        for attachment in attachments { console.notice("attached \(attachment.summary)") }
        let explicit = options.prompt == ["-"]  // `chat -`: the prompt is standard input
        var prompt = explicit ? "" : options.prompt.joined(separator: " ")
        let io = console.io
        if explicit || (!io.stdinIsTerminal && !options.attachments.contains("-")) {
            let piped = try TextInput.standardInput(io)
            if !piped.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                prompt = prompt.isEmpty ? piped : prompt + "\n\n" + piped
            }
        }
        var conversation = try startingConversation(prompt: prompt)
        if prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            if io.stdinIsTerminal, !explicit {
                var repl = REPL(context: context, options: options, conversation: conversation, schema: chat.schema)
                repl.pending = attachments
                return try await repl.run()
            }
            guard !attachments.isEmpty else {
                throw CommandFailure("nothing to send: give a PROMPT or pipe text into 'airoute chat'", .usage)
            }
        }
        conversation.add(Attachment.message(prompt, attachments))
        let code = try await chat.send(&conversation, attachments: attachments.map(\.logged))
        if options.interactive && code == .ok {
            guard io.stdinIsTerminal else {
                console.warning("not starting the REPL: standard input is not a terminal")
                return code
            }
            var repl = REPL(context: context, options: options, conversation: conversation, schema: chat.schema)
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
        var request = ChatCompletionRequest(
            model: model ?? options.model, messages: conversation.messages, temperature: options.temperature,
            maxTokens: options.maxTokens)
        request.responseFormat = schema?.responseFormat
        let answer: ChatAnswer
        if context.global.json || !options.stream || schema != nil {
            // A schema's answer is checked whole before anything is printed: stdout gets JSON or nothing.
            let response = try await context.client.chat.completions.create(request)
            console.failoverNotice(response.routing)
            answer = ChatAnswer(response)
            received = answer
            let structured = try schema.flatMap { schema throws(CommandFailure) in
                try checked(answer, against: schema, member: response.routing.member)
            }
            if context.global.json {
                try context.printJSON(response)
            } else {
                let reply = structured ?? answer.printed
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

    /// The JSON an answer to `--schema` holds, with a warning when it does not match the schema.
    /// - Throws: exit 65 when the answer is not JSON (a refusal or a withheld answer is reported as such).
    private func checked(
        _ answer: ChatAnswer, against schema: AnswerSchema, member: String?
    ) throws(CommandFailure)
        -> String?
    {
        guard answer.refusal == nil, !answer.isWithheld else { return nil }
        do {
            let (json, mismatch) = try schema.check(answer.text)
            if let mismatch { console.warning("the answer does not match the schema (\(mismatch))") }
            return json
        } catch {
            throw CommandFailure(error.message + (member.map { " (from \($0))" } ?? ""), error.code)
        }
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
        // A cancelled stream may also just end (its chunk channel returns nil on cancellation).
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
