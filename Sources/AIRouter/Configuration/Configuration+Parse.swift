import Yams

extension Configuration {
    /// Parses and validates configuration text.
    ///
    /// - Parameters:
    ///   - yaml: The document (at most 1 MiB).
    ///   - file: The name used in diagnostics and as ``source``.
    ///   - environment: Variables for `${VAR}` and `${VAR:-default}`.
    /// - Returns: The validated configuration, its non-fatal findings in ``warnings``.
    /// - Throws: ``ConfigurationError`` listing every problem found (warnings included).
    public static func parse(
        yaml: String, file: String, environment: [String: String]
    ) throws(ConfigurationError) -> Configuration {
        let root: Node
        switch YAMLDocument.compose(yaml, file: file) {
        case .failure(let error):
            throw error
        case .success(nil):
            throw ConfigurationError(diagnostics: [
                ConfigurationDiagnostic(
                    severity: .error, file: file, line: nil, key: "",
                    message: "the configuration is empty; it needs at least 'version: 1'")
            ])
        case .success(let node?):
            root = node
        }
        var reader = ConfigurationReader(file: file, environment: environment)
        var configuration = reader.readDocument(root)
        let diagnostics = reader.finishedDiagnostics()
        guard !diagnostics.contains(where: { $0.severity == .error }) else {
            throw ConfigurationError(diagnostics: diagnostics)
        }
        configuration.warnings = diagnostics
        return configuration
    }
}
