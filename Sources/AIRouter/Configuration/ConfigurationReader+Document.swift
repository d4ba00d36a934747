import Foundation
import Yams

extension ConfigurationReader {
    static let topLevelKeys = ["version", "defaults", "providers", "models", "pools", "server", "state"]

    /// Reads a whole document into a configuration (meaningful only when no error was reported).
    mutating func readDocument(_ root: Node) -> Configuration {
        let fields = entries(root, path: "", allowed: Self.topLevelKeys) ?? []
        let field = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        if let version = field["version"] {
            if let value = int(version.value, path: version.path), value != 1 {
                error(
                    "unsupported version \(value): this airoute reads version 1", at: version.value, key: version.path)
            }
        } else if case .mapping = root {
            error("missing 'version: 1' at the top of the file", at: root, key: "version")
        }

        let defaults = field["defaults"].map { readDefaults($0.value, path: $0.path) } ?? RoutingSettings()
        let providers = field["providers"].map { readNonNull($0) { $0.readProviders($1.value, path: $1.path) } } ?? []
        let types = Dictionary(providers.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        let models =
            field["models"].map { readNonNull($0) { $0.readModels($1.value, path: $1.path, providers: types) } } ?? []
        let modelsByID = Dictionary(models.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let pools =
            field["pools"].map { entry in
                readNonNull(entry) {
                    $0.readPools(
                        $1.value, path: $1.path, models: modelsByID, modelOrder: models.map(\.id), defaults: defaults)
                }
            } ?? []
        var configuration = Configuration(
            defaults: defaults, providers: providers, models: models, pools: pools, source: file, warnings: [])
        if let server = field["server"], !Self.isNull(server.value) {
            configuration.server = readServer(server.value, path: server.path, known: configuration)
        }
        if let state = field["state"], !Self.isNull(state.value) {
            configuration.state = readState(state.value, path: state.path)
        }
        return configuration
    }

    /// An absent section (`providers:` with nothing after it) reads as empty.
    private mutating func readNonNull<T>(
        _ entry: ConfigurationEntry, _ read: (inout ConfigurationReader, ConfigurationEntry) -> [T]
    ) -> [T] {
        if Self.isNull(entry.value) { return [] }
        return read(&self, entry)
    }

    /// Every diagnostic in file order, with any remembered secret blanked out as a last line of defence.
    func finishedDiagnostics() -> [ConfigurationDiagnostic] {
        let secretValues = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
        return diagnostics.enumerated().sorted { lhs, rhs in
            (lhs.element.line ?? 0, lhs.offset) < (rhs.element.line ?? 0, rhs.offset)
        }.map { item in
            var diagnostic = item.element
            for secret in secretValues where diagnostic.message.contains(secret) || diagnostic.key.contains(secret) {
                diagnostic.message = diagnostic.message.replacingOccurrences(of: secret, with: "<redacted>")
                diagnostic.key = diagnostic.key.replacingOccurrences(of: secret, with: "<redacted>")
            }
            return diagnostic
        }
    }
}
