/// A failure in the OpenAI API's error shape — `{"error": {"message", "type", "param", "code"}}` —
/// plus the same `routing` object a success carries (every attempt with its class, status and
/// duration). What `airoute --json` prints for a failure, so scripts and the official SDKs read it.
public struct OpenAIErrorBody: Sendable, Encodable {
    /// The `error` object.
    public struct Detail: Sendable, Encodable {
        /// A one-line, secret-free message.
        public var message: String
        /// OpenAI's error type (`invalid_request_error`, `rate_limit_error`, `api_error`…).
        public var type: String
        /// The request parameter at fault, if one is.
        public var param: String?
        /// A stable code (`model_not_found`, `no_member_succeeded`…).
        public var code: String?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message, forKey: .message)
            try container.encode(type, forKey: .type)
            try container.encode(param, forKey: .param)  // null when absent, as OpenAI writes it
            try container.encode(code, forKey: .code)
        }

        enum CodingKeys: String, CodingKey { case message, type, param, code }
    }

    /// The error.
    public var error: Detail
    /// How the call was routed, when it reached the router.
    public var routing: RoutingInfo?

    /// An error body with the given fields.
    public init(message: String, type: String, code: String?, param: String? = nil, routing: RoutingInfo? = nil) {
        error = Detail(message: message, type: type, param: param, code: code)
        self.routing = routing
    }

    /// The body for a routing failure: its summary, OpenAI's type for its kind, its code
    /// (`model_not_found` for an unknown pool, as OpenAI says it) and its routing.
    public init(_ routeError: RouteError) {
        self.init(
            message: routeError.message, type: Self.type(of: routeError), code: Self.code(of: routeError),
            param: [.unknownPool, .wrongOperation].contains(routeError.code) ? "model" : nil,
            routing: routeError.routing)
    }

    static func code(of error: RouteError) -> String {
        switch error.code {
        case .unknownPool: "model_not_found"
        case .rejected: error.failure?.errorClass.rawValue ?? error.code.description
        default: error.code.description
        }
    }

    static func type(of error: RouteError) -> String {
        let classes = error.routing.attempts.compactMap(\.errorClass) + error.cooling.compactMap(\.reason)
        let rateLimited = !classes.isEmpty && classes.allSatisfy { $0 == .rateLimited }
        switch error.code {
        case .unknownPool, .wrongOperation, .noCapableMember, .rejected: return "invalid_request_error"
        case .allMembersUnavailable, .exhausted: return rateLimited ? "rate_limit_error" : "service_unavailable_error"
        case .deadlineExceeded: return "timeout_error"
        case .cancelled: return "cancelled"
        default: return "api_error"
        }
    }
}
