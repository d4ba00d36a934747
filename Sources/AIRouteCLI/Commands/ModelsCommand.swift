import AIRoute
import Foundation

/// `airoute models [POOL|PROVIDER]`: what each configured provider offers (its model-list
/// endpoint, which costs nothing), beside what the configuration declares. A configured model
/// the list does not name is flagged; no health changes (names may differ through proxies,
/// tags and deployments).
struct ModelsCommand {
    let context: CommandContext
    let filter: String?

    func run() async throws -> ExitCode {
        let configuration = context.configuration
        let (providers, models) = try select(configuration)
        let timeout = context.global.timeout ?? .seconds(10)
        let client = context.client
        let lists = await withTaskGroup(of: (String, Result<[String], UpstreamFailure>).self) { group in
            for name in providers where configuration.providers[name]?.disabledReason == nil {
                group.addTask {
                    do throws(UpstreamFailure) {
                        return (name, .success(try await client.listModels(provider: name, timeout: timeout)))
                    } catch {
                        return (name, .failure(error))
                    }
                }
            }
            var lists: [String: Result<[String], UpstreamFailure>] = [:]
            for await (name, list) in group { lists[name] = list }
            return lists
        }
        let report = ModelsReport(
            providers: providers.compactMap { name in
                configuration.providers[name].map {
                    Self.entry($0, models: models.filter { $0.provider == name }, list: lists[name], configuration)
                }
            })
        if context.global.json {
            try context.printJSON(report.providers)
        } else {
            context.console.out(report.text())
        }
        let unlisted = report.unlisted
        if !unlisted.isEmpty {
            context.console.warning(
                "\(unlisted.count) configured model\(unlisted.count == 1 ? " is" : "s are") not in the provider's "
                    + "list: \(unlisted.joined(separator: ", ")) (information only: names may differ; health unchanged)"
            )
        }
        if report.noneListed && !providers.isEmpty {
            throw CommandFailure("no provider answered with a model list", .unavailable)
        }
        return .ok
    }

    /// The providers to ask and the configured models to show, for the filter: a pool (its
    /// members' providers), a provider, or everything.
    private func select(_ configuration: Configuration) throws(CommandFailure) -> ([String], [ModelConfiguration]) {
        let all = configuration.modelOrder.compactMap { configuration.models[$0] }
        var order: [String] = []
        for model in all where !order.contains(model.provider) { order.append(model.provider) }
        order += configuration.providers.keys.sorted().filter { !order.contains($0) }
        guard let filter else { return (order, all) }
        if let pool = configuration.pools[filter] {
            let members = pool.members.compactMap { configuration.models[$0.model] }
            return (order.filter { name in members.contains { $0.provider == name } }, members)
        }
        if configuration.providers[filter] != nil { return ([filter], all.filter { $0.provider == filter }) }
        if let model = configuration.models[filter] { return ([model.provider], [model]) }
        let names = configuration.poolOrder + order
        var message = "'\(filter)' is neither a pool nor a provider"
        if let guess = Suggestion.closest(to: filter, among: names + configuration.modelOrder) {
            message += "; did you mean '\(guess)'?"
        }
        message += " (pools: \(configuration.poolOrder.joined(separator: ", ")); providers: "
        message += order.joined(separator: ", ") + ")"
        throw CommandFailure(message, .usage)
    }

    /// One provider's entry of the report.
    private static func entry(
        _ provider: ProviderConfiguration, models: [ModelConfiguration], list: Result<[String], UpstreamFailure>?,
        _ configuration: Configuration
    ) -> ModelsReport.Provider {
        var entry = ModelsReport.Provider(
            name: provider.name, type: provider.type.rawValue, baseURL: provider.effectiveBaseURL, status: "listed",
            offered: [], configured: [])
        var available: Set<String> = []
        switch list {
        case nil:
            entry.status = "disabled"
            entry.error = provider.disabledReason
        case .failure(let failure)?:
            entry.status = "unavailable"
            entry.error = failure.status.map { "HTTP \($0): \(failure.message)" } ?? failure.message
        case .success(let ids)?:
            available = Set(ids)
            entry.offered = Array(Set(ModelListing.displayIDs(ids))).sorted()
        }
        entry.configured = models.map { model in
            let pools = configuration.poolOrder.filter { name in
                configuration.pools[name]?.members.contains { $0.model == model.id } == true
            }
            let listed =
                entry.status == "listed" ? ModelListing.isListed(model, type: provider.type, in: available) : nil
            return ModelsReport.Configured(model: model.id, upstream: model.upstreamName, pools: pools, listed: listed)
        }
        return entry
    }
}
