import Testing
@testable import AIRouter

struct ErrorClassifierTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let status: Int
        let codes: [String]
        let message: String?
        let expected: ErrorClass
        var testDescription: String { "\(status) \(codes) → \(expected.rawValue)" }
        init(_ status: Int, _ expected: ErrorClass) { self.init(status, [], nil, expected) }
        init(_ status: Int, _ codes: [String], _ message: String?, _ expected: ErrorClass) {
            self.status = status
            self.codes = codes
            self.message = message
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
        Case(400, ["INVALID_ARGUMENT"], "The input token count exceeds the maximum number of tokens allowed", .contextLength),
        Case(400, ["content_policy_violation"], nil, .contentFilter),
        Case(400, ["invalid_request_error"], "Your request was rejected as a result of our safety system", .contentFilter),
        Case(400, .invalidRequest), Case(413, .invalidRequest), Case(422, .invalidRequest),
        Case(400, ["invalid_request_error"], "temperature must be at most 2", .invalidRequest),
        Case(200, ["overloaded_error"], "Overloaded", .transient),
        Case(200, ["server_error"], nil, .transient),
        Case(200, ["rate_limit_error"], nil, .rateLimited),
        Case(200, ["insufficient_quota"], nil, .quota),
    ]

    @Test(arguments: table)
    func classifies(_ c: Case) {
        #expect(ErrorClassifier.classify(status: c.status, codes: c.codes, message: c.message) == c.expected)
    }

    @Test func failoverAndHealthRulesFollowTheTable() {
        let failsOver: [ErrorClass: Bool] = [
            .transient: true, .rateLimited: true, .quota: true, .auth: true, .notFound: true, .contextLength: true,
            .contentFilter: false, .invalidRequest: false, .cancelled: false,
        ]
        let affectsHealth: [ErrorClass: Bool] = [
            .transient: true, .rateLimited: true, .quota: true, .auth: true, .notFound: true, .contextLength: false,
            .contentFilter: false, .invalidRequest: false, .cancelled: false,
        ]
        for c in ErrorClass.allCases {
            #expect(c.failsOver == failsOver[c], "\(c)")
            #expect(c.affectsHealth == affectsHealth[c], "\(c)")
        }
    }
}
