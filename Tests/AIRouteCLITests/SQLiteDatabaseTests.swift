import Foundation
import Testing

@testable import AIRouteCLI

/// The SQLite wrapper and the exchange log's schema, without the binary.
struct SQLiteDatabaseTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "airoute-sqlite-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    @Test func boundValuesRoundTripAndAreNeverSQL() throws {
        let database = try SQLiteDatabase(path: directory + "/t.db")
        try database.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        let hostile = "x'); DROP TABLE t; --\u{0}é"
        try database.query(
            "INSERT INTO t VALUES (?, ?, ?, ?, ?)",
            [.integer(Int64.max), .real(0.25), .text(hostile), .blob([0, 1, 255]), .null])
        let row = try #require(try database.query("SELECT * FROM t WHERE s = ?", [.text(hostile)]).first)
        #expect(row["i"] == .integer(Int64.max))
        #expect(row["r"] == .real(0.25))
        #expect(row["s"] == .text(hostile))
        #expect(row["b"] == .blob([0, 1, 255]))
        #expect(row["n"] == .null)
        #expect(row[9] == .null && row["missing"] == .null)
        #expect(database.lastInsertRowID == 1)
    }

    @Test func errorsCarrySQLitesMessage() throws {
        let database = try SQLiteDatabase(path: directory + "/t.db")
        #expect(throws: SQLiteError.self) { try database.query("SELECT * FROM nowhere") }
        do {
            try database.query("SELECT * FROM nowhere")
        } catch let error as SQLiteError {
            #expect(error.message.contains("no such table: nowhere"))
        }
        let statement = try database.prepare("SELECT ?")
        #expect(throws: SQLiteError.self) { try statement.bind([]) }
        #expect(throws: SQLiteError.self) {
            try SQLiteDatabase(path: directory + "/missing/t.db", create: false)
        }
    }

    @Test func aFailedTransactionRollsBack() throws {
        let database = try SQLiteDatabase(path: directory + "/t.db")
        try database.execute("CREATE TABLE t (v INTEGER)")
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try database.transaction {
                try database.query("INSERT INTO t VALUES (?)", [.integer(1)])
                throw Stop()
            }
        }
        #expect(try database.query("SELECT count(*) FROM t").first?[0] == .integer(0))
        try database.transaction { try database.query("INSERT INTO t VALUES (?)", [.integer(2)]) }
        #expect(try database.query("SELECT count(*) FROM t").first?[0] == .integer(1))
    }

    @Test func theLogMigratesOnceAndRefusesANewerSchema() throws {
        let path = directory + "/state/logs.db"
        let log = try ExchangeLog(path: path, create: true)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let exchange = LoggedExchange(
            conversationID: "c0ffee000001", time: Date(timeIntervalSince1970: 1_700_000_000.5), prompt: "Hi",
            pool: "p", member: "m", provider: "x", promptTokens: 3, completionTokens: 4, costUSD: 0.5,
            attachments: [
                LoggedAttachment(kind: .image, reference: "a.png", mediaType: "image/png", bytes: 9, sha256: "ab")
            ]
        )
        try log.record(exchange)
        // Reopening applies nothing twice.
        let again = try ExchangeLog(path: path, create: false)
        let read = try #require(try again.exchanges(.init()).first)
        #expect(read.prompt == "Hi" && read.member == "m" && read.costUSD == 0.5)
        #expect(read.time == exchange.time)
        #expect(read.attachments == exchange.attachments)
        let database = try SQLiteDatabase(path: path)
        #expect(try database.userVersion() == ExchangeLog.schemaVersion)
        #expect(try database.query("PRAGMA journal_mode").first?[0] == .text("wal"))
        try database.setUserVersion(ExchangeLog.schemaVersion + 1)
        #expect(throws: SQLiteError.self) { try ExchangeLog(path: path, create: false) }
    }

    @Test func likePatternsAreEscaped() {
        #expect(ExchangeLog.escapeLike("100%_a\\b") == "100\\%\\_a\\\\b")
    }
}
