/// Google Gemini (`generativelanguage.googleapis.com/v1beta`) wire format.
///
/// Streams use `\r\n` line endings, as Google's servers do; the last event carries
/// `finishReason` and the full `usageMetadata`. Without `alt=sse`, `:streamGenerateContent`
/// answers with a JSON array of the same chunks.
enum GeminiWire {
    // MARK: Errors

    static func errorBody(_ error: FakeError) -> JSON {
        let (status, message) = describe(error)
        var members: [(String, JSON)] = [
            ("code", .int(error.status)), ("message", .string(message)), ("status", .string(status)),
        ]
        if let delay = error.retryDelay {
            members.append(
                (
                    "details",
                    [
                        .object([
                            ("@type", "type.googleapis.com/google.rpc.RetryInfo"), ("retryDelay", .string(delay)),
                        ])
                    ]
                ))
        }
        return .object([("error", .object(members))])
    }

    static func streamErrorEvent(_ error: FakeError) -> String {
        SSEPlan.event(errorBody(error), crlf: true)
    }

    static let malformedEvent = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \r\n\r\n"

    private static func describe(_ error: FakeError) -> (status: String, message: String) {
        if error.quota {
            return (
                error.type ?? "RESOURCE_EXHAUSTED",
                error.message ?? "You exceeded your current quota, please check your plan and billing details."
            )
        }
        let status: String
        let message: String
        switch error.status {
        case 400: (status, message) = ("INVALID_ARGUMENT", "Request contains an invalid argument.")
        case 401: (status, message) = ("UNAUTHENTICATED", "Request had invalid authentication credentials.")
        case 402: (status, message) = ("FAILED_PRECONDITION", "Billing required.")
        case 403: (status, message) = ("PERMISSION_DENIED", "The caller does not have permission.")
        case 404: (status, message) = ("NOT_FOUND", "models/unknown is not found for API version v1beta.")
        case 429: (status, message) = ("RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).")
        case 499: (status, message) = ("CANCELLED", "The operation was cancelled.")
        case 503, 529: (status, message) = ("UNAVAILABLE", "The model is overloaded. Please try again later.")
        case 504: (status, message) = ("DEADLINE_EXCEEDED", "Deadline expired before operation could complete.")
        case 500...: (status, message) = ("INTERNAL", "An internal error has occurred.")
        default: (status, message) = ("FAILED_PRECONDITION", "Request failed.")
        }
        return (error.type ?? status, error.message ?? message)
    }

    // MARK: Generate content

    static func generate(_ x: FakeExchange, stream: Bool) throws -> FakeReply {
        guard x.json["contents"]?.arrayValue != nil else {
            throw BadRequest("* GenerateContentRequest.contents: contents is not specified")
        }
        let prompt = x.promptTokens
        func usage(_ candidates: Int) -> JSON {
            .object([
                ("promptTokenCount", .int(prompt)), ("candidatesTokenCount", .int(candidates)),
                ("totalTokenCount", .int(prompt + candidates)),
            ])
        }
        func response(_ parts: [JSON], finish: Bool, candidates: Int) -> JSON {
            var candidate: [(String, JSON)] = [("content", .object([("parts", .array(parts)), ("role", "model")]))]
            if finish { candidate.append(("finishReason", "STOP")) }
            candidate.append(("index", 0))
            return .object([
                ("candidates", [.object(candidate)]), ("usageMetadata", usage(candidates)),
                ("modelVersion", .string(x.model)), ("responseId", .string(FakeContent.id("fake-", x.id))),
            ])
        }
        let pieces: [JSON]
        if let call = x.toolCall {
            let args = JSON.parse(Array(call.arguments.utf8)) ?? .object([])
            pieces = [.object([("functionCall", .object([("name", .string(call.name)), ("args", args)]))])]
        } else {
            pieces = (stream ? x.textSlices : [x.fullText]).map { .object([("text", .string($0))]) }
        }
        guard stream else {
            return .json(response(pieces, finish: true, candidates: x.behavior.chunks))
        }
        let chunks = pieces.enumerated().map { index, part in response([part], finish: false, candidates: index + 1) }
        let last = response([.object([("text", "")])], finish: true, candidates: pieces.count)
        if x.query["alt"] != "sse" {
            return .json(.array(chunks + [last]))
        }
        var plan = SSEPlan()
        plan.content = chunks.map { SSEPlan.event($0, crlf: true) }
        plan.terminal = [SSEPlan.event(last, crlf: true)]
        return FakeReply(contentType: "text/event-stream", body: .stream(plan))
    }

    // MARK: Embeddings

    static func embed(_ x: FakeExchange) throws -> FakeReply {
        .json(.object([("embedding", try embedding(x.json, x: x))]))
    }

    static func batchEmbed(_ x: FakeExchange) throws -> FakeReply {
        guard let requests = x.json["requests"]?.arrayValue, !requests.isEmpty else {
            throw BadRequest("* BatchEmbedContentsRequest.requests: requests is not specified")
        }
        guard requests.count <= 100 else {
            throw BadRequest("* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch")
        }
        return .json(.object([("embeddings", .array(try requests.map { try embedding($0, x: x) }))]))
    }

    private static func embedding(_ request: JSON, x: FakeExchange) throws -> JSON {
        guard let parts = request["content"]?["parts"]?.arrayValue, !parts.isEmpty else {
            throw BadRequest("* EmbedContentRequest.content: content is not specified")
        }
        let text = parts.compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
        let dimensions =
            try OpenAIWire.requestedDimensions(request["outputDimensionality"])
            ?? x.behavior.dimensions ?? 8
        let vector = FakeContent.embedding(model: x.model, input: text, dimensions: dimensions)
        return .object([("values", FakeContent.json(vector))])
    }

    // MARK: Models

    static func models(_ ids: [String]) -> FakeReply {
        .json(
            .object([
                (
                    "models",
                    .array(
                        ids.map { id in
                            .object([
                                ("name", .string("models/\(id)")), ("version", "001"), ("displayName", .string(id)),
                                ("inputTokenLimit", 1_048_576), ("outputTokenLimit", 8_192),
                                ("supportedGenerationMethods", ["generateContent", "countTokens", "embedContent"]),
                            ])
                        })
                )
            ]))
    }
}
