import NIOCore
import NIOHTTP1
import Synchronization

// MARK: Connections and routing

extension FakeProviderServer {
    /// Serves one connection: reads requests (head, body, end) and answers each in turn.
    func handle(_ connection: Connection) async {
        let channel = connection.channel
        guard listener.track(channel) else {
            try? await channel.close()
            return
        }
        defer { listener.untrack(channel) }
        let io = ConnectionIO(channel: channel, server: self)
        do {
            try await connection.executeThenClose { inbound, _ in
                var head: HTTPRequestHead?
                var body: [UInt8] = []
                var tooLarge = false
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                        body = []
                        tooLarge = false
                    case .body(let buffer):
                        if body.count + buffer.readableBytes > Self.maxRequestBody {
                            tooLarge = true
                            body = []
                        } else if !tooLarge {
                            body += buffer.readableBytesView
                        }
                    case .end:
                        guard let requestHead = head else { continue }
                        head = nil
                        let keepOpen = await respond(to: requestHead, body: body, tooLarge: tooLarge, io: io)
                        if !keepOpen { return }
                    }
                }
            }
        } catch {
            // The client went away or sent garbage (the pipeline already answered 400); nothing to do.
        }
    }

    /// Answers one request; returns whether the connection stays open for the next one.
    private func respond(to head: HTTPRequestHead, body: [UInt8], tooLarge: Bool, io: ConnectionIO) async -> Bool {
        let (path, query) = FakeRoute.split(uri: head.uri)
        let resolved = FakeRoute.resolve(
            method: head.method.rawValue, path: path, isAnthropic: head.headers.contains(name: "anthropic-version"))
        let route = try? resolved.get()
        let errorWire: FakeWireFormat = route?.wire ?? (path.hasPrefix("/v1beta") ? .gemini : .openAI)

        let (json, form, parseError) = Self.readBody(body, of: head, route: route, tooLarge: tooLarge)
        let model = route?.pathModel ?? json["model"]?.stringValue ?? form?["model"]?.text
        let isStream = json["stream"]?.boolValue == true || route?.operation == .geminiGenerate(stream: true)

        let id = record { id in
            FakeRequest(
                id: id, method: head.method.rawValue, uri: head.uri, path: path, model: model,
                wire: route?.wire ?? .other, isStream: isStream,
                headers: head.headers.map { (name: $0.name, value: $0.value) }, body: body,
                receivedAt: .now)
        }
        io.begin(id)
        let keepAlive = head.isKeepAlive && !tooLarge
        let responder = Responder(server: self, io: io, requestID: id, wire: errorWire, keepAlive: keepAlive)

        if tooLarge {
            return await responder.error(FakeError(status: 413, message: "Request body too large."))
        }
        let operationRoute: FakeRoute
        switch resolved {
        case .failure(.notFound):
            return await responder.error(
                FakeError(
                    status: 404, type: errorWire == .gemini ? "NOT_FOUND" : nil,
                    message: "No such route: \(head.method.rawValue) \(path)"))
        case .failure(.methodNotAllowed):
            return await responder.error(FakeError(status: 405, message: "Method \(head.method.rawValue) not allowed."))
        case .success(let r):
            operationRoute = r
        }
        if let parseError {
            return await responder.error(FakeError(status: 400, message: parseError))
        }
        if let keepOpen = await serveWithoutModel(operationRoute, responder: responder) { return keepOpen }
        guard let model, !model.isEmpty else {
            return await responder.error(FakeError(status: 400, message: "You must provide a model parameter."))
        }
        let behavior = nextBehavior(model: model)
        let exchange = FakeExchange(
            id: id, model: model, json: json, body: body, contentType: head.headers.first(name: "content-type"),
            query: query, behavior: behavior, origin: baseURL)
        return await responder.run(behavior) { try Self.reply(to: operationRoute.operation, exchange, form: form) }
    }

    /// The request body, read as the route expects: JSON, a multipart form, or why it is neither.
    private static func readBody(
        _ body: [UInt8], of head: HTTPRequestHead, route: FakeRoute?, tooLarge: Bool
    )
        -> (json: JSON, form: Multipart?, parseError: String?)
    {
        if tooLarge { return (.null, nil, nil) }
        if route?.operation == .transcription {
            if let contentType = head.headers.first(name: "content-type"),
                let boundary = Multipart.boundary(contentType: contentType),
                let parsed = Multipart(body: body, boundary: boundary)
            {
                return (.null, parsed, nil)
            }
            return (.null, nil, "Expected a multipart/form-data body with a 'file' part.")
        }
        if !body.isEmpty, route?.needsModel == true {
            guard let parsed = JSON.parse(body) else {
                return (.null, nil, "We could not parse the JSON body of your request.")
            }
            return (parsed, nil, nil)
        }
        return (.null, nil, nil)
    }

    /// Answers the routes that name no model (model listings, generated files); `nil` for the others.
    private func serveWithoutModel(_ route: FakeRoute, responder: Responder) async -> Bool? {
        switch route.operation {
        case .listModels:
            let ids = listedModels
            let reply: FakeReply
            switch route.wire {
            case .anthropic: reply = AnthropicWire.models(ids)
            case .gemini: reply = GeminiWire.models(ids)
            default: reply = OpenAIWire.models(ids)
            }
            return await responder.run(.ok(), reply: { reply })
        case .file(let name):
            guard name.hasSuffix(".png") else {
                return await responder.error(FakeError(status: 404, message: "No such file: \(name)"))
            }
            return await responder.run(
                .ok(),
                reply: {
                    FakeReply(contentType: "image/png", body: .bytes(MediaFixtures.png(seed: name)))
                })
        default:
            return nil
        }
    }

    /// The well-behaved answer to a model's request, in its wire format.
    private static func reply(
        to operation: FakeRoute.Operation, _ exchange: FakeExchange, form: Multipart?
    ) throws
        -> FakeReply
    {
        switch operation {
        case .chat: return try OpenAIWire.chat(exchange)
        case .embeddings: return try OpenAIWire.embeddings(exchange)
        case .speech: return try OpenAIWire.speech(exchange)
        case .transcription:
            guard let form else { throw BadRequest("Expected a multipart/form-data body.") }
            return try OpenAIWire.transcription(exchange, form: form)
        case .images: return try OpenAIWire.images(exchange)
        case .messages: return try AnthropicWire.messages(exchange)
        case .geminiGenerate(let stream): return try GeminiWire.generate(exchange, stream: stream)
        case .geminiEmbed: return try GeminiWire.embed(exchange)
        case .geminiBatchEmbed: return try GeminiWire.batchEmbed(exchange)
        case .listModels, .file: throw BadRequest("Unsupported operation.")
        }
    }
}

