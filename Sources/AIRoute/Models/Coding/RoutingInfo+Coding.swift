// The one implementation of the tolerant `routing` field shared by every response type:
// written as `"routing"` in JSON output, optional when decoding (a provider's body has none).

extension RoutingInfo {
    /// Routing information for a value that did not pass through the router: an empty pool,
    /// no member, no attempts. Decoding a provider's body yields it.
    public static var unrouted: RoutingInfo { RoutingInfo(pool: "") }
}

extension KeyedDecodingContainer {
    /// Decodes the `routing` field, or ``AIRouter/RoutingInfo/unrouted`` when it is absent.
    func decodeRouting(forKey key: Key) throws -> RoutingInfo {
        try decodeIfPresent(RoutingInfo.self, forKey: key) ?? .unrouted
    }
}
