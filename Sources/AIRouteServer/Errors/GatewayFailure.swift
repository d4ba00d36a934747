import AIRoute
import HTTPTypes

/// An error answer in OpenAI's shape with the status an SDK expects (docs/server.md, "Errors").
struct GatewayFailure: Error, Sendable {
    /// The HTTP status.
    var status: HTTPResponse.Status
    /// The body.
    var body: OpenAIErrorBody
    /// Whole seconds until a retry can succeed, for `Retry-After`.
    var retryAfter: Int?

    init(_ status: HTTPResponse.Status, _ message: String, type: String, code: String?, param: String? = nil) {
        self.status = status
        self.body = OpenAIErrorBody(message: message, type: type, code: code, param: param)
    }

    static func invalidRequest(_ message: String, code: String?, param: String? = nil) -> GatewayFailure {
        GatewayFailure(.badRequest, message, type: "invalid_request_error", code: code, param: param)
    }

    static func missingParameter(_ name: String) -> GatewayFailure {
        invalidRequest("you must provide a '\(name)' parameter", code: "missing_required_parameter", param: name)
    }

    static let unauthorized = GatewayFailure(
        .unauthorized,
        "Incorrect or missing API key: send a key from the gateway's server.keys as 'Authorization: Bearer KEY'",
        type: "invalid_request_error", code: "invalid_api_key")

    static func forbidden(pool: String, caller: String) -> GatewayFailure {
        GatewayFailure(
            .forbidden, "the key '\(caller)' may not use '\(pool)'", type: "permission_error", code: "pool_not_allowed",
            param: "model")
    }

    static func unknownURL(method: HTTPRequest.Method, path: String) -> GatewayFailure {
        GatewayFailure(
            .notFound, "Unknown request URL: \(method.rawValue) \(path.prefix(200))", type: "invalid_request_error",
            code: "unknown_url")
    }

    static func tooLarge(limit: Int) -> GatewayFailure {
        GatewayFailure(
            .contentTooLarge,
            "the request body is larger than the gateway's limit of \(limit) bytes (server.max_body_size)",
            type: "invalid_request_error", code: "request_too_large")
    }

    static func overloaded(draining: Bool) -> GatewayFailure {
        var failure = GatewayFailure(
            .serviceUnavailable,
            draining
                ? "the gateway is shutting down; retry on another replica"
                : "the gateway is at its limit of concurrent requests (server.max_concurrent_requests); retry shortly",
            type: "service_unavailable_error", code: "overloaded")
        failure.retryAfter = 1
        return failure
    }
}
