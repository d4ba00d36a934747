/// The `state:` section: where member health lives (docs/shared-health.md, "Configuration").
///
/// `file` (the default) is the per-user health file the CLI shares between its processes;
/// `postgres` shares circuit transitions between every process and machine that names the same
/// database, table and configuration.
public struct StateSettings: Sendable, Hashable {
    /// Where health is kept.
    public enum Backend: String, Sendable, Hashable, CaseIterable {
        /// The health file (per user, per machine).
        case file
        /// A PostgreSQL table shared by every replica.
        case postgres
    }

    /// The default table name.
    public static let defaultTable = "airoute_member_health"

    /// Where health is kept.
    public var backend: Backend = .file
    /// The PostgreSQL server (backend `postgres`); its password comes only from a variable.
    public var postgres: PostgresLocation?
    /// The schema holding the table.
    public var schema = "public"
    /// The table holding one row per member.
    public var table = Self.defaultTable
    /// How long connecting (and the first load of shared state) may take before the process goes
    /// on with local state.
    public var connectTimeout: Duration = .seconds(2)
    /// How long one write may take before it is dropped (with a warning) and routing goes on.
    public var writeTimeout: Duration = .milliseconds(500)

    /// The defaults: the health file.
    public init() {}
}
