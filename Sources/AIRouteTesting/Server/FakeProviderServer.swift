import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A loopback HTTP server that speaks the OpenAI-compatible, Azure OpenAI, Anthropic and
/// Gemini wire formats, with deterministic answers and scripted faults.
///
/// It binds `127.0.0.1` on a free port — never any other address — so tests never reach the
/// internet. Behaviour is scripted per model (the body's `model`, the Azure deployment or the
/// Gemini path model): a queue of ``FakeBehavior``s consumed one per request, then the
/// model's default, then the server-wide default (``FakeBehavior/ok(text:chunks:toolCall:dimensions:)``).
///
/// ```swift
/// try await FakeProviderServer.withServer { server in
///     server.script(model: "gpt-a", [.status(503), .ok()])
///     // point an OpenAI-compatible provider at server.openAIBaseURL …
///     #expect(server.requestCount(model: "gpt-a") == 2)
/// }
/// ```
///
/// Every request is recorded (see ``requests``), including whether the client closed the
/// connection while it was in flight (``FakeRequest/closedByClient``). All methods are
/// thread-safe.
public final class FakeProviderServer: Sendable, LoopbackService {
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    struct State {
        var scripts: [String: [FakeBehavior]] = [:]
        var modelDefaults: [String: FakeBehavior] = [:]
        var serverDefault: FakeBehavior = .ok()
        var registeredModels: Set<String> = []
        var requests: [FakeRequest] = []
        var nextRequestID = 1
    }

    /// The largest request body accepted; larger ones get 413.
    static let maxRequestBody = 64 * 1024 * 1024

    /// The listening socket, its connections and the event loop group.
    let listener: LoopbackListener
    let state = Mutex(State())

    /// Creates a server; call ``start()`` before use and ``shutdown()`` after, or use ``withServer(eventLoopGroup:isolation:_:)``.
    ///
    /// - Parameter eventLoopGroup: The group to run on. `nil` (the default) creates a
    ///   one-thread group that ``shutdown()`` shuts down; a group you pass stays yours.
    public init(eventLoopGroup: (any EventLoopGroup)? = nil) {
        listener = LoopbackListener(eventLoopGroup: eventLoopGroup)
    }

    /// Starts a server, runs `body` with it, and shuts it down — also when `body` throws.
    ///
    /// - Parameters:
    ///   - eventLoopGroup: See ``init(eventLoopGroup:)``.
    ///   - body: The code using the server.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws, or a bind/shutdown error.
    public static func withServer<T>(
        eventLoopGroup: (any EventLoopGroup)? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (FakeProviderServer) async throws -> T
    ) async throws -> T {
        try await FakeProviderServer(eventLoopGroup: eventLoopGroup).running(isolation: isolation, body)
    }

    /// Binds `127.0.0.1:0` and starts accepting connections.
    ///
    /// - Throws: When the server was already started, or binding fails.
    public func start() async throws {
        try await listener.start(
            wrap: { (channel: any Channel) throws -> Connection in
                try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                return try Connection(wrappingChannelSynchronously: channel)
            },
            serve: { (connection: Connection) in await self.handle(connection) })
    }

    /// Stops accepting, closes every open connection (hanging and stalled ones included),
    /// waits for their handlers to finish, and shuts down the event loop group if the server owns it.
    /// Calling it again does nothing.
    ///
    /// - Throws: When shutting down the owned event loop group fails.
    public func shutdown() async throws {
        try await listener.shutdown()
    }

    // MARK: Addresses

    /// The bound port (0 before ``start()``).
    public var port: Int { listener.port }

    /// The origin, `http://127.0.0.1:PORT`: the Anthropic base URL, and the Azure endpoint.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The OpenAI-compatible base URL, `http://127.0.0.1:PORT/v1`.
    public var openAIBaseURL: String { baseURL + "/v1" }

    /// The Anthropic base URL, `http://127.0.0.1:PORT` (paths `/v1/messages`, `/v1/models`).
    public var anthropicBaseURL: String { baseURL }

    /// The Gemini base URL, `http://127.0.0.1:PORT/v1beta` (paths `/models/MODEL:generateContent`, …).
    public var geminiBaseURL: String { baseURL + "/v1beta" }

    /// The Azure OpenAI endpoint, `http://127.0.0.1:PORT` (paths `/openai/deployments/DEPLOYMENT/…`).
    public var azureBaseURL: String { baseURL }

