import Foundation

/// Whole completions, decoded on every non-streaming call (see ``FastDecodable``): `routing` and
/// messages whose content is a list of parts are left to `JSONDecoder`. Undeclared fields go to
/// `extra` exactly as `init(from:)` puts them there.
extension CompletionResponse: FastDecodable {
    static let declaredKeys = DeclaredKeys(CodingKeys.self)

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
    static let declaredKeys = DeclaredKeys(CodingKeys.self)

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
