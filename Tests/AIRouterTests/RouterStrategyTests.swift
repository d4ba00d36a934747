import Testing

@_spi(Testing) @testable import AIRouter

struct RouterStrategyTests {
    func router(_ catalog: TestCatalog, seed: UInt64 = 42, health: InMemoryHealthStore = .init()) -> ModelRouter {
        ModelRouter(
            configuration: catalog.configuration, health: health, clock: ManualClock(),
            random: SeededRandomSource(seed: seed))
    }

    func order(_ router: ModelRouter, _ pool: String, _ req: Requirements = .init(operation: .chat)) throws -> [String]
    {
        router.plan(try router.resolve(pool, operation: req.operation), requirements: req).candidates.map(\.model.id)
    }

    @Test func priorityOrdersByPriorityNumber() throws {
        var c = TestCatalog()
        for m in ["a", "b", "c"] { c.model(m) }
        c.pool("p", ["a", "b", "c"], priorities: [3, 1, 2])
        #expect(try order(router(c), "p") == ["b", "c", "a"])
    }

    @Test func priorityTiesAreBrokenByWeightDeterministicallyForASeed() throws {
        var c = TestCatalog()
        for m in ["a", "b", "c"] { c.model(m) }
        c.pool("p", ["a", "b", "c"], priorities: [1, 1, 2], weights: [1, 3, 1])
        let r1 = router(c, seed: 7)
        let r2 = router(c, seed: 7)
        var firsts: [String: Int] = [:]
        for _ in 0..<4000 {
            let o1 = try order(r1, "p")
            #expect(o1 == (try order(r2, "p")))
            #expect(o1.last == "c")
            firsts[o1[0], default: 0] += 1
        }
        // b has weight 3 of 4 among the tied members.
        #expect(abs(Double(firsts["b"] ?? 0) / 4000 - 0.75) < 0.03)
    }

    @Test func weightedDistributionIsWithinTolerance() throws {
        var c = TestCatalog()
        for m in ["a", "b", "c"] { c.model(m) }
        c.pool("p", ["a", "b", "c"], strategy: .weighted, weights: [1, 2, 7])
        let r = router(c, seed: 1)
        var firsts: [String: Int] = [:]
        let n = 20000
        for _ in 0..<n { firsts[try order(r, "p")[0], default: 0] += 1 }
        #expect(abs(Double(firsts["a"] ?? 0) / Double(n) - 0.1) < 0.015)
        #expect(abs(Double(firsts["b"] ?? 0) / Double(n) - 0.2) < 0.015)
        #expect(abs(Double(firsts["c"] ?? 0) / Double(n) - 0.7) < 0.015)
    }

    @Test func roundRobinRotatesTheStart() throws {
        var c = TestCatalog()
        for m in ["a", "b", "c"] { c.model(m) }
        c.pool("p", ["a", "b", "c"], strategy: .roundRobin)
        let r = router(c)
        #expect(try order(r, "p") == ["a", "b", "c"])
        #expect(try order(r, "p") == ["b", "c", "a"])
        #expect(try order(r, "p") == ["c", "a", "b"])
        #expect(try order(r, "p") == ["a", "b", "c"])
    }

    @Test func latencyPrefersUnobservedThenFastest() throws {
        var c = TestCatalog()
        for m in ["a", "b", "c", "d"] { c.model(m) }
        c.pool("p", ["a", "b", "c", "d"], strategy: .latency)
        let health = InMemoryHealthStore()
        let r = router(c, health: health)
        let t = Timestamp(secondsSince1970: 0)
        for (id, ms) in [("a", 300), ("b", 100), ("d", 200)] {
            let member = try r.resolve("p", operation: .chat).members.first { $0.model.id == id }!
            health.update(member.healthID) { $0.recordSuccess(at: t, latency: .milliseconds(ms)) }
        }
        #expect(try order(r, "p") == ["c", "b", "d", "a"])
    }

