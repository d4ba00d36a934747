// PLACEHOLDER: being written in this session.
struct TranscribeCommand {
    let context: CommandContext
    let options: TranscribeOptions
    func run() async throws -> ExitCode { throw CommandFailure("not implemented yet", .unavailable) }
}
