/// Maps a request's method and path to a wire format and an operation.
struct FakeRoute: Equatable {
    enum Operation: Equatable {
        case chat, embeddings, speech, transcription, images
        case messages
        case geminiGenerate(stream: Bool)
        case geminiEmbed, geminiBatchEmbed
        case listModels
        case file(String)
    }

    enum Failure: Error, Equatable {
        case notFound
        case methodNotAllowed
    }

    var wire: FakeWireFormat
    var operation: Operation
    /// The model named by the path (Azure deployment, Gemini model).
    var pathModel: String?

    /// Whether the operation is addressed to a model (and so is scripted and counted per model).
    var needsModel: Bool {
        switch operation {
        case .listModels, .file: return false
        default: return true
        }
    }

    private static let openAIOperations: [String: Operation] = [
        "chat/completions": .chat, "embeddings": .embeddings, "audio/speech": .speech,
        "audio/transcriptions": .transcription, "images/generations": .images,
    ]

    /// Resolves `path` (without query, not yet percent-decoded).
    static func resolve(method: String, path: String, isAnthropic: Bool) -> Result<FakeRoute, Failure> {
        let route: FakeRoute
        let expected: String
        if path.hasPrefix("/files/") {
            let name = String(path.dropFirst("/files/".count))
            guard !name.isEmpty, !name.contains("/") else { return .failure(.notFound) }
            (route, expected) = (FakeRoute(wire: .other, operation: .file(name)), "GET")
        } else if path == "/v1/models" {
            (route, expected) = (FakeRoute(wire: isAnthropic ? .anthropic : .openAI, operation: .listModels), "GET")
        } else if path == "/v1/messages" {
            (route, expected) = (FakeRoute(wire: .anthropic, operation: .messages), "POST")
        } else if path.hasPrefix("/v1/"), let op = openAIOperations[String(path.dropFirst(4))] {
            (route, expected) = (FakeRoute(wire: .openAI, operation: op), "POST")
        } else if path.hasPrefix("/openai/deployments/") {
            let rest = path.dropFirst("/openai/deployments/".count)
            guard let slash = rest.firstIndex(of: "/"),
                let op = openAIOperations[String(rest[rest.index(after: slash)...])],
                let deployment = percentDecoded(rest[..<slash]), !deployment.isEmpty
            else { return .failure(.notFound) }
            (route, expected) = (FakeRoute(wire: .azure, operation: op, pathModel: deployment), "POST")
        } else if path == "/v1beta/models" {
            (route, expected) = (FakeRoute(wire: .gemini, operation: .listModels), "GET")
        } else if path.hasPrefix("/v1beta/models/") {
            let rest = path.dropFirst("/v1beta/models/".count)
            guard let colon = rest.lastIndex(of: ":"), let model = percentDecoded(rest[..<colon]), !model.isEmpty,
                !model.contains("/")
            else { return .failure(.notFound) }
            let operation: Operation
            switch rest[rest.index(after: colon)...] {
            case "generateContent": operation = .geminiGenerate(stream: false)
            case "streamGenerateContent": operation = .geminiGenerate(stream: true)
            case "embedContent": operation = .geminiEmbed
            case "batchEmbedContents": operation = .geminiBatchEmbed
            default: return .failure(.notFound)
            }
            (route, expected) = (FakeRoute(wire: .gemini, operation: operation, pathModel: model), "POST")
        } else {
            return .failure(.notFound)
        }
        return method == expected ? .success(route) : .failure(.methodNotAllowed)
    }

    /// Splits a request target into path and query parameters.
    static func split(uri: String) -> (path: String, query: [String: String]) {
        guard let mark = uri.firstIndex(of: "?") else { return (uri, [:]) }
        var query: [String: String] = [:]
        for pair in uri[uri.index(after: mark)...].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            guard let key = percentDecoded(kv[0]) else { continue }
            query[key] = kv.count > 1 ? percentDecoded(kv[1]) ?? "" : ""
        }
        return (String(uri[..<mark]), query)
    }

    /// Percent-decodes `s` (and `+` as space is *not* applied); `nil` on a malformed escape or invalid UTF-8.
    static func percentDecoded(_ s: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(s.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
