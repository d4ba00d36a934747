/// Classifies provider answers into ``ErrorClass`` the same way for every provider.
///
/// Structured signals come first (status, the provider's error `code`/`type`/`status`
/// strings); message text is only a fallback for providers that signal nothing else.
public enum ErrorClassifier {
    /// Structured codes that mean quota or billing exhaustion (OpenAI, Anthropic, others).
    static let quotaCodes: Set<String> = [
        "insufficient_quota", "credit_balance_exhausted", "organization_spend_limit_exceeded",
        "project_spend_limit_exceeded", "organization_usage_limit_exceeded", "enforced_spend_limit_reached",
        "billing_hard_limit_reached", "billing_not_active", "payment_required",
    ]
    static let contextCodes: Set<String> = [
        "context_length_exceeded", "string_above_max_length", "context_window_exceeded",
        "model_context_window_exceeded",
    ]
    static let contentFilterCodes: Set<String> = [
        "content_policy_violation", "content_filter", "content_filtered", "safety", "responsible_ai_policy_violation",
    ]
    static let authCodes: Set<String> = [
        "invalid_api_key", "authentication_error", "permission_error", "unauthenticated", "permission_denied",
        "api_key_invalid", "invalid_authentication",
    ]
    static let overloadCodes: Set<String> = [
        "overloaded_error", "overloaded", "server_error", "api_error", "unavailable", "internal", "service_unavailable",
        "deadline_exceeded", "timeout",
    ]
    static let notFoundCodes: Set<String> = ["model_not_found", "not_found_error", "not_found", "deploymentnotfound"]
    static let rateLimitCodes: Set<String> = ["rate_limit_exceeded", "rate_limit_error", "resource_exhausted"]

    /// Classifies an HTTP error answer.
    ///
    /// - Parameters:
    ///   - status: the HTTP status (an in-band stream error passes the status it implies, or 200).
    ///   - codes: every structured code the body carried (`error.code`, `error.type`, `error.status`,
    ///     Google `details[].reason`), in any case.
    ///   - message: the provider's message, used only when structured codes say nothing.
    public static func classify(status: Int, codes: [String] = [], message: String? = nil) -> ErrorClass {
        let lowered = codes.map { $0.lowercased() }
        func has(_ set: Set<String>) -> Bool { lowered.contains { set.contains($0) } }
        let text = message?.lowercased() ?? ""

        if has(quotaCodes) || status == 402 { return .quota }
        if has(contextCodes) { return .contextLength }
        if has(contentFilterCodes) { return .contentFilter }
        if has(authCodes) || status == 401 || status == 403 { return .auth }
        switch status {
        case 429:
            if text.contains("insufficient_quota") || text.contains("exceeded your current quota")
                || text.contains("spend limit") || text.contains("billing")
            {
                return .quota
            }
            return .rateLimited
        case 404:
            return .notFound
        case 408, 409, 425:
            return .transient
        case 500...599:
            return .transient
        case 400, 413, 422:
            if has(rateLimitCodes) { return .rateLimited }
            if has(notFoundCodes) { return .notFound }
            if mentionsContextLength(text) { return .contextLength }
            if mentionsContentFilter(text) { return .contentFilter }
            return .invalidRequest
        case 200..<300:
            // An in-band error inside a successful HTTP answer.
            if has(rateLimitCodes) { return .rateLimited }
            if has(notFoundCodes) { return .notFound }
            if mentionsContextLength(text) { return .contextLength }
            if has(overloadCodes) { return .transient }
            if lowered.contains("invalid_request_error") || lowered.contains("invalid_argument") {
                return .invalidRequest
            }
            return .transient
        case 300..<400:
            return .transient
        default:
            if has(rateLimitCodes) { return .rateLimited }
            if has(notFoundCodes) { return .notFound }
            return .invalidRequest
        }
    }

    static func mentionsContextLength(_ text: String) -> Bool {
        let phrases = [
            "maximum context length", "context length", "context window", "prompt is too long",
            "input is too long", "too many tokens", "exceeds the maximum number of tokens", "reduce the length",
        ]
        return phrases.contains { text.contains($0) }
    }

    static func mentionsContentFilter(_ text: String) -> Bool {
        text.contains("content policy") || text.contains("content management policy")
            || text.contains("safety system")
    }
}
