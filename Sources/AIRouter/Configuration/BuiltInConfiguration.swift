extension Configuration {
    /// The names of the standard pools, in the order the built-in configuration declares them.
    public static let standardPoolNames = ["text-generation", "embeddings", "text-to-speech", "speech-to-text", "text-to-image"]

    /// The configuration used when there is no configuration file, derived from the environment.
    ///
    /// A provider is enabled for each of `OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `GEMINI_API_KEY`
    /// (or `GOOGLE_API_KEY`), `GROQ_API_KEY`, `MISTRAL_API_KEY` and `OPENROUTER_API_KEY` that is
    /// set and not empty, with that provider's well-known models. The standard pools
    /// (`text-generation`, `embeddings`, `text-to-speech`, `speech-to-text`, `text-to-image`)
    /// are declared only when at least one model can serve them; members are tried in provider
    /// order (OpenAI, Anthropic, Gemini, Groq, Mistral, OpenRouter). An `embeddings` pool holds
    /// models of one embedding space only: the first available provider's.
    ///
    /// - Parameter environment: Where the key variables are looked up.
    /// - Returns: A configuration whose ``source`` is `<built-in>`.
    public static func builtIn(environment: [String: String]) -> Configuration {
        var providers: [ProviderConfiguration] = []
        var models: [ModelConfiguration] = []
        var poolMembers: [String: [String]] = [:]
        for entry in BuiltInCatalog.providers {
            guard let variable = entry.variables.first(where: { !(environment[$0] ?? "").isEmpty }),
                let key = environment[variable]
            else { continue }
            providers.append(
                ProviderConfiguration(
                    name: entry.name, type: entry.type, baseURL: entry.baseURL, apiKey: Secret(key),
                    apiKeyVariable: variable))
            for (model, pools) in entry.models {
                models.append(model)
                for pool in pools { poolMembers[pool, default: []].append(model.id) }
            }
        }
        let byID = Dictionary(models.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        if let first = poolMembers["embeddings"]?.first {
            let space = byID[first]?.embeddingSpace
            poolMembers["embeddings"]?.removeAll { byID[$0]?.embeddingSpace != space }
        }
        let pools: [PoolConfiguration] = standardPoolNames.compactMap { name in
            guard let operation = ConfigurationReader.standardPoolOperations[name],
                let members = poolMembers[name], !members.isEmpty
            else { return nil }
            return PoolConfiguration(
                name: name, operation: operation,
                members: members.enumerated().map { PoolMember(model: $0.element, priority: $0.offset + 1) })
        }
        var warnings: [ConfigurationDiagnostic] = []
        if providers.isEmpty {
            let variables = BuiltInCatalog.providers.flatMap(\.variables).joined(separator: ", ")
            warnings.append(
                ConfigurationDiagnostic(
                    severity: .warning, file: "<built-in>", line: nil, key: "",
                    message: "no configuration file and no provider key in the environment (\(variables)); "
                        + "set one, or try the offline mock configuration examples/offline.yaml"))
        }
        return Configuration(providers: providers, models: models, pools: pools, source: "<built-in>", warnings: warnings)
    }
}
