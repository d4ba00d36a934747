// PLACEHOLDER: being written in this session.
struct SpeakCommand {
    let context: CommandContext
    let options: SpeakOptions
    func run() async throws -> ExitCode { throw CommandFailure("not implemented yet", .unavailable) }
}
