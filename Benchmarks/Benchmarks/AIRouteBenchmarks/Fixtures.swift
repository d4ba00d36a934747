import AIRoute
import AIRouter
import Foundation
import NIOCore

/// A deterministic generator (SplitMix64) for seeded random splits and weights.
struct SeededRandom: RandomNumberGenerator, Sendable {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Routers over mock providers (no I/O), with health seeded so that the decision meets open
/// circuits, excluded members and failing-but-closed ones.
final class RoutingFixture: Sendable {
    let router: ModelRouter
    let directRouter: ModelRouter
    let openRouter: ModelRouter
    let request: ChatCompletionRequest
    let requirements: Requirements

    init() {
        let settings = RoutingSettings(failureThreshold: 3, cooldown: .seconds(3600), maxCooldown: .seconds(3600))
        let providers = (0..<10).map {
            ProviderConfiguration(name: "p\($0)", type: .openai, baseURL: "https://p\($0).example/v1")
        }
        var models: [ModelConfiguration] = []
        for i in 0..<10 {
            // m3 and m6 lack streaming (excluded by the requirements); the rest can serve.
            let caps: CapabilitySet = (i == 3 || i == 6) ? [.chat] : [.chat, .streaming, .tools]
            models.append(
                ModelConfiguration(id: "m\(i)", provider: "p\(i)", capabilities: caps, contextWindow: 128_000))
        }
        let mixed = PoolConfiguration(
            name: "mixed", operation: .chat,
            members: (0..<10).map { PoolMember(model: "m\($0)", priority: $0 / 2 + 1) }, settings: settings)
        let direct = PoolConfiguration(
            name: "direct", operation: .chat, members: [PoolMember(model: "m9", priority: 1)], settings: settings)
        let open = PoolConfiguration(
            name: "open", operation: .chat,
            members: [
                PoolMember(model: "m0", priority: 1), PoolMember(model: "m1", priority: 2),
                PoolMember(model: "m9", priority: 3),
            ],
            settings: settings)
        let configuration = Configuration(
            defaults: settings, providers: providers, models: models, pools: [mixed, direct, open])

        // Health: m0, m1, m2 open (an hour); m4 with two recent failures (closed); others healthy.
        let clock = SystemClock()
        let now = clock.now()
        var seed: [String: MemberHealth] = [:]
        let fingerprinter = KeyFingerprinter.random()
        for i in 0..<10 {
            let id = RouteMember.healthID(model: models[i], provider: providers[i], fingerprinter: fingerprinter)
            var health = MemberHealth()
            switch i {
            case 0, 1, 2:
                for _ in 0..<3 { health.recordFailure(.transient, status: 500, at: now, settings: settings) }
            case 4:
                for _ in 0..<2 { health.recordFailure(.transient, status: 500, at: now, settings: settings) }
            default:
                health.recordSuccess(at: now, latency: .milliseconds(300))
            }
            seed[id] = health
        }
        router = ModelRouter(
            configuration: configuration, health: InMemoryHealthStore(seed, fingerprinter: fingerprinter), clock: clock)
        directRouter = ModelRouter(
            configuration: configuration, health: InMemoryHealthStore(seed, fingerprinter: fingerprinter), clock: clock)
        openRouter = ModelRouter(
            configuration: configuration, health: InMemoryHealthStore(seed, fingerprinter: fingerprinter), clock: clock)

        request = ChatCompletionRequest(
            model: "mixed",
            messages: [
                .system("You are a concise assistant."), .user("Summarise capability-driven routing in two sentences."),
            ],
            maxTokens: 256)
        requirements = Requirements(
            operation: .chat, capabilities: [.streaming], estimatedPromptTokens: request.estimatedPromptTokens,
            maxTokens: request.effectiveMaxTokens)
    }