    /// The base URL a provider of this wire format should be configured with.
    public func baseURL(for wire: FakeWireFormat) -> String {
        switch wire {
        case .openAI: return openAIBaseURL
        case .gemini: return geminiBaseURL
        case .anthropic, .azure, .other: return baseURL
        }
    }

    // MARK: Scripting

    /// Appends `behaviors` to `model`'s queue: each request to `model` consumes the next one;
    /// when the queue is empty, the model's default applies.
    public func script(model: String, _ behaviors: [FakeBehavior]) {
        state.withLock { state in
            state.scripts[model, default: []].append(contentsOf: behaviors)
            state.registeredModels.insert(model)
        }
    }

    /// Sets what `model` does once its script queue is empty.
    public func setDefault(model: String, behavior: FakeBehavior) {
        state.withLock { state in
            state.modelDefaults[model] = behavior
            state.registeredModels.insert(model)
        }
    }

    /// Sets what every model without its own default does (initially `.ok()`).
    public func setDefault(_ behavior: FakeBehavior) {
        state.withLock { $0.serverDefault = behavior }
    }

    /// Adds model ids to the `/models` listings (scripted models are listed automatically).
    public func registerModels(_ ids: [String]) {
        state.withLock { $0.registeredModels.formUnion(ids) }
    }

    /// How many scripted behaviours are still queued for `model`.
    public func remainingScript(model: String) -> Int {
        state.withLock { $0.scripts[model]?.count ?? 0 }
    }

    /// Forgets all scripts and defaults (models stay listed).
    public func resetScripts() {
        state.withLock { state in
            state.scripts = [:]
            state.modelDefaults = [:]
            state.serverDefault = .ok()
        }
    }

    /// The behaviour for the next request to `model`, consuming its script.
    func nextBehavior(model: String) -> FakeBehavior {
        state.withLock { state in
            if var queue = state.scripts[model], !queue.isEmpty {
                let next = queue.removeFirst()
                state.scripts[model] = queue
                return next
            }
            return state.modelDefaults[model] ?? state.serverDefault
        }
    }

    var listedModels: [String] { state.withLock { $0.registeredModels.sorted() } }

    // MARK: Observation

    /// Every request received so far, in arrival order.
    public var requests: [FakeRequest] { state.withLock { $0.requests } }

    /// The requests addressed to `model`.
    public func requests(model: String) -> [FakeRequest] {
        state.withLock { $0.requests.filter { $0.model == model } }
    }

    /// How many requests were addressed to `model`.
    public func requestCount(model: String) -> Int {
        state.withLock { $0.requests.count { $0.model == model } }
    }

    /// How many requests had this path (query excluded), e.g. `/v1/chat/completions`.
    public func requestCount(path: String) -> Int {
        state.withLock { $0.requests.count { $0.path == path } }
    }

    /// How many requests were received in total.
    public var requestCount: Int { state.withLock { $0.requests.count } }

    /// How many requests to `model` the client abandoned by closing the connection while they
    /// were in flight (hanging, stalled, delayed or mid-response).
    public func disconnects(model: String) -> Int {
        state.withLock { $0.requests.count { $0.model == model && $0.closedByClient } }
    }

    /// Forgets the request log (scripts are kept).
    public func clearRequests() {
        state.withLock { $0.requests = [] }
    }

    /// Waits until `condition` holds for the request log, polling every 10 ms, up to `timeout`.
    ///
    /// Useful after cancelling a client: `try await server.waitUntil { $0.contains(where: \.closedByClient) }`.
    /// - Returns: Whether the condition held before the timeout.
    @discardableResult
    public func waitUntil(
        timeout: Duration = .seconds(20), _ condition: @Sendable ([FakeRequest]) -> Bool
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(requests) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition(requests)
    }

    func record(_ make: (Int) -> FakeRequest) -> Int {
        state.withLock { state in
            let request = make(state.nextRequestID)
            state.nextRequestID += 1
            state.requests.append(request)
            return request.id
        }
    }

    func update(request id: Int, _ change: (inout FakeRequest) -> Void) {
        state.withLock { state in
            guard let index = state.requests.lastIndex(where: { $0.id == id }) else { return }
            change(&state.requests[index])
        }
    }
}

/// Errors of the fake server's lifecycle.
public enum FakeServerError: Error, Sendable {
    /// ``FakeProviderServer/start()`` or ``FaultProxy/start()`` was called twice.
    case alreadyStarted
}
