// PLACEHOLDER: being written in this session.
struct HealthCommand {
    let context: CommandContext
    let options: HealthOptions
    func run() async throws -> ExitCode { throw CommandFailure("not implemented yet", .unavailable) }
}
