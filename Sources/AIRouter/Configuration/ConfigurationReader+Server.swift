import Yams

extension ConfigurationReader {
    static let serverKeys = [
        "listen", "keys", "allow_public_without_keys", "max_body_size", "max_concurrent_requests", "header_timeout",
        "idle_timeout", "shutdown_grace", "health_file", "ready_pools", "access_log",
    ]

    static let clientKeyKeys = ["key", "name", "pools"]

    /// Reads the `server:` mapping (docs/server.md, "Configuration").
    mutating func readServer(_ node: Node, path: String, known: Configuration) -> ServerSettings {
        var settings = ServerSettings()
        guard let entries = entries(node, path: path, allowed: Self.serverKeys) else { return settings }
        for entry in entries {
            switch entry.name {
            case "listen":
                if let text = string(entry.value, path: entry.path) {
                    if case .failure(let problem) = ListenAddress.parse(text) {
                        error(problem.message, at: entry.value, key: entry.path)
                    } else {
                        settings.listen = text
                    }
                }
            case "keys": settings.keys = readClientKeys(entry, known: known)
            case "allow_public_without_keys":
                if let value = bool(entry.value, path: entry.path) { settings.allowPublicWithoutKeys = value }
            case "max_body_size":
                if let value = byteSize(entry) { settings.maxBodySize = value }
            case "max_concurrent_requests":
                if let value = int(entry.value, path: entry.path, atLeast: 1) { settings.maxConcurrentRequests = value }
            case "header_timeout":
                if let value = duration(entry.value, path: entry.path) { settings.headerTimeout = value }
            case "idle_timeout":
                if let value = duration(entry.value, path: entry.path) { settings.idleTimeout = value }
            case "shutdown_grace":
                if let value = duration(entry.value, path: entry.path, positive: false) {
                    settings.shutdownGrace = value
                }
            case "health_file":
                if let value = string(entry.value, path: entry.path), !value.isEmpty { settings.healthFile = value }
            case "ready_pools":
                settings.readyPools = readPoolNames(entry, known: known).map { Array($0) }
            case "access_log":
                if let value = bool(entry.value, path: entry.path) { settings.accessLog = value }
            default: break
            }
        }
        return settings
    }

    private mutating func byteSize(_ entry: ConfigurationEntry) -> Int? {
        guard let text = string(entry.value, path: entry.path) else { return nil }
        guard let value = ByteSizeParser.parse(text), value > 0 else {
            error(
                "expected a size such as 25MiB or 500KB, found \(quoted(entry.value))", at: entry.value, key: entry.path
            )
            return nil
        }
        return value
    }

    /// `keys:` — a list of `{key, name, pools}`; an unset or empty key is an error, never an open door.
    private mutating func readClientKeys(
        _ entry: ConfigurationEntry, known: Configuration
    ) -> [ServerSettings.ClientKey] {
        guard !Self.isNull(entry.value), let items = items(entry.value, path: entry.path) else { return [] }
        var keys: [ServerSettings.ClientKey] = []
        for (index, item) in items.enumerated() {
            guard let fields = entries(item.node, path: item.path, allowed: Self.clientKeyKeys) else { continue }
            let field = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            guard let keyEntry = field["key"] else {
                error("a client key needs 'key:'", at: item.node, key: item.path)
                continue
            }
            guard let secret = readClientSecret(keyEntry) else { continue }
            let name = field["name"].flatMap { string($0.value, path: $0.path) } ?? "key-\(index + 1)"
            if keys.contains(where: { $0.name == name }) {
                error("two client keys are named '\(Self.display(name))'", at: item.node, key: item.path)
            }
            if keys.contains(where: { $0.key == secret }) {
                error("this client key is listed twice", at: keyEntry.value, key: keyEntry.path)
            }
            let pools = field["pools"].flatMap { readPoolNames($0, known: known) }
            keys.append(ServerSettings.ClientKey(key: secret, name: name, pools: pools))
        }
        return keys
    }

    private mutating func readClientSecret(_ entry: ConfigurationEntry) -> Secret? {
        guard let scalar = expandedScalar(entry.value, path: entry.path) else { return nil }
        addSecret(scalar.value)
        if scalar.variables.isEmpty {
            addSecret(scalar.raw)
            warning(
                "the client key is written literally in the file; prefer key: ${VARIABLE} and keep it in the environment",
                at: entry.value, key: entry.path)
        }
        if let variable = scalar.unset.first {
            error(
                "environment variable \(variable) is not set: the gateway would not know this key", at: entry.value,
                key: entry.path)
            return nil
        }
        guard !scalar.value.isEmpty else {
            error("the client key is empty", at: entry.value, key: entry.path)
            return nil
        }
        if scalar.value.utf8.count < 16 {
            warning("the client key is shorter than 16 characters: easy to guess", at: entry.value, key: entry.path)
        }
        return Secret(scalar.value)
    }

    /// A list of pool names or model ids that must exist.
    private mutating func readPoolNames(_ entry: ConfigurationEntry, known: Configuration) -> Set<String>? {
        guard let names = strings(entry.value, path: entry.path) else { return nil }
        let candidates = known.poolOrder + known.modelOrder
        for name in names where known.pools[name.value] == nil && known.models[name.value] == nil {
            let hint = EditDistance.hint(for: name.value, among: candidates)
            error("no pool or model named \(quoted(name.node))\(hint)", at: name.node, key: name.path)
        }
        return Set(names.map(\.value))
    }
}
