#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// OpenAI-compatible (and Azure OpenAI) wire format.
enum OpenAIWire {
    // MARK: Errors

    static func errorBody(_ error: FakeError) -> JSON {
        let (type, code, message) = describe(error)
        return .object([
            (
                "error",
                .object([
                    ("message", .string(message)), ("type", .string(type)), ("param", .null),
                    ("code", code.map(JSON.string) ?? .null),
                ])
            )
        ])
    }

    static func streamErrorEvent(_ error: FakeError) -> String {
        SSEPlan.event(errorBody(error))
    }

    static let malformedEvent = "data: {\"id\":\"chatcmpl-broken\",\"choices\":[{\"delta\":{\"content\":\n\n"

    private static func describe(_ error: FakeError) -> (type: String, code: String?, message: String) {
        if error.quota {
            return (
                error.type ?? "insufficient_quota", error.code ?? "insufficient_quota",
                error.message ?? "You exceeded your current quota, please check your plan and billing details."
            )
        }
        let type: String
        var code = error.code
        let message: String
        switch error.status {
        case 400: (type, message) = ("invalid_request_error", "Invalid request.")
        case 401:
            (type, message) = ("invalid_request_error", "Incorrect API key provided.")
            code = code ?? "invalid_api_key"
        case 403: (type, message) = ("invalid_request_error", "Country, region, or territory not supported.")
        case 404:
            (type, message) = ("invalid_request_error", "The model does not exist or you do not have access to it.")
            code = code ?? "model_not_found"
        case 409: (type, message) = ("invalid_request_error", "Conflict.")
        case 413: (type, message) = ("invalid_request_error", "Request too large.")
        case 422: (type, message) = ("invalid_request_error", "Unprocessable entity.")
        case 429:
            (type, message) = ("requests", "Rate limit reached for requests. Please try again later.")
            code = code ?? "rate_limit_exceeded"
        case 503: (type, message) = ("server_error", "The engine is currently overloaded, please try again later.")
        case 529: (type, message) = ("server_error", "Overloaded.")
        case 500...: (type, message) = ("server_error", "The server had an error while processing your request.")
        default: (type, message) = ("invalid_request_error", "Request failed.")
        }
        return (error.type ?? type, code, error.message ?? message)
    }

    // MARK: Chat completions

    static func chat(_ x: FakeExchange) throws -> FakeReply {
        guard x.json["messages"]?.arrayValue != nil else {
            throw BadRequest("Missing required parameter: 'messages'.")
        }
        let id = FakeContent.id("chatcmpl-fake-", x.id)
        let prompt = x.promptTokens
        if x.json["stream"]?.boolValue == true {
            return FakeReply(contentType: "text/event-stream; charset=utf-8", body: .stream(chatStream(x, id: id)))
        }
        let message: JSON
        let finish: String
        let completion: Int
        if let call = x.toolCall {
            message = .object([
                ("role", "assistant"), ("content", .null),
                (
                    "tool_calls",
                    .array([
                        .object([
                            ("id", .string(call.id)), ("type", "function"),
                            (
                                "function",
                                .object([("name", .string(call.name)), ("arguments", .string(call.arguments))])
                            ),
                        ])
                    ])
                ),
                ("refusal", .null),
            ])
            finish = "tool_calls"
            completion = FakeContent.fragments(of: call.arguments, count: x.behavior.chunks).count
        } else {
            message = .object([("role", "assistant"), ("content", .string(x.fullText)), ("refusal", .null)])
            finish = "stop"
            completion = x.behavior.chunks
        }
        return .json(
            .object([
                ("id", .string(id)), ("object", "chat.completion"), ("created", .int(FakeContent.created)),
                ("model", .string(x.model)),
                (
                    "choices",
                    .array([
                        .object([
                            ("index", 0), ("message", message), ("logprobs", .null), ("finish_reason", .string(finish)),
                        ])
                    ])
                ),
                ("usage", usage(prompt: prompt, completion: completion)),
                ("system_fingerprint", "fp_airoute_fake"),
            ]))
    }

    private static func usage(prompt: Int, completion: Int) -> JSON {
        .object([
            ("prompt_tokens", .int(prompt)), ("completion_tokens", .int(completion)),
            ("total_tokens", .int(prompt + completion)),
        ])
    }

