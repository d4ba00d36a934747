import Testing

@_spi(Testing) @testable import AIRoute

struct ErrorClassifierTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let status: Int
        let codes: [String]
        let message: String?
        let retryHint: Bool
        let expected: ErrorClass
        var testDescription: String {
            "\(status) \(codes)\(retryHint ? " +wait" : "") \(message?.prefix(40) ?? "") → \(expected.rawValue)"
        }
        init(_ status: Int, _ expected: ErrorClass) { self.init(status, [], nil, expected) }
        init(_ status: Int, _ codes: [String], _ message: String?, retryHint: Bool = false, _ expected: ErrorClass) {
            self.status = status
            self.codes = codes
            self.message = message
            self.retryHint = retryHint
            self.expected = expected
        }
    }

    static let table: [Case] = [
        Case(500, .transient), Case(502, .transient), Case(503, .transient), Case(504, .transient),
        Case(529, ["overloaded_error"], "Overloaded", .transient),
        Case(408, .transient), Case(409, .transient),
        Case(429, .rateLimited),
        Case(429, ["rate_limit_exceeded"], "Rate limit reached for requests", .rateLimited),
        Case(429, ["RESOURCE_EXHAUSTED"], nil, .rateLimited),
        Case(429, ["insufficient_quota"], nil, .quota),
        Case(429, ["rate_limit_error", "enforced_spend_limit_reached"], nil, .quota),
        Case(429, [], "You exceeded your current quota, please check your plan", .quota),
        Case(402, .quota),
        Case(401, .auth), Case(403, .auth),
        Case(400, ["INVALID_ARGUMENT", "API_KEY_INVALID"], "API key not valid", .auth),
        Case(404, .notFound), Case(404, ["model_not_found"], nil, .notFound),
        Case(400, ["context_length_exceeded"], nil, .contextLength),
        Case(400, ["invalid_request_error"], "prompt is too long: 210000 tokens > 200000 maximum", .contextLength),
        Case(
            400, ["INVALID_ARGUMENT"], "The input token count exceeds the maximum number of tokens allowed",
            .contextLength),
        Case(400, ["content_policy_violation"], nil, .contentFilter),
        Case(
            400, ["invalid_request_error"], "Your request was rejected as a result of our safety system", .contentFilter
        ),
        Case(400, .invalidRequest), Case(413, .invalidRequest), Case(422, .invalidRequest),
        Case(400, ["invalid_request_error"], "temperature must be at most 2", .invalidRequest),
        Case(200, ["overloaded_error"], "Overloaded", .transient),
        Case(200, ["server_error"], nil, .transient),
        Case(200, ["rate_limit_error"], nil, .rateLimited),
        Case(200, ["insufficient_quota"], nil, .quota),
    ]

    /// Groq's 429 text (quoted from the live service in groq-python and user reports): it always
    /// ends with a billing link, which must not turn a rate limit into quota.
    static let groqRateLimit =
        "Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_01kes94v04f9ramd2n1vj4gjnc` "
        + "service tier `on_demand` on tokens per minute (TPM): Limit 12000, Used 2542, Requested 9855. "
        + "Please try again in 1.984999999s. Need more tokens? Upgrade to Dev Tier today at "
        + "https://console.groq.com/settings/billing"

    /// Structured signals first; words only break ties; the rule for statuses the table does not name.
    static let signals: [Case] = [
        Case(429, ["tokens", "rate_limit_exceeded"], groqRateLimit, retryHint: true, .rateLimited),
        Case(429, ["tokens", "rate_limit_exceeded"], groqRateLimit, .rateLimited),
        Case(429, [], groqRateLimit, retryHint: true, .rateLimited),
        Case(429, [], "Your credit balance is too low; see billing", .quota),  // no code, no wait: words decide
        Case(429, ["insufficient_quota"], "You exceeded your current quota", retryHint: true, .quota),
        // Groq 498 "Flex Tier Capacity Exceeded" (console.groq.com/docs/errors): temporary.
        Case(498, [], "Flex tier capacity exceeded", .transient),
        Case(498, ["capacity_exceeded"], nil, .transient),
        Case(499, .transient), Case(425, .transient), Case(421, .transient),
        Case(410, .notFound),
        Case(405, .invalidRequest), Case(415, .invalidRequest), Case(451, .invalidRequest),
        Case(418, ["rate_limit_exceeded"], nil, .rateLimited),
        Case(501, .transient), Case(520, .transient), Case(599, .transient),
        Case(103, .transient),
    ]

    /// A 400 that says the *model* is unknown means this member cannot serve it; a 400 about the
    /// caller's parameters stays the caller's problem.
    static let modelOrParameters: [Case] = [
        // LiteLLM proxy (litellm/proxy/route_llm_request.py), as its exception handler wraps it.
        Case(
            400, ["None", "400"],
            "{'error': '/chat/completions: Invalid model name passed in model=gpt-5. "
                + "Call `/v1/models` to view available models for your key.'}", .notFound),
        // Ollama's OpenAI-compatible endpoint.
        Case(400, ["api_error"], #"model "llama3.2" not found, try pulling it first"#, .notFound),
        Case(400, [], "model 'llama3' not found", .notFound),
        // vLLM's message, relayed as a 400 by a proxy (vLLM itself answers 404).
        Case(400, ["NotFoundError"], "The model `meta-llama/Llama-3-8B` does not exist.", .notFound),
        Case(400, ["invalid_request_error", "model_not_found"], "The model `gpt-5` does not exist", .notFound),
        // The caller's parameters (OpenAI messages quoted from the live API).
        Case(
            400, ["invalid_request_error", "unsupported_parameter"],
            "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
            .invalidRequest),
        Case(
            400, ["invalid_request_error"], "Invalid value for 'temperature': must be between 0 and 2 for this model.",
            .invalidRequest),
        Case(400, ["invalid_request_error"], "The model `o1-mini` does not support 'tools'.", .invalidRequest),
        Case(400, [], "messages: model input must not be empty", .invalidRequest),
        // LiteLLM's content-policy error class, whatever status it wraps.
        Case(
            400, ["None", "400"],
            "litellm.ContentPolicyViolationError: litellm.ContentPolicyViolationError: AzureException - "
                + "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
            .contentFilter),
        Case(400, [], "litellm.ContextWindowExceededError: prompt has 9000 tokens", .contextLength),
    ]

    @Test(arguments: table + signals + modelOrParameters)
    func classifies(_ c: Case) {
        #expect(
            ErrorClassifier.classify(status: c.status, codes: c.codes, message: c.message, retryHint: c.retryHint)
                == c.expected)
    }
}
