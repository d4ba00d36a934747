import AIRoute
import HTTPTypes

extension GatewayFailure {
    /// The answer for a routing failure: OpenAI's body from the library, the status by the
    /// failure's kind, and `Retry-After` from the earliest moment a member is eligible again.
    init(_ error: RouteError, now: Timestamp) {
        var body = OpenAIErrorBody(error)
        body.routing = nil  // the headers carry the routing; the attempts are in the message
        if error.code == .exhausted || error.code == .interrupted {
            body.error.message = Self.attemptSummary(error)
        }
        let rateLimited = body.error.type == "rate_limit_error"
        var status: HTTPResponse.Status
        switch error.code {
        case .unknownPool: status = .notFound
        case .wrongOperation, .noCapableMember: status = .badRequest
        case .rejected: status = Self.rejectionStatus(error.failure)
        case .allMembersUnavailable: status = rateLimited ? .tooManyRequests : .serviceUnavailable
        case .exhausted: status = rateLimited ? .tooManyRequests : .badGateway
        case .deadlineExceeded: status = .gatewayTimeout
        case .cancelled: status = HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request")
        default: status = .badGateway
        }
        self.status = status
        self.body = body
        if status == .tooManyRequests || status == .serviceUnavailable {
            let wait = error.availableAt.map { $0 - now } ?? error.failure?.retryAfter ?? .seconds(1)
            retryAfter = max(1, Int((wait.seconds).rounded(.up)))
        }
    }

    /// The provider's own 4xx when it rejected the request (message kept, secrets already redacted
    /// by the provider layer); 400 otherwise.
    private static func rejectionStatus(_ failure: UpstreamFailure?) -> HTTPResponse.Status {
        guard let status = failure?.status, (400..<500).contains(status), status != 401, status != 403, status != 429
        else { return .badRequest }
        return HTTPResponse.Status(code: status)
    }

    /// `no member could serve 'pool': a (openai): transient 503; b (anthropic): rate_limited 429`.
    private static func attemptSummary(_ error: RouteError) -> String {
        let attempts = error.routing.attempts.filter { $0.errorClass != nil }
        guard !attempts.isEmpty else { return error.message }
        let parts = attempts.map { attempt in
            var part = "\(attempt.member) (\(attempt.provider)): \(attempt.errorClass?.rawValue ?? "ok")"
            if let status = attempt.status { part += " \(status)" }
            return part
        }
        return "\(error.message) [\(parts.joined(separator: "; "))]"
    }
}
