import AIRouter
import Crypto
import Foundation

/// The SQL of the shared health table (docs/shared-health.md, "The table"): created on first
/// use, versioned in a companion `…_meta` table, with a trigger that announces every written
/// row on a `NOTIFY` channel.
///
/// Schema and table names are plain lower-case identifiers (checked when the configuration is
/// read), quoted here all the same.
struct SharedHealthSchema: Sendable, Hashable {
    /// The version this airoute writes; a table of another version is left alone.
    static let version = "1"

    let schema: String
    let table: String

    /// `"schema"."table"`.
    var qualifiedTable: String { "\(quoted(schema)).\(quoted(table))" }
    /// `"schema"."table_meta"`: the schema version and the fingerprint salt.
    var qualifiedMeta: String { "\(quoted(schema)).\(quoted(table + "_meta"))" }
    private var qualifiedFunction: String { "\(quoted(schema)).\(quoted(table + "_notify"))" }

    /// The `NOTIFY` channel: one per table, short enough for PostgreSQL's 63-byte names.
    var channel: String {
        let digest = SHA256.hash(data: Array("\(schema).\(table)".utf8))
        return "airoute_health_" + digest.prefix(6).hexDigits
    }

    /// A key for `pg_advisory_xact_lock`, so that replicas starting together create the table once.
    var advisoryLock: Int64 {
        let digest = SHA256.hash(data: Array("airoute schema \(schema).\(table)".utf8))
        return digest.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }

    private func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// Statements run once per connection, inside one transaction holding ``advisoryLock``.
    var creation: [String] {
        [
            """
            CREATE TABLE IF NOT EXISTS \(qualifiedTable) (
                member text PRIMARY KEY,
                version bigint NOT NULL,
                open_until double precision,
                open_reason text,
                ejections integer NOT NULL DEFAULT 0,
                consecutive_failures integer NOT NULL DEFAULT 0,
                probe_until double precision,
                probe_holder text,
                last_error_class text,
                last_error_status integer,
                last_error_at double precision,
                updated_at double precision NOT NULL,
                changed_by text NOT NULL
            )
            """,
            "CREATE TABLE IF NOT EXISTS \(qualifiedMeta) (name text PRIMARY KEY, value text NOT NULL)",
            """
            CREATE OR REPLACE FUNCTION \(qualifiedFunction)() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify(TG_ARGV[0], row_to_json(NEW)::text);
                RETURN NULL;
            END
            $$
            """,
            """
            CREATE OR REPLACE TRIGGER \(quoted(table + "_notify")) AFTER INSERT OR UPDATE ON \(qualifiedTable)
            FOR EACH ROW EXECUTE FUNCTION \(qualifiedFunction)('\(channel)')
            """,
        ]
    }

    /// `schema.table_meta`, unquoted, for `to_regclass`.
    var metaRelation: String { "\(quoted(schema)).\(quoted(table + "_meta"))" }
    /// `$1` a relation name: whether it exists.
    var relationExists: String { "SELECT to_regclass($1) IS NOT NULL" }
    /// Every `_meta` row.
    var metaRows: String { "SELECT name, value FROM \(qualifiedMeta)" }

    /// Whether the schema exists (`CREATE SCHEMA` is attempted only when it does not).
    var schemaExists: String { "SELECT count(*)::text FROM pg_namespace WHERE nspname = $1" }
    var createSchema: String { "CREATE SCHEMA IF NOT EXISTS \(quoted(schema))" }

    /// `$1` name, `$2` value: inserted unless present, then the stored value.
    var metaValue: String {
        """
        WITH ins AS (INSERT INTO \(qualifiedMeta) (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING
        RETURNING value) SELECT value FROM ins UNION ALL SELECT value FROM \(qualifiedMeta) WHERE name = $1
        AND NOT EXISTS (SELECT 1 FROM ins)
        """
    }

    /// Every row, as JSON text.
    var selectAll: String { "SELECT row_to_json(t)::text FROM \(qualifiedTable) t LIMIT 10000" }
    /// `$1` member: its row, as JSON text.
    var selectOne: String { "SELECT row_to_json(t)::text FROM \(qualifiedTable) t WHERE member = $1" }

    /// `$1` cutoff: forgets members no process has written for 7 days.
    var expire: String { "DELETE FROM \(qualifiedTable) WHERE updated_at < $1" }

