import Yams

extension ConfigurationReader {
    static let modelKeys = [
        "provider", "name", "deployment", "capabilities", "context_window", "max_output_tokens", "dimensions",
        "embedding_space", "voices", "formats", "sizes", "cost", "max_file_size", "max_batch_inputs",
        "max_attachment_size",
    ]

    /// The keys of a model's `cost:` mapping.
    static let costKeys = ["input", "output"]

    /// Reads `models:`, in declaration order, checking provider references against `providers`.
    mutating func readModels(_ node: Node, path: String, providers: [String: ProviderType]) -> [ModelConfiguration] {
        guard let entries = entries(node, path: path) else { return [] }
        return entries.compactMap { readModel($0, providers: providers) }
    }

    private mutating func readModel(
        _ entry: ConfigurationEntry, providers: [String: ProviderType]
    ) -> ModelConfiguration? {
        guard let fields = entries(entry.value, path: entry.path, allowed: Self.modelKeys) else {
            brokenNames.insert("models.\(entry.name)")
            return nil
        }
        let field = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        var providerName = ""
        if let providerEntry = field["provider"] {
            if let name = string(providerEntry.value, path: providerEntry.path) {
                providerName = name
                if providers[name] == nil && !brokenNames.contains("providers.\(name)") {
                    let hint = EditDistance.hint(for: name, among: providers.keys.sorted())
                    error(
                        "unknown provider \(quoted(providerEntry.value))\(hint)", at: providerEntry.value,
                        key: providerEntry.path)
                }
            }
        } else {
            error("missing 'provider'", at: entry.keyNode, key: entry.path)
        }

        var capabilities: CapabilitySet = []
        if let capabilityEntry = field["capabilities"] {
            capabilities = self.capabilities(capabilityEntry.value, path: capabilityEntry.path) ?? []
            if case .sequence(let list) = capabilityEntry.value, list.isEmpty {
                error("declare at least one capability", at: capabilityEntry.value, key: capabilityEntry.path)
            }
        } else {
            let known = CapabilitySet.named.map(\.name).joined(separator: ", ")
            error("missing 'capabilities' (a list of: \(known))", at: entry.keyNode, key: entry.path)
        }

        var model = ModelConfiguration(id: entry.name, provider: providerName, capabilities: capabilities)
        if let name = field["name"], let value = string(name.value, path: name.path) {
            if value.isEmpty {
                error("name cannot be empty", at: name.value, key: name.path)
            } else {
                model.upstreamName = value
            }
        }
        if let deployment = field["deployment"] {
            if let type = providers[providerName], type != .azure {
                error("deployment applies to azure providers only", at: deployment.keyNode, key: deployment.path)
            } else {
                model.deployment = string(deployment.value, path: deployment.path)
            }
        }
        if let window = field["context_window"] {
            model.contextWindow = int(window.value, path: window.path, atLeast: 1)
        }
        if let output = field["max_output_tokens"] {
            model.maxOutputTokens = int(output.value, path: output.path, atLeast: 1)
        }
        if let dimensions = field["dimensions"] { model.dimensions = readDimensions(dimensions) }
        if let space = field["embedding_space"] { model.embeddingSpace = string(space.value, path: space.path) }
        if let voices = field["voices"] { readVoices(voices, into: &model) }
        if let formats = field["formats"] {
            model.formats = strings(formats.value, path: formats.path)?.map(\.value) ?? []
        }
        if let sizes = field["sizes"] { model.sizes = readSizes(sizes) }
        if let cost = field["cost"] { model.cost = readCost(cost) }
        if let size = field["max_file_size"] { model.maxFileBytes = readByteSize(size) }
        if let size = field["max_attachment_size"] { model.maxAttachmentBytes = readByteSize(size) }
        if let batch = field["max_batch_inputs"] {
            model.maxBatchInputs = int(batch.value, path: batch.path, atLeast: 1)
        }
        return model
    }

    private mutating func readDimensions(_ entry: ConfigurationEntry) -> [Int] {
        if case .sequence = entry.value {
            guard let items = items(entry.value, path: entry.path) else { return [] }
            return items.compactMap { int($0.node, path: $0.path, atLeast: 1) }
        }
        return int(entry.value, path: entry.path, atLeast: 1).map { [$0] } ?? []
    }

    private mutating func readVoices(_ entry: ConfigurationEntry, into model: inout ModelConfiguration) {
        var voices: [String: String] = [:]
        var order: [String] = []
        if case .mapping = entry.value {
            for voice in entries(entry.value, path: entry.path) ?? [] {
                guard let upstream = string(voice.value, path: voice.path) else { continue }
                voices[voice.name] = upstream
                order.append(voice.name)
            }
        } else {
            for voice in strings(entry.value, path: entry.path) ?? [] {
                if voices[voice.value] != nil {
                    error("voice \(quoted(voice.node)) is listed twice", at: voice.node, key: voice.path)
                }
                voices[voice.value] = voice.value
                order.append(voice.value)
            }
        }
        model.voices = voices
        model.voiceOrder = order
    }

    private mutating func readSizes(_ entry: ConfigurationEntry) -> [String] {
        var result: [String] = []
        for size in strings(entry.value, path: entry.path) ?? [] {
            let parts = size.value.split(separator: "x", omittingEmptySubsequences: false)
            if parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) {
                result.append(size.value)
            } else {
                error(
                    "an image size is WIDTHxHEIGHT like 1024x1024, found \(quoted(size.node))", at: size.node,
                    key: size.path)
            }
        }
        return result
    }

    private mutating func readCost(_ entry: ConfigurationEntry) -> ModelCost? {
        guard let fields = entries(entry.value, path: entry.path, allowed: Self.costKeys) else { return nil }
        var cost = ModelCost(input: 0, output: 0)
        var seen = Set<String>()
        for field in fields {
            guard let value = double(field.value, path: field.path) else { continue }
            guard value >= 0 else {
                error("a price cannot be negative", at: field.value, key: field.path)
                continue
            }
            seen.insert(field.name)
            if field.name == "input" { cost.input = value } else { cost.output = value }
        }
        if !seen.contains("input") && !fields.contains(where: { $0.name == "input" }) {
            error("missing 'input' (USD per 1M prompt tokens)", at: entry.value, key: entry.path)
            return nil
        }
        return seen.contains("input") ? cost : nil
    }

    private mutating func readByteSize(_ entry: ConfigurationEntry) -> Int? {
        guard let text = string(entry.value, path: entry.path) else { return nil }
        guard let bytes = ByteSizeParser.parse(text), bytes > 0 else {
            error(
                "expected a size in bytes or with a unit like 25MB or 500KiB, found \(quoted(entry.value))",
                at: entry.value, key: entry.path)
            return nil
        }
        return bytes
    }
}
