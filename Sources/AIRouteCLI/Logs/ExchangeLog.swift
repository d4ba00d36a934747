import AIRoute
import Foundation
import Synchronization

/// The SQLite database of every chat exchange (`<state dir>/logs.db`): what `airoute logs`
/// lists and `chat --continue` resends. Schema in docs/cli.md ("The exchange log").
///
/// The file is created with mode 0600 (its directory 0700); WAL mode and a busy timeout let
/// several airoute processes log at once. The schema is versioned with `PRAGMA user_version`:
/// ``migrations`` are applied in order, each in one transaction. Nothing secret goes in — only
/// what the user typed, what the model answered, and routing facts.
final class ExchangeLog: Sendable {
    /// The file.
    let path: String
    // Mutex is Sendable for any value: the connection is only touched under the lock.
    private let database: Mutex<SQLiteDatabase>

    /// The schema, one step per version: step N brings `user_version` from N to N+1.
    static let migrations: [String] = [
        """
        CREATE TABLE conversations (
            id TEXT PRIMARY KEY,
            started_at TEXT NOT NULL,
            title TEXT
        );
        CREATE TABLE exchanges (
            id INTEGER PRIMARY KEY,
            conversation_id TEXT NOT NULL REFERENCES conversations(id),
            time TEXT NOT NULL,
            prompt TEXT NOT NULL,
            system TEXT,
            answer TEXT,
            pool TEXT NOT NULL,
            member TEXT,
            provider TEXT,
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            usage_estimated INTEGER NOT NULL DEFAULT 0,
            cost_usd REAL,
            latency_ms INTEGER,
            finish_reason TEXT,
            error TEXT,
            attempts TEXT NOT NULL DEFAULT '[]',
            options TEXT
        );
        CREATE INDEX exchanges_by_conversation ON exchanges(conversation_id, id);
        CREATE TABLE attachments (
            exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
            kind TEXT NOT NULL,
            reference TEXT NOT NULL,
            media_type TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            sha256 TEXT NOT NULL
        );
        CREATE INDEX attachments_by_exchange ON attachments(exchange_id);
        """
    ]

    /// The schema version this airoute writes.
    static var schemaVersion: Int { migrations.count }

    /// `<state dir>/logs.db` (`$AIROUTE_STATE_DIR`, else `$XDG_STATE_HOME/airoute`, else
    /// `~/.local/state/airoute`); `nil` when there is no home to find it in.
    static func defaultPath(environment: [String: String]) -> String? {
        FileHealthStore.stateDirectory(environment: environment).map { $0 + "/logs.db" }
    }

    /// Whether logging is off for this run: `--no-log`, or `AIROUTE_NOLOG` set, not empty and not `0`.
    static func isDisabled(global: GlobalOptions, environment: [String: String]) -> Bool {
        if global.noLog { return true }
        guard let value = environment["AIROUTE_NOLOG"] else { return false }
        return !value.isEmpty && value != "0"
    }

    /// Opens the log at `path` and brings its schema up to date. With `create`, the file (mode
    /// 0600) and its directory (0700) are made when missing; without, a missing file throws.
    init(path: String, create: Bool) throws {
        self.path = path
        if !FileManager.default.fileExists(atPath: path) {
            guard create else { throw SQLiteError(code: 14, message: "\(path) does not exist") }
            try Self.createFile(path)
        }
        let connection = try SQLiteDatabase(path: path, create: false)
        try connection.query("PRAGMA journal_mode = WAL")
        try Self.migrate(connection)
        database = Mutex(connection)
    }

    /// Creates the empty file with mode 0600 (SQLite would use 0644; its `-wal` and `-shm`
    /// files copy the database's mode) and its directory with 0700.
    private static func createFile(_ path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw SQLiteError(code: 14, message: "cannot create \(directory): \(error.localizedDescription)")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 && errno != EEXIST {
            throw SQLiteError(code: 14, message: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        if fd >= 0 { close(fd) }
    }

    /// Applies the migrations the file lacks.
    static func migrate(_ connection: SQLiteDatabase) throws {
        try connection.transaction {
            let version = try connection.userVersion()
            guard version <= schemaVersion else { throw tooNew(version) }
            for step in migrations[version...] { try connection.execute(step) }
            if version < schemaVersion { try connection.setUserVersion(schemaVersion) }
        }
    }

    private static func tooNew(_ version: Int) -> SQLiteError {
        SQLiteError(
            code: 1, message: "the log's schema version \(version) is newer than this airoute's (\(schemaVersion))")
    }

    /// A new conversation id: 12 random lowercase hex digits.
    static func newConversationID() -> String {
        (0..<6).map { _ in UInt8.random(in: 0...255) }.hexDigits
    }

    // MARK: Writing

    /// Writes one exchange (and its conversation, the first time); returns its id.
    @discardableResult
    func record(_ exchange: LoggedExchange) throws -> Int64 {
        let attempts = String(decoding: try StableJSONEncoder.compact.encode(exchange.attempts), as: UTF8.self)
        let options = try exchange.options.map {
            String(decoding: try StableJSONEncoder.compact.encode($0), as: UTF8.self)
        }
        return try withConnection { connection in
            try connection.transaction {
                try connection.query(
                    "INSERT OR IGNORE INTO conversations (id, started_at, title) VALUES (?, ?, ?)",
                    [
                        .text(exchange.conversationID), .text(LoggedExchange.timestamp(exchange.time)),
                        .text(Self.title(exchange.prompt)),
                    ])
                try connection.query(
                    """
                    INSERT INTO exchanges (conversation_id, time, prompt, system, answer, pool, member, provider,
                        prompt_tokens, completion_tokens, usage_estimated, cost_usd, latency_ms, finish_reason, error,
                        attempts, options)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        .text(exchange.conversationID), .text(LoggedExchange.timestamp(exchange.time)),
                        .text(exchange.prompt), .optional(exchange.system), .optional(exchange.answer),
                        .text(exchange.pool), .optional(exchange.member), .optional(exchange.provider),
                        .optional(exchange.promptTokens), .optional(exchange.completionTokens),
                        .integer(exchange.usageEstimated ? 1 : 0), exchange.costUSD.map(SQLiteValue.real) ?? .null,
                        .optional(exchange.latencyMs), .optional(exchange.finishReason), .optional(exchange.error),
                        .text(attempts), .optional(options),
                    ])
                let id = connection.lastInsertRowID
                for attachment in exchange.attachments {
                    try connection.query(
                        """
                        INSERT INTO attachments (exchange_id, kind, reference, media_type, bytes, sha256)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                        [
                            .integer(id), .text(attachment.kind.rawValue), .text(attachment.reference),
                            .text(attachment.mediaType), .integer(Int64(attachment.bytes)), .text(attachment.sha256),
                        ])
                }
                return id
            }
        }
    }

    /// Runs `body` with the connection, under the lock.
    func withConnection<Result: Sendable>(_ body: (SQLiteDatabase) throws -> Result) throws -> Result {
        try database.withLock { connection in try body(connection) }
    }

    /// A conversation's title: the start of its first prompt, on one line.
    static func title(_ prompt: String) -> String {
        let line = prompt.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 60 ? String(line.prefix(59)) + "…" : line
    }
}

extension SQLiteValue {
    /// `.text`, or `.null` for `nil`.
    static func optional(_ text: String?) -> SQLiteValue { text.map(SQLiteValue.text) ?? .null }
    /// `.integer`, or `.null` for `nil`.
    static func optional(_ number: Int?) -> SQLiteValue { number.map { .integer(Int64($0)) } ?? .null }
}
