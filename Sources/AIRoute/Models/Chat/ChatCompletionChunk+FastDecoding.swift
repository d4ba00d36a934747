import Foundation

extension ChatCompletionChunk {
    /// Decodes a streamed chunk, the hottest decode in airoute: directly from ``FastJSON`` when the
    /// chunk has the ordinary shape, else with Foundation's `JSONDecoder` (which also reports
    /// malformed text). Both give the same value: the fast path takes exactly the fields and
    /// defaults of `init(from:)` and gives up — to `JSONDecoder` — on anything else (a value of
    /// an unexpected type, a number that is not a plain integer where an integer is expected,
    /// `usage` or `routing`, which come once per stream).
    static func decode(from data: Data) throws -> ChatCompletionChunk {
        if let json = FastJSONReader.parse(data), let chunk = ChatCompletionChunk(fast: json) {
            return chunk
        }
        return try SharedJSONDecoder.decoder.decode(ChatCompletionChunk.self, from: data)
    }

    /// The chunk, or `nil` when the JSON is not the ordinary shape.
    init?(fast json: FastJSON) {
        guard case .object = json, json.isAbsent("usage"), json.isAbsent("routing"),
            let id = json.string("id", default: ""),
            let object = json.string("object", default: "chat.completion.chunk"),
            let created = json.integer("created", default: 0),
            let model = json.string("model", default: ""),
            let fingerprint = json.optionalString("system_fingerprint")
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
        self.init(id: id, object: object, created: created, model: model, choices: choices, systemFingerprint: fingerprint)
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
        var logprobs: JSONValue?
        switch json["logprobs"] {
        case nil, .null?: break
        case let value?: logprobs = value.jsonValue
        }
        self.init(index: index, delta: delta, finishReason: finishReason.map(FinishReason.init(rawValue:)), logprobs: logprobs)
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

extension FastJSON {
    /// Whether `key` is absent or null.
    func isAbsent(_ key: String) -> Bool {
        switch self[key] {
        case nil, .null?: true
        default: false
        }
    }

    /// A string field that may be absent or null (`.some(nil)`); `nil` when it is another type.
    func optionalString(_ key: String) -> String?? {
        switch self[key] {
        case nil, .null?: .some(nil)
        case .string(let value)?: .some(value)
        default: nil
        }
    }

    /// A string field with a default for absent or null; `nil` when it is another type.
    func string(_ key: String, default fallback: String) -> String? {
        optionalString(key).map { $0 ?? fallback }
    }

    /// An integer field with a default for absent or null; `nil` when it is not a plain integer.
    func integer(_ key: String, default fallback: Int) -> Int? {
        switch self[key] {
        case nil, .null?: fallback
        case .number(_, let integer?)?: integer
        default: nil
        }
    }
}
