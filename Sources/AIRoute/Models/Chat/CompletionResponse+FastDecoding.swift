import Foundation

/// Whole completions, decoded on every non-streaming call (see ``FastDecodable``): `routing` and
/// messages whose content is a list of parts are left to `JSONDecoder`. Undeclared fields go to
/// `extra` exactly as `init(from:)` puts them there.
extension CompletionResponse: FastDecodable {
    static let declaredKeys = Set(CodingKeys.allCases.map(\.stringValue))

    init?(fast json: FastJSON) {
        guard case .object = json, json.isAbsent("routing"),
            let id = json.requiredString("id"),
            let object = json.string("object", default: "chat.completion"),
            let created = json.integer("created", default: 0),
            let model = json.requiredString("model"),
            case let choices?? = json.optionalArray("choices", Choice.init(fast:)),  // required: absent or null is Foundation's error
            let usage = json.optionalObject("usage", Usage.init(fast:)),
            let fingerprint = json.optionalString("system_fingerprint"),
            let serviceTier = json.optionalString("service_tier")
        else { return nil }
        self.init(
            id: id, object: object, created: created, model: model, choices: choices, usage: usage,
            systemFingerprint: fingerprint, serviceTier: serviceTier, extra: json.unknownMembers(Self.declaredKeys))
    }
}

extension CompletionResponse.Choice {
    static let declaredKeys = Set(CodingKeys.allCases.map(\.stringValue))

    init?(fast json: FastJSON) {
        guard case .object = json, let index = json.integer("index", default: 0),
            let message = json["message"].flatMap(ChatMessage.init(fast:)),
            let finishReason = json.optionalString("finish_reason")
        else { return nil }
        self.init(
            index: index, message: message, finishReason: finishReason.map(FinishReason.init(rawValue:)),
            logprobs: json.optionalJSON("logprobs"), extra: json.unknownMembers(Self.declaredKeys))
    }
}

extension ChatMessage {
    static let declaredKeys = Set(CodingKeys.allCases.map(\.stringValue))

    /// A message whose content is text or null (a list of parts is left to `JSONDecoder`).
    init?(fast json: FastJSON) {
        guard case .object = json, let role = json.requiredString("role"),
            let content = json.optionalString("content"),
            let name = json.optionalString("name"),
            let toolCalls = json.optionalArray("tool_calls", ToolCall.init(fast:)),
            let toolCallID = json.optionalString("tool_call_id"),
            let refusal = json.optionalString("refusal"),
            let reasoning = json.optionalString("reasoning_content"),
            let annotations = json.optionalArray("annotations", { $0.jsonValue })
        else { return nil }
        self.init(
            role: ChatRole(rawValue: role), content: content.map(MessageContent.text), name: name,
            toolCalls: toolCalls, toolCallID: toolCallID, refusal: refusal, reasoningContent: reasoning,
            annotations: annotations, audio: json.optionalJSON("audio"), extra: json.unknownMembers(Self.declaredKeys))
    }
}

extension ToolCall {
    static let declaredKeys = Set(CodingKeys.allCases.map(\.stringValue))

    /// A function call; a missing `type` is `function` (a `custom` call is left to `JSONDecoder`).
    init?(fast json: FastJSON) {
        guard case .object = json, let id = json.requiredString("id"),
            let type = json.string("type", default: "function"),
            let function = json["function"], case .object = function,
            let name = function.requiredString("name"), let arguments = function.requiredString("arguments")
        else { return nil }
        self.init(
            id: id, type: type, function: FunctionCall(name: name, arguments: arguments),
            extra: json.unknownMembers(Self.declaredKeys))
    }
}

extension Usage {
    static let declaredKeys = Set(CodingKeys.allCases.map(\.stringValue))

    init?(fast json: FastJSON) {
        guard case .object = json,
            let prompt = json.integer("prompt_tokens", default: 0),
            let completion = json.integer("completion_tokens", default: 0),
            let total = json.optionalInteger("total_tokens"),
            json.isAbsent("estimated")  // airoute's own mark: left to Foundation
        else { return nil }
        self.init(
            promptTokens: prompt, completionTokens: completion, totalTokens: total,
            promptTokensDetails: json.optionalJSON("prompt_tokens_details"),
            completionTokensDetails: json.optionalJSON("completion_tokens_details"),
            extra: json.unknownMembers(Self.declaredKeys))
    }
}