// MARK: Wire-specific rendering

extension FakeWireFormat {
    func errorBody(_ error: FakeError, requestID: Int) -> JSON {
        switch self {
        case .anthropic: return AnthropicWire.errorBody(error, requestID: requestID)
        case .gemini: return GeminiWire.errorBody(error)
        case .openAI, .azure, .other: return OpenAIWire.errorBody(error)
        }
    }

    func streamErrorEvent(_ error: FakeError) -> String {
        switch self {
        case .anthropic: return AnthropicWire.streamErrorEvent(error)
        case .gemini: return GeminiWire.streamErrorEvent(error)
        case .openAI, .azure, .other: return OpenAIWire.streamErrorEvent(error)
        }
    }

    var malformedEvent: String {
        switch self {
        case .anthropic: return AnthropicWire.malformedEvent
        case .gemini: return GeminiWire.malformedEvent
        case .openAI, .azure, .other: return OpenAIWire.malformedEvent
        }
    }

    /// Headers every answer of this wire carries (request ids as the real services send them).
    func baseHeaders(requestID: Int) -> [(String, String)] {
        let requestIDValue = FakeContent.id("req_fake_", requestID)
        switch self {
        case .anthropic: return [("request-id", requestIDValue)]
        case .openAI, .azure: return [("x-request-id", requestIDValue), ("openai-processing-ms", "1")]
        case .gemini, .other: return []
        }
    }
}
