import AIRoute

/// What `airoute chat` makes of a reply's first choice: an answer, a refusal, or an answer a
/// content filter withheld.
///
/// - A refusal (`message.refusal`) is the model's answer: it is printed on standard output and
///   standard error says it was a refusal; the exit status is 0.
/// - A `content_filter` finish without a refusal means the provider withheld the answer, whole or
///   in part (Azure's filters, Gemini's safety stops, Anthropic's `refusal` stop reason): whatever
///   text came is printed, standard error gives a one-line reason, and the exit status is 1, as
///   for a prompt the provider's filter rejects.
struct ChatAnswer {
    /// The answer's text (empty when there is none).
    var text: String
    /// The model's refusal, when it refused.
    var refusal: String?
    /// Why generation stopped.
    var finishReason: FinishReason?
    /// The choice's undeclared fields, where providers explain a filtered answer.
    var extra: [String: JSONValue]
    /// The token usage, when known (a stream's, when its provider reported it).
    var usage: Usage?
    /// How the call was routed.
    var routing: RoutingInfo?

    init(_ choice: CompletionResponse.Choice?) {
        text = choice?.message.text ?? ""
        refusal = choice?.message.refusal.flatMap { $0.isEmpty ? nil : $0 }
        finishReason = choice?.finishReason
        extra = choice?.extra ?? [:]
    }

    /// The answer of a whole response, with its usage and routing.
    init(_ response: CompletionResponse) {
        self.init(response.choices.first)
        usage = response.usage
        routing = response.routing
    }

    /// The answer a stream built, with the usage its last chunk reported.
    init(_ reply: ChatCompletionAccumulator, routing: RoutingInfo) {
        self.init(reply.makeResponse().choices.first)
        usage = reply.usage
        self.routing = routing
    }

    /// What standard output shows: the text, else the refusal.
    var printed: String { text.isEmpty ? refusal ?? "" : text }

    /// Whether a content filter withheld the answer, whole or in part.
    var isWithheld: Bool { finishReason == .contentFilter && refusal == nil }

    /// Says on standard error that the model refused; throws (exit 1) when a content filter
    /// withheld the answer.
    func report(on console: Console) throws {
        if isWithheld {
            var message =
                text.isEmpty
                ? "the provider's content filter withheld the answer"
                : "the provider's content filter cut the answer short"
            if let detail = filterDetail { message += " (\(detail))" }
            throw CommandFailure(message, .rejected)
        }
        if refusal != nil {
            console.warning("the model refused to answer (its refusal is the answer printed)")
        }
    }

    /// The provider's reason for a filtered answer, in one line: Anthropic's `stop_details`
    /// (category, explanation), the categories Azure's `content_filter_results` flagged, or the
    /// provider's own stop reason (Gemini's `SAFETY`, `RECITATION`…).
    var filterDetail: String? {
        if let details = extra["stop_details"]?.objectValue {
            let parts = ["type", "category", "explanation"].compactMap { details[$0]?.stringValue }.filter {
                !$0.isEmpty
            }
            return parts.isEmpty ? nil : Self.oneLine(parts.joined(separator: ": "))
        }
        if let results = extra["content_filter_results"]?.objectValue {
            let flagged = results.keys.sorted().compactMap { category -> String? in
                guard let result = results[category], result["filtered"] == .bool(true) else { return nil }
                return result["severity"]?.stringValue.map { "\(category): \($0)" } ?? category
            }
            if !flagged.isEmpty { return flagged.joined(separator: ", ") }
        }
        return extra["native_finish_reason"]?.stringValue.map(Self.oneLine)
    }

    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 }.prefix(200))
    }
}
