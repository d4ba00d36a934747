extension Configuration {
    /// The names of the standard pools, in the order the built-in configuration declares them.
    public static let standardPoolNames = [
        "text-generation", "embeddings", "text-to-speech", "speech-to-text", "text-to-image",
    ]

    /// The configuration used when there is no configuration file, derived from the environment.
    ///
    /// A provider is enabled for each of `OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `GEMINI_API_KEY`
    /// (or `GOOGLE_API_KEY`), `GROQ_API_KEY`, `MISTRAL_API_KEY` and `OPENROUTER_API_KEY` that is
    /// set and not empty, with that provider's well-known models. The variables the official
    /// SDKs read are honoured too: `OPENAI_BASE_URL` (alone it enables the OpenAI provider, for a
    /// local server that needs no key), `ANTHROPIC_BASE_URL`, and Azure's `AZURE_OPENAI_API_KEY`
    /// with `AZURE_OPENAI_ENDPOINT` and `OPENAI_API_VERSION` (deployments named after their models). The standard pools
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
        func value(_ name: String?) -> String? { name.flatMap { environment[$0] }.flatMap { $0.isEmpty ? nil : $0 } }
        for entry in BuiltInCatalog.providers {
            let variable = entry.variables.first { value($0) != nil }
            let baseURL = value(entry.baseURLVariable)
            guard variable != nil || (entry.baseURLAloneEnables && baseURL != nil) else { continue }
            if entry.needsBaseURL && baseURL == nil { continue }
            var provider = ProviderConfiguration(
                name: entry.name, type: entry.type, baseURL: baseURL ?? entry.baseURL,
                apiKey: value(variable).map(Secret.init),
                apiKeyVariable: variable)
            if entry.type == .azure { provider.apiVersion = value(entry.apiVersionVariable) ?? "2024-10-21" }
            if let baseURL, let variable = entry.baseURLVariable,
                let problem = BaseURLCheck.problem(
                    baseURL, name: variable, sendsKey: provider.apiKey != nil, allowInsecureHTTP: false)
            {
                provider.disabledReason = problem
            }
            providers.append(provider)
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
            let variables = BuiltInCatalog.providers.flatMap { $0.variables }.joined(separator: ", ")
            warnings.append(
                ConfigurationDiagnostic(
                    severity: .warning, file: "<built-in>", line: nil, key: "",
                    message: "no configuration file and no provider key in the environment (\(variables)); "
                        + "set one, or OPENAI_BASE_URL for a local OpenAI-compatible server, or try the offline "
                        + "mock configuration examples/offline.yaml"))
        }
        return Configuration(
            providers: providers, models: models, pools: pools, source: "<built-in>", warnings: warnings)
    }
}