    /// Opens (or lengthens) a circuit; a cooldown never shortens. `$1` member, `$2` open_until,
    /// `$3` reason, `$4` ejections, `$5` last_error_class, `$6` last_error_status, `$7`
    /// last_error_at, `$8` the failure's time, `$9` process, `$10` consecutive failures. An open
    /// whose failure happened before the circuit was last closed is stale and changes nothing.
    var open: String {
        """
        INSERT INTO \(qualifiedTable) AS t (member, version, open_until, open_reason, ejections,
            consecutive_failures, probe_until, probe_holder, last_error_class, last_error_status, last_error_at,
            updated_at, changed_by)
        VALUES ($1, 1, $2, $3, $4, $10, NULL, NULL, $5, $6, $7, $8, $9)
        ON CONFLICT (member) DO UPDATE SET
            version = t.version + 1,
            open_reason = CASE WHEN t.open_until IS NULL OR EXCLUDED.open_until >= t.open_until
                THEN EXCLUDED.open_reason ELSE t.open_reason END,
            open_until = GREATEST(t.open_until, EXCLUDED.open_until),
            ejections = GREATEST(t.ejections, EXCLUDED.ejections),
            consecutive_failures = GREATEST(t.consecutive_failures, EXCLUDED.consecutive_failures),
            probe_until = NULL, probe_holder = NULL,
            last_error_class = EXCLUDED.last_error_class, last_error_status = EXCLUDED.last_error_status,
            last_error_at = EXCLUDED.last_error_at, updated_at = EXCLUDED.updated_at, changed_by = EXCLUDED.changed_by
        WHERE t.open_until IS NOT NULL OR t.updated_at <= EXCLUDED.updated_at
        RETURNING row_to_json(t)::text
        """
    }

    /// Closes a circuit whose cooldown is over: a close never cuts a cooldown short. `$1`
    /// member, `$2` now, `$3` process. No row returned: nothing closed (see ``selectOne``).
    var close: String {
        """
        UPDATE \(qualifiedTable) AS t SET version = t.version + 1, open_until = NULL, open_reason = NULL,
            ejections = 0, consecutive_failures = 0, probe_until = NULL, probe_holder = NULL, updated_at = $2,
            changed_by = $3
        WHERE member = $1 AND open_until IS NOT NULL AND open_until <= $2
        RETURNING row_to_json(t)::text
        """
    }

    /// Counts one failure towards the threshold (unless a later transition was already written).
    /// `$1` member, `$2` last_error_class, `$3` last_error_status, `$4` last_error_at, `$5` the
    /// failure's time, `$6` process.
    var failure: String {
        """
        INSERT INTO \(qualifiedTable) AS t (member, version, ejections, consecutive_failures, last_error_class,
            last_error_status, last_error_at, updated_at, changed_by)
        VALUES ($1, 1, 0, 1, $2, $3, $4, $5, $6)
        ON CONFLICT (member) DO UPDATE SET version = t.version + 1,
            consecutive_failures = t.consecutive_failures + 1, last_error_class = EXCLUDED.last_error_class,
            last_error_status = EXCLUDED.last_error_status, last_error_at = EXCLUDED.last_error_at,
            updated_at = EXCLUDED.updated_at, changed_by = EXCLUDED.changed_by
        WHERE t.updated_at <= EXCLUDED.updated_at
        RETURNING row_to_json(t)::text
        """
    }

    /// A success on a closed circuit: the count starts again. `$1` member, `$2` now, `$3` process.
    var reset: String {
        """
        UPDATE \(qualifiedTable) AS t SET version = t.version + 1, consecutive_failures = 0, updated_at = $2,
            changed_by = $3
        WHERE member = $1 AND consecutive_failures > 0 AND open_until IS NULL
        RETURNING row_to_json(t)::text
        """
    }

    /// Takes the half-open probe lease when the cooldown is over and no live lease exists: one
    /// process in the fleet wins. `$1` member, `$2` now, `$3` lease end, `$4` process. Returns
    /// `true` and the row when won, else `false` and the current row.
    var lease: String {
        """
        WITH won AS (
            UPDATE \(qualifiedTable) AS t SET version = t.version + 1, probe_until = $3, probe_holder = $4,
                updated_at = $2, changed_by = $4
            WHERE member = $1 AND open_until IS NOT NULL AND open_until <= $2
                AND (probe_until IS NULL OR probe_until <= $2)
            RETURNING row_to_json(t)::text AS row
        )
        SELECT true, row FROM won
        UNION ALL
        SELECT false, row_to_json(t)::text FROM \(qualifiedTable) t
        WHERE member = $1 AND NOT EXISTS (SELECT 1 FROM won)
        """
    }

    /// Gives a probe lease back. `$1` member, `$2` now, `$3` process.
    var release: String {
        """
        UPDATE \(qualifiedTable) AS t SET version = t.version + 1, probe_until = NULL, probe_holder = NULL,
            updated_at = $2, changed_by = $3
        WHERE member = $1 AND probe_holder = $3
        RETURNING row_to_json(t)::text
        """
    }
}
