import Foundation

/// Streamed chunks, the hottest decode in airoute (see ``FastDecodable``): `routing` and a delta
/// whose content is a list of parts are left to `JSONDecoder`. Undeclared fields go to `extra`
/// exactly as `init(from:)` puts them there.
extension ChatCompletionChunk: FastDecodable {
    static let declaredKeys = DeclaredKeys(CodingKeys.self)

    init?(fast json: FastJSON) {
        guard case .object = json, json.isAbsent("routing"),
            let id = json.string("id", default: ""),
            let object = json.string("object", default: "chat.completion.chunk"),
            let created = json.integer("created", default: 0),
            let model = json.string("model", default: ""),
            let choices = json.optionalArray("choices", Choice.init(fast:)),
            let fingerprint = json.optionalString("system_fingerprint"),
            let usage = json.optionalObject("usage", Usage.init(fast:)),
            let serviceTier = json.optionalString("service_tier"),
            let obfuscation = json.optionalString("obfuscation")
        else { return nil }
        self.init(
            id: id, object: object, created: created, model: model, choices: choices ?? [], usage: usage,
            systemFingerprint: fingerprint, serviceTier: serviceTier, obfuscation: obfuscation,
            extra: json.unknownMembers(Self.declaredKeys))
    }
}

extension ChatCompletionChunk.Choice {
    static let declaredKeys = DeclaredKeys(CodingKeys.self)

    init?(fast json: FastJSON) {
        guard case .object = json, let index = json.integer("index", default: 0),
            let delta = json.optionalObject("delta", ChatCompletionChunk.Delta.init(fast:)),
            let finishReason = json.optionalString("finish_reason")
        else { return nil }
        self.init(
            index: index, delta: delta ?? ChatCompletionChunk.Delta(),
            finishReason: finishReason.map(FinishReason.init(rawValue:)), logprobs: json.optionalJSON("logprobs"),
            extra: json.unknownMembers(Self.declaredKeys))
    }
}

extension ChatCompletionChunk.Delta {
    static let declaredKeys = DeclaredKeys(CodingKeys.self)

    init?(fast json: FastJSON) {
        guard case .object = json, let role = json.optionalString("role"), let content = json.optionalString("content"),
            let toolCalls = json.optionalArray("tool_calls", ToolCallDelta.init(fast:)),
            let refusal = json.optionalString("refusal"),
            let reasoning = json.optionalString("reasoning_content")
        else { return nil }
        self.init(
            role: role.map(ChatRole.init(rawValue:)), content: content, toolCalls: toolCalls, refusal: refusal,
            reasoningContent: reasoning, extra: json.unknownMembers(Self.declaredKeys))
    }
}
