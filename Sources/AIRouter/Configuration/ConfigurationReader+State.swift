import Yams

extension ConfigurationReader {
    static let stateKeys = ["backend", "url", "schema", "table", "connect_timeout", "write_timeout"]

    /// Reads the `state:` mapping (docs/shared-health.md, "Configuration").
    mutating func readState(_ node: Node, path: String) -> StateSettings {
        var settings = StateSettings()
        guard let entries = entries(node, path: path, allowed: Self.stateKeys) else { return settings }
        var urlEntry: ConfigurationEntry?
        for entry in entries {
            switch entry.name {
            case "backend":
                guard let text = string(entry.value, path: entry.path) else { continue }
                if let backend = StateSettings.Backend(rawValue: text.trimmingBlanks()) {
                    settings.backend = backend
                } else {
                    error("expected file or postgres, found \(quoted(entry.value))", at: entry.value, key: entry.path)
                }
            case "url":
                urlEntry = entry
                settings.postgres = readPostgresURL(entry)
            case "schema", "table":
                guard let name = string(entry.value, path: entry.path) else { continue }
                guard Self.isPlainIdentifier(name) else {
                    error(
                        "expected a lower-case SQL name (letters, digits, _; at most 40), found \(quoted(entry.value))",
                        at: entry.value, key: entry.path)
                    continue
                }
                if entry.name == "schema" { settings.schema = name } else { settings.table = name }
            case "connect_timeout":
                if let value = duration(entry.value, path: entry.path) { settings.connectTimeout = value }
            case "write_timeout":
                if let value = duration(entry.value, path: entry.path) { settings.writeTimeout = value }
            default: break
            }
        }
        switch settings.backend {
        case .postgres where urlEntry == nil:
            error("backend postgres needs url: ${AIROUTE_STATE_URL}", at: node, key: path + ".url")
        case .file where urlEntry != nil:
            warning("url is used only with backend: postgres", at: urlEntry?.value, key: path + ".url")
        default: break
        }
        return settings
    }

    /// `url:` — a PostgreSQL URL whose password, if any, comes from a variable.
    private mutating func readPostgresURL(_ entry: ConfigurationEntry) -> PostgresLocation? {
        guard let scalar = expandedScalar(entry.value, path: entry.path) else { return nil }
        addSecret(scalar.value)
        if PostgresLocation.hasLiteralPassword(scalar.raw) {
            addSecret(scalar.raw)
            error(
                "the URL carries a password written in the file; put the whole URL in a variable "
                    + "(url: ${AIROUTE_STATE_URL}) or its password in one",
                at: entry.value, key: entry.path)
            return nil
        }
        if let variable = scalar.unset.first {
            error("environment variable \(variable) is not set", at: entry.value, key: entry.path)
            return nil
        }
        switch PostgresLocation.parse(scalar.value.trimmingBlanks()) {
        case .success(let location):
            if let password = location.password { addSecret(password.reveal()) }
            return location
        case .failure(let problem):
            error("state.url: \(problem.message)", at: entry.value, key: entry.path)
            return nil
        }
    }

    /// A name that needs no quoting in SQL and leaves room for airoute's suffixes.
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 40 else { return false }
        let lower = UInt8(ascii: "a")...UInt8(ascii: "z")
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        let underscore = UInt8(ascii: "_")
        guard lower.contains(first) || first == underscore else { return false }
        return name.utf8.allSatisfy { lower.contains($0) || digits.contains($0) || $0 == underscore }
    }
}
