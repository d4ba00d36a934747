import AIRoute
import Foundation

/// Writes a ``Configuration`` back as a configuration file that ``Configuration/parse(yaml:file:environment:)``
/// reads to the same providers, models and pools — what `airoute config init` writes.
///
/// Keys are written as `${VARIABLE}` references, never as values; a provider without a key
/// variable gets no `api_key`. Only what differs from the defaults is written.
enum ConfigurationYAML {
    /// The document: `header` (comment lines), then `version`, `providers`, `models`, `pools`.
    ///
    /// - Parameter notes: a trailing comment per provider name (`# OPENAI_API_KEY is set`).
    static func render(_ configuration: Configuration, header: [String], notes: [String: String] = [:]) -> String {
        var out = header.map { "# \($0)\n" }.joined()
        out += "version: 1\n"
        out += "defaults:\n  timeout: 60s            # one deadline per call, all attempts and members together\n"
        out += "  failure_threshold: 3    # consecutive transient failures that open a member's circuit\n"
        let providerOrder =
            configuration.modelOrder.compactMap { configuration.models[$0]?.provider }.uniqued()
            + configuration.providers.keys.sorted()
        out += "providers:\n"
        for name in providerOrder.uniqued() {
            guard let provider = configuration.providers[name] else { continue }
            out += "  \(quote(name)):" + (notes[name].map { "  # \($0)" } ?? "") + "\n"
            out += "    type: \(provider.type.rawValue)\n"
            if let baseURL = provider.baseURL, baseURL != provider.type.defaultBaseURL {
                out += "    base_url: \(quote(baseURL))\n"
            }
            if let variable = provider.apiKeyVariable { out += "    api_key: \"${\(variable)}\"\n" }
            if provider.type == .azure, let version = provider.apiVersion {
                out += "    api_version: \(quote(version))\n"
            }
        }
        out += "models:\n"
        for id in configuration.modelOrder {
            guard let model = configuration.models[id] else { continue }
            out += "  \(quote(id)):\n" + self.model(model).map { "    \($0)\n" }.joined()
        }
        out += "pools:\n"
        for name in configuration.poolOrder {
            guard let pool = configuration.pools[name] else { continue }
            out += "  \(quote(name)):\n    operation: \(pool.operation.rawValue)\n"
            if pool.strategy != .priority { out += "    strategy: \(pool.strategy.rawValue)\n" }
            out += "    members: [\(pool.members.map { quote($0.model) }.joined(separator: ", "))]\n"
        }
        return out
    }

    /// A model's keys, one `key: value` per line.
    private static func model(_ model: ModelConfiguration) -> [String] {
        var lines = ["provider: \(quote(model.provider))"]
        if model.upstreamName != model.id { lines.append("name: \(quote(model.upstreamName))") }
        if let deployment = model.deployment, deployment != model.upstreamName {
            lines.append("deployment: \(quote(deployment))")
        }
        lines.append("capabilities: [\(model.capabilities.names.joined(separator: ", "))]")
        if let window = model.contextWindow { lines.append("context_window: \(window)") }
        if let output = model.maxOutputTokens { lines.append("max_output_tokens: \(output)") }
        if !model.dimensions.isEmpty {
            lines.append("dimensions: [\(model.dimensions.map(String.init).joined(separator: ", "))]")
        }
        if let space = model.embeddingSpace { lines.append("embedding_space: \(quote(space))") }
        if !model.voices.isEmpty {
            let identity = model.voices.allSatisfy { $0.key == $0.value }
            let names = model.voiceOrder.isEmpty ? model.voices.keys.sorted() : model.voiceOrder
            lines.append(
                identity
                    ? "voices: [\(names.map(quote).joined(separator: ", "))]"
                    : "voices: {\(names.map { "\(quote($0)): \(quote(model.voices[$0] ?? $0))" }.joined(separator: ", "))}"
            )
        }
        if !model.formats.isEmpty { lines.append("formats: [\(model.formats.map(quote).joined(separator: ", "))]") }
        if !model.sizes.isEmpty { lines.append("sizes: [\(model.sizes.map(quote).joined(separator: ", "))]") }
        if let cost = model.cost {
            lines.append("cost: {input: \(number(cost.input)), output: \(number(cost.output))}   # USD per 1M tokens")
        }
        if let bytes = model.maxFileBytes { lines.append("max_file_size: \(bytes)") }
        if let bytes = model.maxAttachmentBytes { lines.append("max_attachment_size: \(bytes)") }
        if let inputs = model.maxBatchInputs { lines.append("max_batch_inputs: \(inputs)") }
        return lines
    }

    /// `text` bare when YAML reads it back as the same string, else double-quoted.
    static func quote(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "_.-/".unicodeScalars.contains($0)
        }
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"]
        if plain, !text.isEmpty, !reserved.contains(text.lowercased()), Double(text) == nil, !text.hasPrefix("-"),
            !text.hasPrefix(".")
        {
            return text
        }
        // A JSON string is a YAML double-quoted scalar.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    /// `0.15`, `2`: the shortest form that reads back as the same number.
    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

extension Array where Element: Hashable {
    /// The elements without repeats, in first-seen order.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
