import AIRouter

/// airoute's exit codes (sysexits), as DESIGN.md §5 fixes them.
public enum ExitCode: Int32, Sendable {
    /// Success.
    case ok = 0
    /// The provider rejected the request, or its content filter withheld the answer.
    case rejected = 1
    /// Bad command line.
    case usage = 64
    /// Bad input data.
    case dataError = 65
    /// An input file is missing.
    case noInput = 66
    /// No member could serve.
    case unavailable = 69
    /// An output file cannot be created.
    case cannotCreate = 73
    /// Every member is cooling down or rate limited.
    case temporaryFailure = 75
    /// Configuration error.
    case configuration = 78
    /// Interrupted (Ctrl-C).
    case interrupted = 130

    /// The exit code for a routing failure.
    static func `for`(_ error: RouteError) -> ExitCode {
        switch error.code {
        case .unknownPool: return .usage
        case .rejected: return .rejected
        case .allMembersUnavailable: return .temporaryFailure
        case .cancelled: return .interrupted
        case .exhausted:
            let classes = error.routing.attempts.compactMap(\.errorClass)
            if !classes.isEmpty, classes.allSatisfy({ $0 == .rateLimited }) { return .temporaryFailure }
            return .unavailable
        default: return .unavailable
        }
    }
}

/// A failure that ends a command with a message and an exit code.
struct CommandFailure: Error {
    var message: String
    var code: ExitCode
    init(_ message: String, _ code: ExitCode) {
        self.message = message
        self.code = code
    }
}
