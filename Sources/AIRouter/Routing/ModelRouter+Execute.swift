extension ModelRouter {
    /// Routes one call: resolves `name`, plans the capable candidates and runs `operation` against
    /// them in order until one succeeds, within the pool's `max_attempts` and one deadline.
    ///
    /// Failover follows docs/routing.md ("Failover"): `invalid_request` (and `content_filter`, unless the pool
    /// allows it) returns to the caller at once; `context_length` moves only to members with a
    /// larger window; every other class tries the next member. A member whose circuit is open is
    /// skipped without a request; when every candidate is cooling down the call fails fast with
    /// the earliest time one becomes available. After ``AttemptContext/commit()`` nothing fails over.
    ///
    /// - Parameters:
    ///   - name: a pool name or a configured model id.
    ///   - requirements: what the request needs.
    ///   - deadline: the call's deadline; by default now + the pool's `timeout`.
    ///   - operation: performs one attempt against `context.member`; throws ``UpstreamFailure`` on errors.
    /// - Returns: the operation's value and the routing information.
    /// - Throws: ``RouteError`` (never anything else).
    public func route<Value: Sendable>(
        _ name: String, requirements: Requirements, deadline: Timestamp? = nil,
        operation: @escaping @Sendable (AttemptContext) async throws -> Value
    ) async throws(RouteError) -> Routed<Value> {
        let route = try resolve(name, operation: requirements.operation)
        guard route.pool.operation == requirements.operation else {
            throw RouteError(
                .wrongOperation, message: Self.wrongOperation(route.pool, requirements.operation),
                routing: RoutingInfo(pool: route.pool.name))
        }
        let settings = route.pool.settings
        let start = clock.now()
        let deadline = min(deadline ?? start + settings.timeout, start + settings.timeout)
        let plan = plan(route, requirements: requirements)
        var progress = RouteProgress(pool: route.pool.name)
        guard !plan.candidates.isEmpty else {
            throw RouteError(
                .noCapableMember, message: "no member of '\(route.pool.name)' can serve this request",
                routing: progress.info, exclusions: plan.excluded)
        }
        let streaming = requirements.capabilities.contains(.streaming)
        for (index, member) in plan.candidates.enumerated() {
            guard progress.attempts < settings.maxAttempts else { break }
            if let floor = progress.contextFloor {
                guard let window = member.model.contextWindow, window > floor else { continue }
            }
            let now = clock.now()
            guard now < deadline else { throw progress.deadlineExceeded(failure: progress.lastFailure) }
            guard await acquire(member, at: now, leaseUntil: deadline, progress: &progress) else { continue }
            progress.attempts += 1
            let mayFailOver = index + 1 < plan.candidates.count && progress.attempts < settings.maxAttempts
            let attemptDeadline =
                streaming ? deadline : settings.attemptDeadline(now: now, callDeadline: deadline, another: mayFailOver)
            let context = AttemptContext(
                member: member, settings: settings, deadline: attemptDeadline, attempt: progress.attempts,
                pool: route.pool.name, clock: clock)
            do {
                let value = try await timers.run(until: attemptDeadline) { try await operation(context) }
                return succeeded(value, context, settings: settings, progress: &progress)
            } catch {
                let end = clock.now()
                let failure = try failed(error, context, now: now, end: end, deadline: deadline, progress: &progress)
                let decision = FailureDecision.after(
                    failure, committed: context.isCommitted, member: member, pool: route.pool,
                    requirements: requirements, contextFloor: progress.contextFloor, deadlinePassed: end >= deadline)
                try progress.apply(decision, failure: failure, member: member)
            }
        }
        throw progress.finalError(plan: plan, now: clock.now())
    }

    /// Takes `member`'s circuit lease, or records that it is cooling down and returns `false`.
    private func acquire(
        _ member: RouteMember, at now: Timestamp, leaseUntil deadline: Timestamp, progress: inout RouteProgress
    ) async -> Bool {
        let acquired = await health.acquire(member.healthID, at: now, leaseUntil: deadline)
        guard !acquired else { return true }
        let state = health.health(of: member.healthID)
        if case .unavailable(let until) = state.availability(at: now) {
            progress.earliest = min(progress.earliest ?? until, until)
            progress.cooling.append(
                RouteError.Cooling(
                    member: member.model.id, provider: member.provider.name, reason: state.openReason,
                    status: state.lastErrorStatus, until: until, remaining: until - now))
        }
        return false
    }

    /// Records a successful attempt and builds the caller's result.
    private func succeeded<Value: Sendable>(
        _ value: Value, _ context: AttemptContext, settings: RoutingSettings, progress: inout RouteProgress
    ) -> Routed<Value> {
        let member = context.member
        let end = clock.now()
        health.update(member.healthID) {
            $0.recordSuccess(at: end, latency: end - context.startedAt, timeToFirstToken: context.timeToCommit)
        }
        progress.info.attempts.append(record(member, context, end: end, failure: nil))
        progress.info.member = member.model.id
        progress.info.provider = member.provider.name
        return Routed(value: value, routing: progress.info, member: member, settings: settings)
    }

    /// Records a failed attempt in the member's health and the routing information.
    ///
    /// - Returns: the classified failure.
    /// - Throws: ``RouteError/Code/cancelled`` when the caller cancelled the call.
    private func failed(
        _ error: any Error, _ context: AttemptContext, now: Timestamp, end: Timestamp, deadline: Timestamp,
        progress: inout RouteProgress
    ) throws(RouteError) -> UpstreamFailure {
        let member = context.member
        let attemptDeadline = context.deadline
        if Task.isCancelled {
            health.update(member.healthID) { $0.releaseProbe() }
            let failure = UpstreamFailure(.cancelled, message: "cancelled by the caller")
            progress.info.attempts.append(record(member, context, end: end, failure: failure))
            throw RouteError(.cancelled, message: "the call was cancelled", routing: progress.info, failure: failure)
        }
        let failure = Self.classify(error, attemptLimit: attemptDeadline < deadline ? attemptDeadline - now : nil)
        progress.lastFailure = failure
        health.update(member.healthID) {
            $0.recordFailure(
                failure.errorClass, status: failure.status, retryAfter: failure.retryAfter, at: end,
                settings: context.settings)
        }
        progress.info.attempts.append(record(member, context, end: end, failure: failure))
        return failure
    }

    /// `pool 'embeddings' serves embeddings, not chat`: the one wording, for the library and the REPL.
    public static func wrongOperation(_ pool: PoolConfiguration, _ operation: ModelOperation) -> String {
        "pool '\(pool.name)' serves \(pool.operation.rawValue), not \(operation.rawValue)"
    }

    /// Maps whatever an operation threw onto an ``UpstreamFailure``.
    ///
    /// - Parameter attemptLimit: the attempt's own time limit, when it ended before the call's deadline.
    static func classify(_ error: any Error, attemptLimit: Duration?) -> UpstreamFailure {
        switch error {
        case let failure as UpstreamFailure: failure
        case is DeadlineReached:
            if let attemptLimit {
                UpstreamFailure(
                    .transient,
                    message:
                        "no answer within \(DurationText.short(attemptLimit)) (the attempt's limit; attempt_timeout)")
            } else {
                UpstreamFailure(.transient, message: "no answer before the call's deadline")
            }
        case is CancellationError: UpstreamFailure(.transient, message: "the attempt was cancelled")
        default:
            UpstreamFailure(.transient, message: String(String(describing: error).prefix(200)))
        }
    }

    private func record(
        _ member: RouteMember, _ context: AttemptContext, end: Timestamp, failure: UpstreamFailure?
    )
        -> AttemptRecord
    {
        AttemptRecord(
            member: member.model.id, provider: member.provider.name, model: member.model.upstreamName,
            errorClass: failure?.errorClass, status: failure?.status,
            durationMs: (end - context.startedAt).milliseconds, message: failure?.message, endpoint: context.endpoint)
    }
}

/// The deadline given to ``ModelRouter/withDeadline(_:operation:)`` came before the operation finished.
public struct DeadlineReached: Error, Sendable {
    /// Creates the error.
    public init() {}
}

extension ModelRouter {
    /// Runs `operation`, cancelling it and throwing ``DeadlineReached`` when `deadline` (on the
    /// router's clock) comes first. Errors thrown by the operation, including cancellation,
    /// propagate unchanged; cancelling the caller cancels the operation. All of a router's
    /// deadlines share one sleeping task (see `DeadlineTimers`).
    public func withDeadline<Value: Sendable>(
        _ deadline: Timestamp, operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await timers.run(until: deadline, operation)
    }
}
