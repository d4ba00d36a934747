import AIRouter

/// Whether a provider's model list (`GET /models`) names a configured model — the rule that
/// `airoute health --probe` and `airoute models` share. Information only: a list proves less
/// than a request, so nothing here changes health.
public enum ModelListing {
    /// The ids as a provider lists them, with Gemini's `models/` prefix removed.
    public static func displayIDs(_ ids: [String]) -> [String] {
        ids.map { $0.hasPrefix("models/") ? String($0.dropFirst("models/".count)) : $0 }
    }

    /// `true` when `available` names `model`'s upstream name (bare or as Gemini's
    /// `models/NAME`), `false` when it does not, `nil` when the list cannot tell: Azure lists
    /// models, not the deployments requests are sent to.
    public static func isListed(_ model: ModelConfiguration, type: ProviderType, in available: Set<String>) -> Bool? {
        if type == .azure { return nil }
        return available.contains(model.upstreamName) || available.contains("models/\(model.upstreamName)")
    }
}
