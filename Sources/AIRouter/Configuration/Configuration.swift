/// A finding about a configuration: where it is and what is wrong.
public struct ConfigurationDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// `error` makes loading fail; `warning` is reported and loading goes on.
    public enum Severity: String, Sendable { case error, warning }
    /// How bad it is.
    public var severity: Severity
    /// The file, or `<built-in>` / `<string>`.
    public var file: String
    /// 1-based line, if known.
    public var line: Int?
    /// The dotted key path (`pools.text-generation.members[1]`).
    public var key: String
    /// What is wrong, never containing a secret value.
    public var message: String

    /// Creates a diagnostic.
    public init(severity: Severity, file: String, line: Int?, key: String, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `file:line: error: key: message` (without `key: ` when the finding concerns the whole file).
    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return "\(location): \(severity.rawValue): \(subject)\(message)"
    }

    /// `file:line: key: message`: for a caller that says the severity itself (`warning: …`).
    public var locatedMessage: String {
        "\(line.map { "\(file):\($0)" } ?? file): \(subject)\(message)"
    }

    private var subject: String { key.isEmpty ? "" : "\(key): " }
}

/// The complete, validated airoute configuration: providers, models, pools and router defaults.
///
/// Parse one with ``Configuration/parse(yaml:file:environment:)``, build one in code, or load the
/// configuration file with `Configuration.load(path:environment:)` from AIRoute (which reads files).
public struct Configuration: Sendable {
    /// ModelRouter-wide settings; pools may override them.
    public var defaults: RoutingSettings
    /// Providers by name.
    public var providers: [String: ProviderConfiguration]
    /// Models by id, with ``modelOrder`` giving declaration order.
    public var models: [String: ModelConfiguration]
    /// Model ids in declaration order.
    public var modelOrder: [String]
    /// Pools by name, with ``poolOrder`` giving declaration order.
    public var pools: [String: PoolConfiguration]
    /// Pool names in declaration order.
    public var poolOrder: [String]
    /// Where the configuration came from (a path, or `<built-in>`).
    public var source: String
    /// Non-fatal findings (disabled providers, literal keys…), to show the user once.
    public var warnings: [ConfigurationDiagnostic]
    /// The `server:` section, for `airoute serve` (defaults when the file has none).
    public var server = ServerSettings()
    /// The `state:` section: where member health is kept (the health file when the file has none).
    public var state = StateSettings()

    /// Creates a configuration from its parts. Orders default to sorted names.
    public init(
        defaults: RoutingSettings = .init(), providers: [ProviderConfiguration], models: [ModelConfiguration],
        pools: [PoolConfiguration], source: String = "<code>", warnings: [ConfigurationDiagnostic] = []
    ) {
        self.defaults = defaults
        self.providers = Dictionary(providers.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.models = Dictionary(models.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        self.modelOrder = models.map(\.id)
        self.pools = Dictionary(pools.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.poolOrder = pools.map(\.name)
        self.source = source
        self.warnings = warnings
    }
}
