import AIRoute
import Foundation

/// What `airoute models` shows: per provider, the models its list endpoint offers beside the
/// configured models it serves, each flagged when the list does not name it. Information only.
struct ModelsReport: Encodable {
    /// One provider and what it offers.
    struct Provider: Encodable {
        var name: String
        var type: String
        var baseURL: String
        /// `listed`, `disabled` (never asked) or `unavailable` (the list request failed).
        var status: String
        /// Why it is disabled or unavailable (secret-free).
        var error: String?
        /// Every id the provider listed, sorted (Gemini's `models/` prefix removed).
        var offered: [String]
        /// The configured models on this provider, in configuration order.
        var configured: [Configured]

        enum CodingKeys: String, CodingKey {
            case name, type, status, error, offered, configured
            case baseURL = "base_url"
        }
    }

    /// One configured model.
    struct Configured: Encodable {
        /// The model id of the configuration.
        var model: String
        /// The name sent upstream.
        var upstream: String
        /// The pools it is a member of.
        var pools: [String]
        /// Whether the provider's list names it; `nil` when not known (no list, or Azure,
        /// which lists models rather than deployments).
        var listed: Bool?
    }

    var providers: [Provider]

    /// The configured models the lists did not name, as `model (provider)`.
    var unlisted: [String] {
        providers.flatMap { provider in
            provider.configured.filter { $0.listed == false }.map { "\($0.model) (\(provider.name))" }
        }
    }

    /// Whether no provider that was asked answered with a list.
    var noneListed: Bool { !providers.contains { $0.status == "listed" } }

    /// The human form: a heading per provider, then one row per model.
    func text() -> String {
        var out = ""
        for provider in providers {
            var head = "\(provider.name)  (\(provider.type)\(provider.baseURL.isEmpty ? "" : ", " + provider.baseURL))"
            switch provider.status {
            case "listed": head += ": \(provider.offered.count) model\(provider.offered.count == 1 ? "" : "s") offered"
            case "disabled": head += ": disabled, \(provider.error ?? "")"
            default: head += ": no model list, \(provider.error ?? "")"
            }
            var rows: [[String]] = []
            for model in provider.configured {
                let name = model.upstream == model.model ? model.model : "\(model.model) (\(model.upstream))"
                let pools = model.pools.isEmpty ? "in no pool" : model.pools.joined(separator: ",")
                let state: String =
                    switch (provider.status, model.listed) {
                    case ("listed", false?): "NOT LISTED by the provider (names may differ; health unchanged)"
                    case ("listed", true?): "listed"
                    case ("listed", nil): "not checked (Azure lists models, not deployments)"
                    default: "not checked"
                    }
                rows.append(["", name, "configured", pools, state])
            }
            let configured = Set(provider.configured.map(\.upstream))
            for id in provider.offered where !configured.contains(id) { rows.append(["", id, "", "", ""]) }
            out += head + "\n" + PoolReport.format(rows.map { Self.trimmed($0) }) + (rows.isEmpty ? "" : "\n")
        }
        return out.isEmpty ? "no providers are configured\n" : out
    }

    /// A row without its empty trailing cells, so lines carry no trailing spaces.
    private static func trimmed(_ row: [String]) -> [String] {
        var row = row
        while row.count > 2, row.last?.isEmpty == true { row.removeLast() }
        return row
    }
}
