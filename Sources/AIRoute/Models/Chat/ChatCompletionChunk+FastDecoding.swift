import Foundation

/// Streamed chunks, the hottest decode in airoute (see ``FastDecodable``): `routing` is left to
/// `JSONDecoder`.
extension ChatCompletionChunk: FastDecodable {
    init?(fast json: FastJSON) {
        guard case .object = json, json.isAbsent("routing"),
            let id = json.string("id", default: ""),
            let object = json.string("object", default: "chat.completion.chunk"),
            let created = json.integer("created", default: 0),
            let model = json.string("model", default: ""),
            let fingerprint = json.optionalString("system_fingerprint"),
            let usage = json.optionalObject("usage", Usage.init(fast:))
        else { return nil }
        var choices: [Choice] = []
        switch json["choices"] {
        case nil, .null?: break
        case .array(let values)?:
            choices.reserveCapacity(values.count)
            for value in values {
                guard let choice = Choice(fast: value) else { return nil }
                choices.append(choice)
            }
        default: return nil
        }
        self.init(
            id: id, object: object, created: created, model: model, choices: choices, usage: usage,
            systemFingerprint: fingerprint)
    }
}

extension ChatCompletionChunk.Choice {
    init?(fast json: FastJSON) {
        guard case .object = json, let index = json.integer("index", default: 0),
            let finishReason = json.optionalString("finish_reason")
        else { return nil }
        var delta = ChatCompletionChunk.Delta()
        switch json["delta"] {
        case nil, .null?: break
        case let value?:
            guard let decoded = ChatCompletionChunk.Delta(fast: value) else { return nil }
            delta = decoded
        }
        self.init(
            index: index, delta: delta, finishReason: finishReason.map(FinishReason.init(rawValue:)),
            logprobs: json.optionalJSON("logprobs"))
    }
}

extension ChatCompletionChunk.Delta {
    init?(fast json: FastJSON) {
        guard case .object = json, let role = json.optionalString("role"), let content = json.optionalString("content"),
            let refusal = json.optionalString("refusal")
        else { return nil }
        var toolCalls: [ToolCallDelta]?
        switch json["tool_calls"] {
        case nil, .null?: break
        case .array(let values)?:
            var calls: [ToolCallDelta] = []
            for value in values {
                guard let call = ToolCallDelta(fast: value) else { return nil }
                calls.append(call)
            }
            toolCalls = calls
        default: return nil
        }
        self.init(role: role.map(ChatRole.init(rawValue:)), content: content, toolCalls: toolCalls, refusal: refusal)
    }
}

extension ToolCallDelta {
    init?(fast json: FastJSON) {
        guard case .object = json, let index = json.integer("index", default: 0),
            let id = json.optionalString("id"), let type = json.optionalString("type")
        else { return nil }
        var function: FunctionDelta?
        switch json["function"] {
        case nil, .null?: break
        case let value?:
            guard case .object = value, let name = value.optionalString("name"),
                let arguments = value.optionalString("arguments")
            else { return nil }
            function = FunctionDelta(name: name, arguments: arguments)
        }
        self.init(index: index, id: id, type: type, function: function)
    }
}
