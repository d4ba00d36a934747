// PLACEHOLDER: being written in this session.
struct ImageCommand {
    let context: CommandContext
    let options: ImageOptions
    func run() async throws -> ExitCode { throw CommandFailure("not implemented yet", .unavailable) }
}