    /// The routing decision: which member a streaming request goes to first.
    func decide() -> RouteMember? {
        guard let route = try? router.resolve(request.model, operation: .chat) else { return nil }
        // The requirements, derived from the request as the client does (its initializer is internal).
        var capabilities: CapabilitySet = [.streaming]
        if let tools = request.tools, !tools.isEmpty { capabilities.insert(.tools) }
        if request.hasImageParts { capabilities.insert(.vision) }
        let requirements = Requirements(
            operation: .chat, capabilities: capabilities, estimatedPromptTokens: request.estimatedPromptTokens,
            maxTokens: request.effectiveMaxTokens)
        let plan = router.plan(route, requirements: requirements)
        let now = router.clock.now()
        for member in plan.candidates {
            switch router.health.health(of: member.healthID).availability(at: now) {
            case .available, .probe: return member
            case .unavailable: continue
            }
        }
        return nil
    }
}

/// A 200-chunk OpenAI stream as the wire carries it, cut into random reads.
struct SSEFixture: Sendable {
    let pieces: [ByteBuffer]
    let bytes: Int

    init(chunks: Int, seed: UInt64) {
        var text = ""
        let words = [
            "routing", " capability", " pools", " failover", " the", " a", " model", " member", " health", ".",
        ]
        for i in 0..<chunks {
            let content = words[i % words.count]
            text +=
                #"data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1767225600,"model":"gpt-4o-mini","#
            text +=
                #""system_fingerprint":"fp_bench","choices":[{"index":0,"delta":{"content":"\#(content)"},"logprobs":null,"finish_reason":null}]}"#
            text += "\n\n"
        }
        text += "data: [DONE]\n\n"
        let all = Array(text.utf8)
        var rng = SeededRandom(seed: seed)
        var pieces: [ByteBuffer] = []
        var index = 0
        while index < all.count {
            let n = min(Int.random(in: 1...512, using: &rng), all.count - index)
            pieces.append(ByteBuffer(bytes: all[index..<(index + n)]))
            index += n
        }
        self.pieces = pieces
        self.bytes = all.count
    }
}

/// A typical chat request and response, and a 1536-dimension embedding response.
struct CodableFixture: Sendable {
    let request: ChatCompletionRequest
    let responseJSON: Data
    let embedding: EmbeddingResponse
    let embeddingJSON: Data

    init() {
        request = ChatCompletionRequest(
            model: "text-generation",
            messages: [
                .system("You are a helpful assistant. Answer briefly and cite no sources."),
                .user("What is the capital of France?"),
                .assistant("Paris."),
                .user("And what is its population, roughly? Give the city proper and the metropolitan area."),
            ],
            temperature: 0.7, maxTokens: 512, user: "bench-user")
        responseJSON = Data(
            #"""
            {"id":"chatcmpl-9xYzAbCdEfGhIjKlMnOpQr","object":"chat.completion","created":1767225600,"model":"gpt-4o-mini-2024-07-18",
            "choices":[{"index":0,"message":{"role":"assistant","content":"Paris proper has about 2.1 million inhabitants; the metropolitan area (aire d'attraction) about 13 million. Figures are INSEE estimates and change slowly from year to year.","refusal":null},
            "logprobs":null,"finish_reason":"stop"}],
            "usage":{"prompt_tokens":62,"completion_tokens":41,"total_tokens":103,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}},
            "system_fingerprint":"fp_0ba0d124f1"}
            """#.utf8)
        var rng = SeededRandom(seed: 7)
        let vector = (0..<1536).map { _ in Float.random(in: -0.1...0.1, using: &rng) }
        embedding = EmbeddingResponse(
            data: [.init(index: 0, embedding: vector)], model: "text-embedding-3-small",
            usage: .init(promptTokens: 8, totalTokens: 8))
        // As OpenAI sends it: floats printed with up to 9 significant digits.
        let numbers = vector.map { String(format: "%.9g", Double($0)) }.joined(separator: ",")
        embeddingJSON = Data(
            #"{"object":"list","data":[{"object":"embedding","index":0,"embedding":[\#(numbers)]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}"#
                .utf8)
    }
}
