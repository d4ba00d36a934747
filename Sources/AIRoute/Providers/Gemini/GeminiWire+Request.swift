import Foundation

// The `generateContent` request body and its translation from an OpenAI-shaped ``ChatCompletionRequest``.

extension GeminiWire {
    struct GenerateBody: Encodable {
        var contents: [Content]
        var systemInstruction: Content?
        var tools: [ToolBody]?
        var toolConfig: ToolConfig?
        var generationConfig: GenerationConfig?
        var safetySettings: JSONValue?
    }

    struct Content: Encodable, Equatable {
        var role: String?
        var parts: [Part]
    }

    /// A request part.
    enum Part: Encodable, Equatable {
        case text(String)
        case inlineData(mimeType: String, data: String)
        case fileData(mimeType: String, fileURI: String)
        case functionCall(name: String, args: JSONValue, thoughtSignature: String?)
        case functionResponse(name: String, response: JSONValue)

        private enum CodingKeys: String, CodingKey {
            case text, inlineData, fileData, functionCall, functionResponse, thoughtSignature
        }

        private enum FieldKeys: String, CodingKey {
            case mimeType, data, fileUri, name, args, response
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .text(let text):
                try container.encode(text, forKey: .text)
            case .inlineData(let mimeType, let data):
                var fields = container.nestedContainer(keyedBy: FieldKeys.self, forKey: .inlineData)
                try fields.encode(mimeType, forKey: .mimeType)
                try fields.encode(data, forKey: .data)
            case .fileData(let mimeType, let fileURI):
                var fields = container.nestedContainer(keyedBy: FieldKeys.self, forKey: .fileData)
                try fields.encode(mimeType, forKey: .mimeType)
                try fields.encode(fileURI, forKey: .fileUri)
            case .functionCall(let name, let args, let signature):
                var fields = container.nestedContainer(keyedBy: FieldKeys.self, forKey: .functionCall)
                try fields.encode(name, forKey: .name)
                try fields.encode(args, forKey: .args)
                try container.encodeIfPresent(signature, forKey: .thoughtSignature)
            case .functionResponse(let name, let response):
                var fields = container.nestedContainer(keyedBy: FieldKeys.self, forKey: .functionResponse)
                try fields.encode(name, forKey: .name)
                try fields.encode(response, forKey: .response)
            }
        }

