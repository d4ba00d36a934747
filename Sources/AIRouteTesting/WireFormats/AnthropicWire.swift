/// Anthropic Messages wire format.
enum AnthropicWire {
    // MARK: Errors

    static func errorBody(_ error: FakeError, requestID: Int) -> JSON {
        .object([
            ("type", "error"),
            ("error", errorObject(error)),
            ("request_id", .string(FakeContent.id("req_fake_", requestID))),
        ])
    }

    static func streamErrorEvent(_ error: FakeError) -> String {
        SSEPlan.event(.object([("type", "error"), ("error", errorObject(error))]), name: "error")
    }

    static let malformedEvent = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\n\n"

    private static func errorObject(_ error: FakeError) -> JSON {
        let type: String
        let message: String
        if error.quota {
            (type, message) = ("rate_limit_error", "You have reached your specified workspace API usage limits.")
        } else {
            switch error.status {
            case 400: (type, message) = ("invalid_request_error", "Invalid request.")
            case 401: (type, message) = ("authentication_error", "invalid x-api-key")
            case 402: (type, message) = ("billing_error", "Your credit balance is too low.")
            case 403:
                (type, message) = (
                    "permission_error", "Your API key does not have permission to use the specified resource."
                )
            case 404: (type, message) = ("not_found_error", "model: not found")
            case 413: (type, message) = ("request_too_large", "Request exceeds the maximum allowed number of bytes.")
            case 429:
                (type, message) = (
                    "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit."
                )
            case 503, 529: (type, message) = ("overloaded_error", "Overloaded")
            case 504: (type, message) = ("timeout_error", "Request timed out.")
            default:
                (type, message) = (error.status >= 500 ? "api_error" : "invalid_request_error", "Internal server error")
            }
        }
        var members: [(String, JSON)] = [
            ("type", .string(error.type ?? type)), ("message", .string(error.message ?? message)),
        ]
        if let code = error.code ?? (error.quota ? "enforced_spend_limit_reached" : nil) {
            members.append(("details", .object([("error_code", .string(code))])))
        }
        return .object(members)
    }

    // MARK: Messages

    static func messages(_ x: FakeExchange) throws -> FakeReply {
        guard x.json["messages"]?.arrayValue != nil else { throw BadRequest("messages: Field required") }
        guard x.json["max_tokens"]?.intValue != nil else { throw BadRequest("max_tokens: Field required") }
        let id = FakeContent.id("msg_fake_", x.id)
        let toolID = FakeContent.id("toolu_fake_", x.id)
        if x.json["stream"]?.boolValue == true {
            return FakeReply(
                contentType: "text/event-stream; charset=utf-8",
                body: .stream(stream(x, id: id, toolID: toolID)))
        }
        let content: JSON
        let stop: String
        let output: Int
        if let call = x.toolCall {
            let input = JSON.parse(Array(call.arguments.utf8)) ?? .object([])
            content = [
                .object([
                    ("type", "tool_use"), ("id", .string(toolID)), ("name", .string(call.name)),
                    ("input", input),
                ])
            ]
            stop = "tool_use"
            output = FakeContent.fragments(of: call.arguments, count: x.behavior.chunks).count
        } else {
            content = [.object([("type", "text"), ("text", .string(x.fullText))])]
            stop = "end_turn"
            output = x.behavior.chunks
        }
        return .json(
            .object([
                ("id", .string(id)), ("type", "message"), ("role", "assistant"), ("model", .string(x.model)),
                ("content", content), ("stop_reason", .string(stop)), ("stop_sequence", .null),
                ("usage", .object([("input_tokens", .int(x.promptTokens)), ("output_tokens", .int(output))])),
            ]))
    }

    private static func stream(_ x: FakeExchange, id: String, toolID: String) -> SSEPlan {
        func event(_ name: String, _ members: [(String, JSON)]) -> String {
            SSEPlan.event(.object([("type", .string(name))] + members), name: name)
        }
        var plan = SSEPlan()
        plan.preamble.append(
            event(
                "message_start",
                [
                    (
                        "message",
                        .object([
                            ("id", .string(id)), ("type", "message"), ("role", "assistant"),
                            ("model", .string(x.model)),
                            ("content", []), ("stop_reason", .null), ("stop_sequence", .null),
                            ("usage", .object([("input_tokens", .int(x.promptTokens)), ("output_tokens", 1)])),
                        ])
                    )
                ]))
        let stop: String
        if let call = x.toolCall {
            plan.preamble.append(
                event(
                    "content_block_start",
                    [
                        ("index", 0),
                        (
                            "content_block",
                            .object([
                                ("type", "tool_use"), ("id", .string(toolID)), ("name", .string(call.name)),
                                ("input", .object([])),
                            ])
                        ),
                    ]))
            plan.content = FakeContent.fragments(of: call.arguments, count: x.behavior.chunks).map {
                event(
                    "content_block_delta",
                    [
                        ("index", 0),
                        ("delta", .object([("type", "input_json_delta"), ("partial_json", .string($0))])),
                    ])
            }
            stop = "tool_use"
        } else {
            plan.preamble.append(
                event(
                    "content_block_start",
                    [
                        ("index", 0), ("content_block", .object([("type", "text"), ("text", "")])),
                    ]))
            plan.content = x.textSlices.map {
                event(
                    "content_block_delta",
                    [("index", 0), ("delta", .object([("type", "text_delta"), ("text", .string($0))]))])
            }
            stop = "end_turn"
        }
        plan.preamble.append(event("ping", []))
        plan.terminal = [
            event("content_block_stop", [("index", 0)]),
            event(
                "message_delta",
                [
                    ("delta", .object([("stop_reason", .string(stop)), ("stop_sequence", .null)])),
                    ("usage", .object([("output_tokens", .int(plan.content.count))])),
                ]),
            event("message_stop", []),
        ]
        return plan
    }

    // MARK: Models

    static func models(_ ids: [String]) -> FakeReply {
        .json(
            .object([
                (
                    "data",
                    .array(
                        ids.map { id in
                            .object([
                                ("type", "model"), ("id", .string(id)), ("display_name", .string(id)),
                                ("created_at", "2025-01-01T00:00:00Z"),
                            ])
                        })
                ),
                ("has_more", false),
                ("first_id", ids.first.map(JSON.string) ?? .null),
                ("last_id", ids.last.map(JSON.string) ?? .null),
            ]))
    }
}