    private static func chatStream(_ x: FakeExchange, id: String) -> SSEPlan {
        let includeUsage = x.json["stream_options"]?["include_usage"]?.boolValue == true
        func chunk(_ delta: JSON, finish: String? = nil) -> String {
            var members: [(String, JSON)] = [
                ("id", .string(id)), ("object", "chat.completion.chunk"), ("created", .int(FakeContent.created)),
                ("model", .string(x.model)), ("system_fingerprint", "fp_airoute_fake"),
                (
                    "choices",
                    .array([
                        .object([
                            ("index", 0), ("delta", delta), ("logprobs", .null),
                            ("finish_reason", finish.map(JSON.string) ?? .null),
                        ])
                    ])
                ),
            ]
            if includeUsage { members.append(("usage", .null)) }
            return SSEPlan.event(.object(members))
        }
        var plan = SSEPlan()
        plan.preamble = [chunk(.object([("role", "assistant"), ("content", ""), ("refusal", .null)]))]
        let finish: String
        let completion: Int
        if let call = x.toolCall {
            plan.preamble.append(
                chunk(
                    .object([
                        (
                            "tool_calls",
                            .array([
                                .object([
                                    ("index", 0), ("id", .string(call.id)), ("type", "function"),
                                    ("function", .object([("name", .string(call.name)), ("arguments", "")])),
                                ])
                            ])
                        )
                    ])))
            let fragments = FakeContent.fragments(of: call.arguments, count: x.behavior.chunks)
            plan.content = fragments.map { fragment in
                chunk(
                    .object([
                        (
                            "tool_calls",
                            .array([
                                .object([
                                    ("index", 0), ("function", .object([("arguments", .string(fragment))])),
                                ])
                            ])
                        )
                    ]))
            }
            finish = "tool_calls"
            completion = fragments.count
        } else {
            plan.content = x.textSlices.map { chunk(.object([("content", .string($0))])) }
            finish = "stop"
            completion = plan.content.count
        }
        plan.terminal = [chunk(.object([]), finish: finish)]
        if includeUsage {
            plan.terminal.append(
                SSEPlan.event(
                    .object([
                        ("id", .string(id)), ("object", "chat.completion.chunk"),
                        ("created", .int(FakeContent.created)),
                        ("model", .string(x.model)), ("system_fingerprint", "fp_airoute_fake"), ("choices", []),
                        ("usage", usage(prompt: x.promptTokens, completion: completion)),
                    ])))
        }
        plan.terminal.append("data: [DONE]\n\n")
        return plan
    }

    // MARK: Embeddings

    static func embeddings(_ x: FakeExchange) throws -> FakeReply {
        let inputs = try embeddingInputs(x.json["input"])
        let dimensions = try requestedDimensions(x.json["dimensions"]) ?? x.behavior.dimensions ?? 8
        let base64: Bool
        switch x.json["encoding_format"]?.stringValue {
        case nil, "float": base64 = false
        case "base64": base64 = true
        case let other?: throw BadRequest("Invalid value for 'encoding_format': '\(other)'.")
        }
        let data: [JSON] = inputs.enumerated().map { index, input in
            let vector = FakeContent.embedding(model: x.model, input: input, dimensions: dimensions)
            return .object([
                ("object", "embedding"), ("index", .int(index)),
                ("embedding", base64 ? .string(FakeContent.base64(vector)) : FakeContent.json(vector)),
            ])
        }
        let tokens = FakeContent.tokenCount(inputs)
        return .json(
            .object([
                ("object", "list"), ("data", .array(data)), ("model", .string(x.model)),
                ("usage", .object([("prompt_tokens", .int(tokens)), ("total_tokens", .int(tokens))])),
            ]))
    }

    static func requestedDimensions(_ value: JSON?) throws -> Int? {
        guard let value, value != .null else { return nil }
        guard let n = value.intValue, (1...65_536).contains(n) else {
            throw BadRequest("Invalid value for 'dimensions': must be an integer between 1 and 65536.")
        }
        return n
    }

    /// The most inputs one embeddings request may carry, as on api.openai.com.
    static let maxEmbeddingInputs = 2048

    private static func embeddingInputs(_ input: JSON?) throws -> [String] {
        switch input {
        case .string(let s)?: return [s]
        case .array(let items)? where items.count > maxEmbeddingInputs:
            // What api.openai.com answers to more than 2,048 inputs.
            throw BadRequest(
                "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.")
        case .array(let items)? where !items.isEmpty:
            return try items.map { item in
                switch item {
                case .string(let s): return s
                case .int(let i): return String(i)
                case .array(let tokens): return tokens.map(\.serialized).joined(separator: " ")
                default: throw BadRequest("Invalid 'input': expected strings or token arrays.")
                }
            }
        default: throw BadRequest("'input' must be a non-empty string or array.")
        }
    }

    // MARK: Speech

    static let speechContentTypes = [
        "mp3": "audio/mpeg", "opus": "audio/ogg", "aac": "audio/aac", "flac": "audio/flac",
        "wav": "audio/wav", "pcm": "audio/pcm",
    ]

