import AIRoute

/// airoute's exit codes (sysexits), as docs/cli.md ("Exit codes") fixes them.
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
        case .unknownPool, .wrongOperation: return .usage
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

    /// The `--json` form: OpenAI's error shape, typed by the exit code.
    var jsonBody: OpenAIErrorBody {
        let (type, name): (String, String) =
            switch code {
            case .usage: ("invalid_request_error", "usage")
            case .dataError: ("invalid_request_error", "data_error")
            case .noInput: ("invalid_request_error", "no_input")
            case .cannotCreate: ("cli_error", "cannot_create")
            case .configuration: ("configuration_error", "configuration")
            case .temporaryFailure: ("service_unavailable_error", "temporary_failure")
            case .interrupted: ("cancelled", "interrupted")
            case .rejected: ("invalid_request_error", "rejected")
            case .unavailable, .ok: ("api_error", "unavailable")
            }
        return OpenAIErrorBody(message: message, type: type, code: name)
    }
}