        var isFunctionCall: Bool {
            if case .functionCall = self { true } else { false }
        }
    }

    struct ToolBody: Encodable {
        var functionDeclarations: [FunctionDeclaration]
    }

    struct FunctionDeclaration: Encodable {
        var name: String
        var description: String?
        var parameters: JSONValue?
    }

    struct ToolConfig: Encodable, Equatable {
        var functionCallingConfig: FunctionCallingConfig
    }

    struct FunctionCallingConfig: Encodable, Equatable {
        var mode: String
        var allowedFunctionNames: [String]?
    }

    struct GenerationConfig: Encodable, Equatable {
        var temperature: Double?
        var topP: Double?
        var topK: Int?
        var maxOutputTokens: Int?
        var stopSequences: [String]?
        var candidateCount: Int?
        var seed: Int?
        var presencePenalty: Double?
        var frequencyPenalty: Double?
        var responseMimeType: String?
        var responseSchema: JSONValue?
        var thinkingConfig: JSONValue?
    }

    /// The signature Google documents for replayed function calls that carry none (history from
    /// another model or provider): Gemini 3 rejects a step's first function call without one.
    static let foreignThoughtSignature = "skip_thought_signature_validator"

    // MARK: Translation

    /// Translates an OpenAI-shaped chat request into a `generateContent` body.
    static func generateBody(_ request: ChatCompletionRequest) throws -> GenerateBody {
        let (system, contents) = try translateMessages(request.messages)
        let declarations = (request.tools ?? []).map { tool in
            FunctionDeclaration(
                name: tool.function.name, description: tool.function.description,
                parameters: tool.function.parameters.flatMap(parametersSchema))
        }
        var body = GenerateBody(
            contents: contents, systemInstruction: system.map { Content(role: nil, parts: [.text($0)]) },
            tools: declarations.isEmpty ? nil : [ToolBody(functionDeclarations: declarations)],
            toolConfig: declarations.isEmpty ? nil : toolConfig(request.toolChoice))
        var config = GenerationConfig(
            temperature: request.temperature, topP: request.topP, maxOutputTokens: request.effectiveMaxTokens,
            stopSequences: request.stop.flatMap { $0.sequences.isEmpty ? nil : $0.sequences },
            candidateCount: request.n, seed: request.seed, presencePenalty: request.presencePenalty,
            frequencyPenalty: request.frequencyPenalty)
        switch request.responseFormat {
        case .jsonObject?:
            config.responseMimeType = "application/json"
        case .jsonSchema(let format)?:
            config.responseMimeType = "application/json"
            // An object without properties is refused as a schema: it asks for JSON mode anyway.
            config.responseSchema = format.schema.flatMap(parametersSchema)
        case .text?, nil:
            break
        }
        config.topK = request.extra["top_k"]?.intValue ?? request.extra["topK"]?.intValue
        config.thinkingConfig = request.extra["thinking_config"] ?? request.extra["thinkingConfig"]
        body.generationConfig = config == GenerationConfig() ? nil : config
        body.safetySettings = request.extra["safety_settings"] ?? request.extra["safetySettings"]
        return body
    }

    static func toolConfig(_ choice: ToolChoice?) -> ToolConfig? {
        guard let choice else { return nil }
        switch choice {
        case .auto: return ToolConfig(functionCallingConfig: .init(mode: "AUTO"))
        case .none: return ToolConfig(functionCallingConfig: .init(mode: "NONE"))
        case .required: return ToolConfig(functionCallingConfig: .init(mode: "ANY"))
        case .function(let name):
            return ToolConfig(functionCallingConfig: .init(mode: "ANY", allowedFunctionNames: [name]))
        }
    }

    /// Splits the conversation into the system instruction and `contents`: assistant → `model`;
    /// tool results → `functionResponse` parts of a user turn, named after the call they answer;
    /// consecutive turns of one role merged; each model turn's first function call signed.
    static func translateMessages(_ input: [ChatMessage]) throws -> (system: String?, contents: [Content]) {
        var systemTexts: [String] = []
        var contents: [Content] = []
        var functionNames: [String: String] = [:]
        func append(_ role: String, _ parts: [Part]) {
            guard !parts.isEmpty else { return }
            if contents.last?.role == role {
                contents[contents.count - 1].parts += parts
            } else {
                contents.append(Content(role: role, parts: parts))
            }
        }
        for message in input {
            switch message.role {
            case .system, .developer:
                if let text = message.text, !text.isEmpty { systemTexts.append(text) }
            case .assistant:
                var parts = try contentParts(message.content)
                for call in message.toolCalls ?? [] {
                    functionNames[call.id] = call.function.name
                    let args = try WireTranslation.argumentsObject(call.function.arguments, call: call.id)
                    parts.append(.functionCall(name: call.function.name, args: args, thoughtSignature: nil))
                }
                append("model", parts)
            case .tool:
                let id = message.toolCallID ?? ""
                guard let name = functionNames[id] ?? message.name else {
                    throw UpstreamFailure(
                        .invalidRequest, message: "the tool message for '\(id)' answers no earlier tool call")
                }
                append("user", [.functionResponse(name: name, response: functionResponse(message.content))])
            default:
                append("user", try contentParts(message.content))
            }
        }
        for index in contents.indices where contents[index].role == "model" {
            if let first = contents[index].parts.firstIndex(where: \.isFunctionCall),
                case .functionCall(let name, let args, nil) = contents[index].parts[first]
            {
                contents[index].parts[first] = .functionCall(
                    name: name, args: args, thoughtSignature: foreignThoughtSignature)
            }
        }
        return (systemTexts.isEmpty ? nil : systemTexts.joined(separator: "\n\n"), contents)
    }

    /// A tool result as Gemini's `response` object: `{"content": …}`, holding the result as JSON
    /// when it is a JSON object or array, else as text.
    static func functionResponse(_ content: MessageContent?) -> JSONValue {
        let text = WireTranslation.text(of: content)
        if let value = JSONValue(parsing: Data(text.utf8)) {
            switch value {
            case .object, .array: return ["content": value]
            default: break
            }
        }
        return ["content": .string(text)]
    }

    /// The parts of a user or assistant message's content: images as `inlineData` (a `data:` URL)
    /// or `fileData` (any other URL), `input_audio` as `inlineData` of its format's MIME type.
    static func contentParts(_ content: MessageContent?) throws -> [Part] {
        switch content {
        case nil: return []
        case .text(let text): return text.isEmpty ? [] : [.text(text)]
        case .parts(let parts):
            return try parts.compactMap { part -> Part? in
                switch part {
                case .text(let text): return text.isEmpty ? nil : .text(text)
                case .imageURL(let image):
                    if let data = WireTranslation.dataURL(image.url) {
                        return .inlineData(mimeType: data.mediaType, data: data.base64)
                    }
                    return .fileData(mimeType: WireTranslation.imageMediaType(forURL: image.url), fileURI: image.url)
                case .other:
                    if let audio = part.inputAudio {
                        return .inlineData(mimeType: ContentPart.audioMIMEType(format: audio.format), data: audio.data)
                    }
                    try WireTranslation.rejectUnsupported(part, provider: "gemini")
                    return nil
                }
            }
        }
    }
}
