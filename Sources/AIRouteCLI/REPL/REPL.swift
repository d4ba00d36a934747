// PLACEHOLDER: being written in this session.
struct REPL {
    let context: CommandContext
    let options: ChatOptions
    var conversation: Conversation
    func run() async throws -> ExitCode { throw CommandFailure("the REPL is not implemented yet", .unavailable) }
}
