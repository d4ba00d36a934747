import Foundation
import Yams

extension ConfigurationReader {
    static let providerKeys = [
        "type", "base_url", "api_key", "headers", "api_version", "allow_insecure_http", "fail", "latency",
    ]

    /// Reads `providers:`, in declaration order.
    mutating func readProviders(_ node: Node, path: String) -> [ProviderConfiguration] {
        guard let entries = entries(node, path: path) else { return [] }
        return entries.compactMap { readProvider($0) }
    }

    private mutating func readProvider(_ entry: ConfigurationEntry) -> ProviderConfiguration? {
        guard let provider = readProviderFields(entry) else {
            brokenNames.insert("providers.\(entry.name)")
            return nil
        }
        return provider
    }

    private mutating func readProviderFields(_ entry: ConfigurationEntry) -> ProviderConfiguration? {
        guard let fields = entries(entry.value, path: entry.path, allowed: Self.providerKeys) else { return nil }
        let field = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        // The type first: what else is allowed depends on it. A provider named like a type defaults to it.
        var type: ProviderType
        if let typeEntry = field["type"] {
            guard let name = string(typeEntry.value, path: typeEntry.path) else { return nil }
            guard let parsed = ProviderType(rawValue: name) else {
                let known = ProviderType.allCases.map(\.rawValue)
                let hint = EditDistance.hint(for: name, among: known)
                error(
                    "unknown provider type \(quoted(typeEntry.value))\(hint); known: \(known.joined(separator: ", "))",
                    at: typeEntry.value, key: typeEntry.path)
                return nil
            }
            type = parsed
        } else if let parsed = ProviderType(rawValue: entry.name) {
            type = parsed
        } else {
            error("missing 'type' (openai, azure, anthropic, gemini or mock)", at: entry.keyNode, key: entry.path)
            return nil
        }
        var provider = ProviderConfiguration(name: entry.name, type: type)

        // Header values are secrets as much as keys are: remember them before anything is reported.
        if let headers = field["headers"] { provider.headers = readHeaders(headers) }
        if let key = field["api_key"] { readAPIKey(key, into: &provider) }
        if let allow = field["allow_insecure_http"], let value = bool(allow.value, path: allow.path) {
            provider.allowInsecureHTTP = value
        }
        readBaseURL(field["base_url"], entry: entry, into: &provider)
        if let version = field["api_version"] {
            if type != .azure {
                error("api_version applies to type azure only", at: version.keyNode, key: version.path)
            } else {
                provider.apiVersion = string(version.value, path: version.path)
            }
        }
        if type == .azure && provider.apiVersion == nil { provider.apiVersion = "2024-10-21" }
        readMockFields(fail: field["fail"], latency: field["latency"], into: &provider)
        return provider
    }

    private mutating func readHeaders(_ entry: ConfigurationEntry) -> [(name: String, value: String)] {
        guard let headers = entries(entry.value, path: entry.path) else { return [] }
        var result: [(name: String, value: String)] = []
        for header in headers {
            guard let scalar = expandedScalar(header.value, path: header.path) else { continue }
            addSecret(scalar.value)
            addSecret(scalar.raw)
            guard scalar.unset.isEmpty else {
                let names = scalar.unset.map { "'\($0)'" }.joined(separator: ", ")
                error("environment variable \(names) is not set", at: header.value, key: header.path)
                continue
            }
            let validName =
                !header.name.isEmpty && header.name.allSatisfy { $0.isASCII && !$0.isWhitespace && $0 != ":" }
            if !validName {
                error("'\(Self.display(header.name))' is not a valid header name", at: header.keyNode, key: header.path)
            } else if scalar.value.contains(where: { $0 == "\r" || $0 == "\n" }) {
                error("a header value cannot contain a line break", at: header.value, key: header.path)
            } else {
                result.append((header.name, scalar.value))
            }
        }
        return result
    }

    private mutating func readAPIKey(_ entry: ConfigurationEntry, into provider: inout ProviderConfiguration) {
        guard !Self.isNull(entry.value), let scalar = expandedScalar(entry.value, path: entry.path) else { return }
        addSecret(scalar.value)
        provider.apiKeyVariable = scalar.variables.first
        if scalar.variables.isEmpty {
            addSecret(scalar.raw)
            warning(
                "the API key is written literally in the file; prefer api_key: ${VARIABLE} and keep the key in the environment",
                at: entry.value, key: entry.path)
        }
        if let variable = scalar.unset.first {
            provider.disabledReason = "environment variable \(variable) is not set"
            warning("provider '\(provider.name)' is disabled: \(variable) is not set", at: entry.value, key: entry.path)
        } else if let variable = scalar.empty.first, scalar.value.isEmpty {
            provider.disabledReason = "environment variable \(variable) is empty"
            warning("provider '\(provider.name)' is disabled: \(variable) is empty", at: entry.value, key: entry.path)
        } else if scalar.value.isEmpty {
            provider.disabledReason = "the API key is empty"
            warning("provider '\(provider.name)' is disabled: the API key is empty", at: entry.value, key: entry.path)
        } else {
            provider.apiKey = Secret(scalar.value)
        }
    }

    private mutating func readBaseURL(
        _ field: ConfigurationEntry?, entry: ConfigurationEntry, into provider: inout ProviderConfiguration
    ) {
        guard let field else {
            if provider.type == .azure {
                error(
                    "type azure needs base_url: https://RESOURCE.openai.azure.com", at: entry.keyNode, key: entry.path)
            }
            return
        }
        guard let text = string(field.value, path: field.path) else { return }
        if var problem = BaseURLCheck.problem(
            text, name: "base_url", sendsKey: provider.apiKey != nil, allowInsecureHTTP: provider.allowInsecureHTTP)
        {
            if problem.hasSuffix("URL") { problem += ", found \(quoted(field.value))" }
            error(problem, at: field.value, key: field.path)
            if !problem.contains("plain http") { return }
        }
        provider.baseURL = text
    }

    private mutating func readMockFields(
        fail: ConfigurationEntry?, latency: ConfigurationEntry?, into provider: inout ProviderConfiguration
    ) {
        for entry in [fail, latency].compactMap({ $0 }) where provider.type != .mock {
            error("\(entry.name) applies to type mock only", at: entry.keyNode, key: entry.path)
        }
        guard provider.type == .mock else { return }
        if let latency, let value = duration(latency.value, path: latency.path, positive: false) {
            provider.mockLatency = value
        }
        guard let fail, !Self.isNull(fail.value), let text = string(fail.value, path: fail.path) else { return }
        switch text.trimmingBlanks() {
        case "timeout": provider.mockFailure = .timeout
        case "refused": provider.mockFailure = .refused
        case let status:
            // Any three-digit status: which statuses mean what is the providers' business (AIRoute's).
            if status.count == 3, status.allSatisfy(\.isASCII), let code = Int(status), code >= 100 {
                provider.mockFailure = .status(code)
            } else {
                let hint = EditDistance.hint(for: status, among: ["timeout", "refused"])
                error(
                    "fail must be a three-digit HTTP status code, timeout or refused, found \(quoted(fail.value))\(hint)",
                    at: fail.value, key: fail.path)
            }
        }
    }
}