    @Test func costOrdersByEstimatedPriceWithUndeclaredLast() throws {
        var c = TestCatalog()
        c.model("pricey", cost: ModelCost(input: 10, output: 30))
        c.model("free")
        c.model("cheap-in", cost: ModelCost(input: 0.1, output: 5))
        c.model("cheap-out", cost: ModelCost(input: 1, output: 0.5))
        c.pool("p", ["pricey", "free", "cheap-in", "cheap-out"], strategy: .cost)
        let r = router(c)
        // Long prompt, short answer: input price dominates.
        #expect(
            try order(r, "p", Requirements(operation: .chat, estimatedPromptTokens: 100_000, maxTokens: 10))
                == ["cheap-in", "cheap-out", "pricey", "free"])
        // Short prompt, long answer: output price dominates.
        #expect(
            try order(r, "p", Requirements(operation: .chat, estimatedPromptTokens: 10, maxTokens: 10_000))
                == ["cheap-out", "cheap-in", "pricey", "free"])
    }

    @Test func capabilityFilterExcludesAndExplains() throws {
        var c = TestCatalog()
        c.model("plain", [.chat])
        c.model("tools", [.chat, .tools])
        c.model("vision", [.chat, .tools, .vision, .streaming], contextWindow: 8000)
        c.model("big", [.chat, .tools, .vision, .streaming], contextWindow: 200_000)
        c.pool("p", ["plain", "tools", "vision", "big"])
        let r = router(c)
        let route = try r.resolve("p", operation: .chat)
        let plan = r.plan(
            route,
            requirements: Requirements(
                operation: .chat, capabilities: [.tools, .vision], estimatedPromptTokens: 10_000))
        #expect(plan.candidates.map(\.model.id) == ["big"])
        #expect(plan.excluded.map(\.member) == ["plain", "tools", "vision"])
        #expect(plan.excluded[0].reason == .capabilities([.tools, .vision]))
        #expect(plan.excluded[2].reason == .contextWindow(needed: 10_000, window: 8000))
        #expect("\(plan.excluded[0].reason)" == "lacks tools, vision")
    }

    @Test func declaredVoicesFormatsAndDimensionsAreRequirements() throws {
        var c = TestCatalog()
        c.models.append(
            ModelConfiguration(
                id: "tts-a", provider: "p", capabilities: [.speech], voices: ["alloy": "alloy"], formats: ["mp3"]))
        c.models.append(ModelConfiguration(id: "tts-b", provider: "p", capabilities: [.speech]))
        c.pool("s", ["tts-a", "tts-b"], operation: .speech)
        c.models.append(
            ModelConfiguration(id: "e1", provider: "p", capabilities: [.embeddings], dimensions: [1536, 512]))
        c.models.append(ModelConfiguration(id: "e2", provider: "p", capabilities: [.embeddings], dimensions: [768]))
        c.pool("e", ["e1", "e2"], operation: .embeddings)
        let r = router(c)
        #expect(try order(r, "s", Requirements(operation: .speech, voice: "nova")) == ["tts-b"])
        #expect(try order(r, "s", Requirements(operation: .speech, voice: "alloy", format: "wav")) == ["tts-b"])
        #expect(
            try order(r, "s", Requirements(operation: .speech, voice: "alloy", format: "mp3")) == ["tts-a", "tts-b"])
        #expect(try order(r, "e", Requirements(operation: .embeddings, dimensions: 512)) == ["e1"])
        #expect(try order(r, "e", Requirements(operation: .embeddings)) == ["e1", "e2"])
    }

    @Test func disabledProvidersAreExcluded() throws {
        var c = TestCatalog()
        c.providers.append(
            ProviderConfiguration(name: "off", type: .anthropic, disabledReason: "ANTHROPIC_API_KEY is not set"))
        c.model("a", provider: "off")
        c.model("b")
        c.pool("p", ["a", "b"])
        let r = router(c)
        let plan = r.plan(try r.resolve("p", operation: .chat), requirements: .init(operation: .chat))
        #expect(plan.candidates.map(\.model.id) == ["b"])
        #expect(plan.excluded.first?.reason == .providerDisabled("ANTHROPIC_API_KEY is not set"))
    }

    @Test func resolveUnknownNamesListsPoolsAndSuggests() throws {
        var c = TestCatalog()
        c.model("gpt-4o-mini")
        c.pool("text-generation", ["gpt-4o-mini"])
        c.pool("embeddings", ["gpt-4o-mini"])
        let r = router(c)
        let error = #expect(throws: RouteError.self) { try r.resolve("text-generaton", operation: .chat) }
        #expect(error?.code == .unknownPool)
        #expect(error?.message.contains("did you mean 'text-generation'?") == true)
        #expect(error?.message.contains("pools: text-generation, embeddings") == true)
        // A configured model id is a one-member route.
        let direct = try r.resolve("gpt-4o-mini", operation: .chat)
        #expect(direct.members.map(\.model.id) == ["gpt-4o-mini"])
    }
}
