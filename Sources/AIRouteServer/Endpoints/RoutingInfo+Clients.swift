import AIRoute

extension RoutingInfo {
    /// The routing a gateway client sees: pools, members, providers, classes and timings, but not
    /// the upstream URLs (`attempts[].endpoint`), which describe the gateway's own network.
    var forClients: RoutingInfo {
        var copy = self
        for index in copy.attempts.indices { copy.attempts[index].endpoint = nil }
        return copy
    }
}
