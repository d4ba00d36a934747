/// Classifies provider answers into ``ErrorClass`` the same way for every provider.
///
/// Structured signals come first (status, the provider's error `code`/`type`/`status`
/// strings); message text is only a fallback for providers that signal nothing else.
///
/// Provider and HTTP knowledge, used by the wire formats and the mock provider; open to the
/// benchmarks as `@_spi(Testing)`. The router sees only the resulting ``ErrorClass``.
@_spi(Testing) public enum ErrorClassifier {
    /// Structured codes that mean quota or billing exhaustion (OpenAI, Anthropic, others).
    static let quotaCodes: Set<String> = [
        "insufficient_quota", "credit_balance_exhausted", "organization_spend_limit_exceeded",
        "project_spend_limit_exceeded", "organization_usage_limit_exceeded", "enforced_spend_limit_reached",
        "billing_hard_limit_reached", "billing_not_active", "payment_required",
    ]
    static let contextCodes: Set<String> = [
        "context_length_exceeded", "string_above_max_length", "context_window_exceeded",
        "model_context_window_exceeded", "exceed_context_size_error",
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
    /// Codes that say this member cannot serve the model (OpenAI, Anthropic, Azure, vLLM's
    /// `NotFoundError`, Together's serverless/dedicated-endpoint codes).
    static let notFoundCodes: Set<String> = [
        "model_not_found", "not_found_error", "not_found", "deploymentnotfound", "notfounderror",
        "model_not_available", "dedicated_endpoint_not_running",
    ]
    static let rateLimitCodes: Set<String> = ["rate_limit_exceeded", "rate_limit_error", "resource_exhausted"]

    /// Statuses outside the named ones (see ``classify(status:codes:message:retryHint:)``) that
    /// mean "try again, maybe elsewhere": 408 Request Timeout, 409 Conflict, 421 Misdirected
    /// Request, 425 Too Early, 498 (Groq: "Flex Tier Capacity Exceeded", a temporary error) and
    /// 499 (a proxy's "client closed request": the upstream gave up, not the caller).
    public static let transientClientStatuses: Set<Int> = [408, 409, 421, 425, 498, 499]

    /// Classifies an HTTP error answer.
    ///
    /// Structured signals decide: the status, the provider's codes and whether the answer
    /// carried a wait hint (`Retry-After` and friends). The message text only breaks ties those
    /// leave open: a 429 with neither a rate-limit code nor a wait hint that talks about quota or
    /// billing is quota; a 400 that says the *model* does not exist is `not_found`.
    ///
    /// Statuses the table does not name: every 5xx is transient; so are 1xx/3xx and
    /// ``transientClientStatuses``; 410 Gone is `not_found`; any other 4xx is `invalid_request`
    /// unless its structured code says rate limit, not found or overload.
    ///
    /// - Parameters:
    ///   - status: the HTTP status (an in-band stream error passes the status it implies, or 200).
    ///   - codes: every structured code the body carried (`error.code`, `error.type`, `error.status`,
    ///     Google `details[].reason`), in any case.
    ///   - message: the provider's message, used only when structured signals say nothing.
    ///   - retryHint: whether the answer carried a well-formed wait hint (`Retry-After`,
    ///     `retry-after-ms`, Google `RetryInfo`…): on a 429 it means "rate limited, come back".
    public static func classify(
        status: Int, codes: [String] = [], message: String? = nil, retryHint: Bool = false
    ) -> ErrorClass {
        let lowered = codes.map { $0.lowercased() }
        func has(_ set: Set<String>) -> Bool { lowered.contains { set.contains($0) } }
        let text = message?.lowercased() ?? ""

        if has(quotaCodes) || status == 402 { return .quota }
        if has(contextCodes) { return .contextLength }
        if has(contentFilterCodes) { return .contentFilter }
        if has(authCodes) || status == 401 || status == 403 { return .auth }
        switch status {
        case 429:
            if has(rateLimitCodes) || retryHint { return .rateLimited }
            return mentionsQuota(text) ? .quota : .rateLimited
        case 404, 410:
            return .notFound
        case 500...599:
            return .transient
        case _ where transientClientStatuses.contains(status):
            return .transient
        case 400, 413, 422:
            if has(rateLimitCodes) { return .rateLimited }
            if has(notFoundCodes) || mentionsUnknownModel(text) { return .notFound }
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
        case 100..<200, 300..<400:
            return .transient
        default:
            if has(rateLimitCodes) { return .rateLimited }
            if has(notFoundCodes) { return .notFound }
            if has(overloadCodes) { return .transient }
            return .invalidRequest
        }
    }

    /// A 429 text that speaks of money rather than pace (used only when no rate-limit code or
    /// wait hint came with it).
    static func mentionsQuota(_ text: String) -> Bool {
        text.contains("insufficient_quota") || text.contains("exceeded your current quota")
            || text.contains("spend limit") || text.contains("billing")
    }

    /// Whether a 400's message says the requested *model* is unknown to this server (a proxy
    /// such as LiteLLM, vLLM or Ollama that does not serve it), as opposed to a complaint about
    /// the caller's parameters.
    static func mentionsUnknownModel(_ text: String) -> Bool {
        // LiteLLM's "Invalid model name passed in model=…"; Ollama's older "model not found, try
        // pulling it first"; OpenAI's code echoed in the text by some proxies.
        let phrases = ["invalid model name", "model_not_found", "model not found", "model does not exist"]
        if phrases.contains(where: { text.contains($0) }) { return true }
        // "The model `gpt-5` does not exist", "model 'llama3' not found, try pulling it first":
        // the word "model" directly followed by one quoted name, then the verdict.
        for verdict in [" does not exist", " not found"] {
            var rest = Substring(text)
            while let range = rest.firstRange(of: "model ") {
                let after = rest[range.upperBound...]
                if let quote = after.first, "`'\"".contains(quote),
                    let close = after.dropFirst().firstIndex(of: quote),
                    after[after.index(after: close)...].hasPrefix(verdict)
                {
                    return true
                }
                rest = after
            }
        }
        return false
    }

    static func mentionsContextLength(_ text: String) -> Bool {
        let phrases = [
            "maximum context length", "context length", "context window", "prompt is too long",
            "input is too long", "too many tokens", "exceeds the maximum number of tokens", "reduce the length",
            "contextwindowexceedederror",
        ]
        return phrases.contains { text.contains($0) }
    }

    static func mentionsContentFilter(_ text: String) -> Bool {
        text.contains("content policy") || text.contains("content management policy")
            || text.contains("safety system") || text.contains("contentpolicyviolationerror")
    }
}
