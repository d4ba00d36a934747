import Testing

@_spi(Testing) @testable import AIRouter

/// The failover rules as a pure function, without running a call.
struct FailureDecisionTests {
    let route: Route

    init() throws {
        var catalog = TestCatalog()
        catalog.model("small", contextWindow: 8_000)
        catalog.model("unknown-window")
        catalog.pool("p", ["small", "unknown-window"])
        route = try ModelRouter(configuration: catalog.configuration).resolve("p", operation: .chat)
    }

    func decide(
        _ failure: UpstreamFailure, committed: Bool = false, member: Int = 0, failoverOnContentFilter: Bool = false,
        contextFloor: Int? = nil, deadlinePassed: Bool = false
    ) -> FailureDecision {
        var pool = route.pool
        pool.failoverOnContentFilter = failoverOnContentFilter
        return FailureDecision.after(
            failure, committed: committed, member: route.members[member], pool: pool,
            requirements: Requirements(operation: .chat, estimatedPromptTokens: 20_000), contextFloor: contextFloor,
            deadlinePassed: deadlinePassed)
    }

    @Test func nothingFailsOverAfterTheCommitPoint() {
        #expect(decide(.status(500, .transient), committed: true) == .interrupted)
        #expect(decide(.status(400, .invalidRequest), committed: true) == .interrupted)
    }

    @Test func invalidRequestsAndCancellationsReturnAtOnce() {
        #expect(decide(.status(400, .invalidRequest)) == .rejected)
        #expect(decide(UpstreamFailure(.cancelled, message: "x")) == .rejected)
        #expect(decide(.status(400, .invalidRequest), deadlinePassed: true) == .rejected)
    }

    @Test func contentFilterFailsOverOnlyWhenThePoolAllowsIt() {
        #expect(decide(.status(400, .contentFilter)) == .refused)
        #expect(decide(.status(400, .contentFilter), failoverOnContentFilter: true) == .nextMember(contextFloor: nil))
    }

    @Test func contextLengthRaisesTheFloorToTheMembersWindow() {
        #expect(decide(.status(400, .contextLength)) == .nextMember(contextFloor: 8_000))
        #expect(decide(.status(400, .contextLength), contextFloor: 16_000) == .nextMember(contextFloor: 16_000))
        // A member with no known window stands for the request's own size.
        #expect(decide(.status(400, .contextLength), member: 1) == .nextMember(contextFloor: 20_000))
    }

    @Test func otherClassesTryTheNextMemberKeepingTheFloor() {
        #expect(decide(.status(500, .transient)) == .nextMember(contextFloor: nil))
        #expect(decide(.status(429, .rateLimited), contextFloor: 8_000) == .nextMember(contextFloor: 8_000))
    }

    @Test func aPassedDeadlineEndsTheCall() {
        #expect(decide(.status(500, .transient), deadlinePassed: true) == .deadlineExceeded)
        #expect(decide(.status(400, .contextLength), deadlinePassed: true) == .deadlineExceeded)
    }
}