    static func speech(_ x: FakeExchange) throws -> FakeReply {
        guard let input = x.json["input"]?.stringValue, !input.isEmpty else {
            throw BadRequest("Missing required parameter: 'input'.")
        }
        guard let voice = x.json["voice"]?.stringValue, !voice.isEmpty else {
            throw BadRequest("Missing required parameter: 'voice'.")
        }
        let format = x.json["response_format"]?.stringValue ?? "mp3"
        guard let contentType = speechContentTypes[format] else {
            throw BadRequest("Invalid value for 'response_format': '\(format)'.")
        }
        let seed = "\(x.model)|\(voice)|\(input)"
        let bytes: [UInt8]
        switch format {
        case "wav": bytes = MediaFixtures.wav(seed: seed)
        case "pcm": bytes = MediaFixtures.pcm(seed: seed)
        default: bytes = MediaFixtures.audio(format: format, seed: seed)
        }
        return FakeReply(contentType: contentType, body: .bytes(bytes))
    }

    // MARK: Transcriptions

    static func transcription(_ x: FakeExchange, form: Multipart) throws -> FakeReply {
        guard let file = form["file"], !file.data.isEmpty else {
            throw BadRequest("Missing required parameter: 'file'.")
        }
        let fileName = file.fileName ?? "audio"
        let text = x.behavior.text ?? "Transcript of \(fileName) by \(x.model)."
        let language = form["language"]?.text
        let duration = MediaFixtures.wavDuration(file.data) ?? 1.0
        let format = form["response_format"]?.text ?? "json"
        let end = timestamp(duration, separator: ",")
        switch format {
        case "json":
            return .json(.object([("text", .string(text))]))
        case "text":
            return .text(text + "\n")
        case "srt":
            return .text("1\n00:00:00,000 --> \(end)\n\(text)\n\n")
        case "vtt":
            return .text(
                "WEBVTT\n\n00:00:00.000 --> \(timestamp(duration, separator: "."))\n\(text)\n\n",
                contentType: "text/vtt; charset=utf-8")
        case "verbose_json":
            let tokens = JSON.array(text.split(separator: " ").indices.map { .int(50_000 + $0) })
            return .json(
                .object([
                    ("task", "transcribe"), ("language", .string(language ?? "english")),
                    ("duration", .double(duration)), ("text", .string(text)),
                    (
                        "segments",
                        .array([
                            .object([
                                ("id", 0), ("seek", 0), ("start", .double(0)), ("end", .double(duration)),
                                ("text", .string(" " + text)), ("tokens", tokens), ("temperature", .double(0)),
                                ("avg_logprob", .double(-0.25)), ("compression_ratio", .double(1.0)),
                                ("no_speech_prob", .double(0.01)),
                            ])
                        ])
                    ),
                ]))
        default:
            throw BadRequest("Invalid value for 'response_format': '\(format)'.")
        }
    }

    private static func timestamp(_ seconds: Double, separator: String) -> String {
        let millis = Int((seconds * 1000).rounded())
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(millis / 3_600_000, 2)):\(pad(millis / 60_000 % 60, 2)):\(pad(millis / 1000 % 60, 2))"
            + separator + pad(millis % 1000, 3)
    }

    // MARK: Images

    static func images(_ x: FakeExchange) throws -> FakeReply {
        guard let prompt = x.json["prompt"]?.stringValue, !prompt.isEmpty else {
            throw BadRequest("Missing required parameter: 'prompt'.")
        }
        let count = x.json["n"]?.intValue ?? 1
        guard (1...10).contains(count) else { throw BadRequest("Invalid value for 'n': must be between 1 and 10.") }
        let format = x.json["response_format"]?.stringValue ?? "url"
        guard format == "url" || format == "b64_json" else {
            throw BadRequest("Invalid value for 'response_format': '\(format)'.")
        }
        let data: [JSON] = (0..<count).map { index in
            let name = "img-\(FakeContent.id("", x.id))-\(index + 1).png"
            let image: (String, JSON) =
                format == "url"
                ? ("url", .string("\(x.origin)/files/\(name)"))
                : ("b64_json", .string(Data(MediaFixtures.png(seed: name)).base64EncodedString()))
            return .object([image, ("revised_prompt", .string(prompt))])
        }
        return .json(.object([("created", .int(FakeContent.created)), ("data", .array(data))]))
    }

    // MARK: Models

    static func models(_ ids: [String]) -> FakeReply {
        .json(
            .object([
                ("object", "list"),
                (
                    "data",
                    .array(
                        ids.map { id in
                            .object([
                                ("id", .string(id)), ("object", "model"), ("created", .int(FakeContent.created)),
                                ("owned_by", "airoute-fake"),
                            ])
                        })
                ),
            ]))
    }
}
