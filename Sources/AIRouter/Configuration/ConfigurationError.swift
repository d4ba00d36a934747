/// Why a configuration could not be loaded: every problem found, at once.
///
/// Loading collects all findings before it gives up, so one run shows every mistake in
/// the file. Each ``ConfigurationDiagnostic`` names the file, the line and the dotted key
/// path; none ever contains a secret value.
///
/// ```swift
/// do {
///     let configuration = try Configuration.load()
/// } catch {
///     print(error)   // one diagnostic per line
/// }
/// ```
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// Every finding, errors and warnings, in file order.
    public var diagnostics: [ConfigurationDiagnostic]

    /// Creates an error from its findings.
    public init(diagnostics: [ConfigurationDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// The findings of severity `error` only.
    public var errors: [ConfigurationDiagnostic] {
        diagnostics.filter { $0.severity == .error }
    }

    /// Every diagnostic, one per line.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
