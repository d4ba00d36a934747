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
        var info = RoutingInfo(pool: route.pool.name)
        guard !plan.candidates.isEmpty else {
            throw RouteError(
                .noCapableMember, message: "no member of '\(route.pool.name)' can serve this request",
                routing: info, exclusions: plan.excluded)
        }

        var attempts = 0
        var earliest: Timestamp?
        var cooling: [RouteError.Cooling] = []
        var lastFailure: UpstreamFailure?
        var contextFloor: Int?
        let streaming = requirements.capabilities.contains(.streaming)
        for (index, member) in plan.candidates.enumerated() {
            guard attempts < settings.maxAttempts else { break }
            if let floor = contextFloor {
                guard let window = member.model.contextWindow, window > floor else { continue }
            }
            let now = clock.now()
            guard now < deadline else {
                throw RouteError(
                    .deadlineExceeded, message: "the call's deadline passed after \(attempts) attempt(s)",
                    routing: info, failure: lastFailure)
            }
            let acquired = health.update(member.healthID) { $0.acquire(at: now, leaseUntil: deadline) }
            guard acquired else {
                let state = health.health(of: member.healthID)
                if case .unavailable(let until) = state.availability(at: now) {
                    earliest = min(earliest ?? until, until)
                    cooling.append(
                        RouteError.Cooling(
                            member: member.model.id, provider: member.provider.name, reason: state.openReason,
                            status: state.lastErrorStatus, until: until, remaining: until - now))
                }
                continue
            }
            attempts += 1
            let mayFailOver = index + 1 < plan.candidates.count && attempts < settings.maxAttempts
            let attemptDeadline =
                streaming ? deadline : settings.attemptDeadline(now: now, callDeadline: deadline, another: mayFailOver)
            let context = AttemptContext(
                member: member, settings: settings, deadline: attemptDeadline, attempt: attempts,
                pool: route.pool.name, clock: clock)
            do {
                let value = try await timers.run(until: attemptDeadline) { try await operation(context) }
                let end = clock.now()
                health.update(member.healthID) {
                    $0.recordSuccess(at: end, latency: end - context.startedAt, timeToFirstToken: context.timeToCommit)
                }
                info.attempts.append(record(member, context, end: end, failure: nil))
                info.member = member.model.id
                info.provider = member.provider.name
                return Routed(value: value, routing: info, member: member, settings: settings)
            } catch {
                let end = clock.now()
                if Task.isCancelled {
                    health.update(member.healthID) { $0.releaseProbe() }
                    let failure = UpstreamFailure(.cancelled, message: "cancelled by the caller")
                    info.attempts.append(record(member, context, end: end, failure: failure))
                    throw RouteError(.cancelled, message: "the call was cancelled", routing: info, failure: failure)
                }
                let failure = Self.classify(error, attemptLimit: attemptDeadline < deadline ? attemptDeadline - now : nil)
                lastFailure = failure
                health.update(member.healthID) {
                    $0.recordFailure(
                        failure.errorClass, status: failure.status, retryAfter: failure.retryAfter, at: end,
                        settings: settings)
                }
                info.attempts.append(record(member, context, end: end, failure: failure))
                if context.isCommitted {
                    throw RouteError(
                        .interrupted, message: "\(member.model.id) failed after the stream had started: \(failure)",
                        routing: info, failure: failure)
                }
                switch failure.errorClass {
                case .invalidRequest, .cancelled:
                    throw RouteError(.rejected, message: "\(member.model.id) rejected the request: \(failure)",
                                     routing: info, failure: failure)
                case .contentFilter where !route.pool.failoverOnContentFilter:
                    throw RouteError(.rejected, message: "\(member.model.id) refused the request: \(failure)",
                                     routing: info, failure: failure)
                case .contextLength:
                    let window = member.model.contextWindow ?? requirements.totalTokens
                    contextFloor = max(contextFloor ?? 0, window)
                default:
                    break
                }
                if end >= deadline {
                    throw RouteError(
                        .deadlineExceeded, message: "the call's deadline passed after \(attempts) attempt(s)",
                        routing: info, failure: failure)
                }
            }
        }
        if attempts == 0, let earliest {
            throw RouteError(
                .allMembersUnavailable,
                message: "every capable member of '\(route.pool.name)' is cooling down; the first is available again in "
                    + DurationText.short(earliest - clock.now()),
                routing: info, availableAt: earliest, exclusions: plan.excluded, cooling: cooling)
        }
        var message = "no member of '\(route.pool.name)' could serve the request (\(attempts) attempt(s))"
        if lastFailure?.errorClass == .contextLength {
            message = "the prompt does not fit any member of '\(route.pool.name)'"
        }
        throw RouteError(
            .exhausted, message: message, routing: info, failure: lastFailure, availableAt: earliest,
            exclusions: plan.excluded, cooling: cooling)
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
                    message: "no answer within \(DurationText.short(attemptLimit)) (the attempt's limit; attempt_timeout)")
            } else {
                UpstreamFailure(.transient, message: "no answer before the call's deadline")
            }
        case is CancellationError: UpstreamFailure(.transient, message: "the attempt was cancelled")
        default:
            UpstreamFailure(.transient, message: String(String(describing: error).prefix(200)))
        }
    }

    private func record(_ member: RouteMember, _ context: AttemptContext, end: Timestamp, failure: UpstreamFailure?)
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
