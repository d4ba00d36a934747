extension ModelRouter {
    /// Records a failure that happened after a routed call returned — a stream that broke after
    /// its commit point — so the member's health learns of it like any other failure.
    public func recordLateFailure(_ failure: UpstreamFailure, member: RouteMember, settings: RoutingSettings) {
        let now = clock.now()
        health.update(member.healthID) {
            $0.recordFailure(
                failure.errorClass, status: failure.status, retryAfter: failure.retryAfter, at: now, settings: settings)
        }
    }
}
