import CSQLite
import Foundation

/// A failed SQLite call, with SQLite's own message (`no such table: exchanges`).
struct SQLiteError: Error, CustomStringConvertible, Equatable {
    /// The result code (`SQLITE_BUSY`, `SQLITE_CANTOPEN`…).
    var code: Int32
    /// SQLite's message, prefixed with what was being done.
    var message: String

    var description: String { message }
}

/// A value bound to a statement's parameter or read from a column.
enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// The integer, when the value is one.
    var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
    /// The number (an integer read as a double too).
    var real: Double? {
        switch self {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }
    /// The text, when the value is text.
    var text: String? { if case .text(let value) = self { value } else { nil } }
}

/// One connection to an SQLite database file: prepared statements with bound parameters only
/// (values never go into SQL text), transactions, and a busy timeout so that several airoute
/// processes can write at once.
///
/// Not thread-safe: its owner serializes access (``ExchangeLog`` keeps it behind a mutex).
final class SQLiteDatabase {
    private let handle: OpaquePointer

    /// Opens `path`; `create` makes the file when it is missing (read-write either way unless
    /// `readOnly`). `busyTimeout` is how long a statement waits for another process's lock.
    init(path: String, create: Bool = true, readOnly: Bool = false, busyTimeout: Duration = .seconds(5)) throws {
        // NOMUTEX: the owner serializes access; one connection per process.
        var flags = SQLITE_OPEN_NOMUTEX
        flags |= readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)
        var pointer: OpaquePointer?
        let code = sqlite3_open_v2(path, &pointer, flags, nil)
        guard code == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(pointer)
            throw SQLiteError(code: code, message: "cannot open \(path): \(message)")
        }
        handle = pointer
        let (seconds, attoseconds) = busyTimeout.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs SQL text without parameters (schema statements; several separated by `;`).
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else {
            throw SQLiteError(code: code, message: message.map { String(cString: $0) } ?? lastMessage)
        }
    }

    /// Prepares one statement.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw SQLiteError(code: code, message: lastMessage) }
        return SQLiteStatement(statement, database: self)
    }

    /// Runs one statement with `values` bound to its parameters, in order; returns every row.
    @discardableResult
    func query(_ sql: String, _ values: [SQLiteValue] = []) throws -> [SQLiteRow] {
        let statement = try prepare(sql)
        try statement.bind(values)
        var rows: [SQLiteRow] = []
        while try statement.step() { rows.append(statement.row()) }
        return rows
    }

    /// Runs `body` in a transaction that takes the write lock at once (`BEGIN IMMEDIATE`, so a
    /// concurrent writer waits for the busy timeout instead of failing mid-way); rolls back when
    /// `body` throws.
    @discardableResult
    func transaction<Result>(_ body: () throws -> Result) throws -> Result {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The rowid of the last row inserted on this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// `PRAGMA user_version`: the schema version the file is at.
    func userVersion() throws -> Int {
        Int(try query("PRAGMA user_version").first?[0].integer ?? 0)
    }

    /// Sets `PRAGMA user_version` (a pragma takes no bound parameter; `version` is an integer).
    func setUserVersion(_ version: Int) throws {
        try execute("PRAGMA user_version = \(version)")
    }

    /// The library version (`3.40.1`).
    static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    /// The connection's latest error message.
    var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }
}

/// A prepared statement of a ``SQLiteDatabase``; finalized when released.
final class SQLiteStatement {
    private let handle: OpaquePointer
    /// Kept so the connection outlives its statements.
    private let database: SQLiteDatabase

    fileprivate init(_ handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `values` to parameters 1…N (after clearing earlier bindings and resetting).
    func bind(_ values: [SQLiteValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw SQLiteError(
                code: SQLITE_RANGE, message: "the statement has \(expected) parameters, \(values.count) values given")
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .real(let number): code = sqlite3_bind_double(handle, index, number)
            case .text(let text):
                var utf8 = Array(text.utf8)
                utf8.append(0)
                code = utf8.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) {
                        csqlite_bind_text(handle, index, $0.baseAddress, Int32(clamping: buffer.count - 1))
                    }
                }
            case .blob(let bytes):
                code = bytes.withUnsafeBytes {
                    csqlite_bind_blob(handle, index, $0.baseAddress, Int32(clamping: bytes.count))
                }
            }
            guard code == SQLITE_OK else { throw SQLiteError(code: code, message: database.lastMessage) }
        }
    }

    /// Steps once: `true` when a row is ready, `false` when the statement is done.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteError(code: code, message: database.lastMessage)
        }
    }

    /// The current row's columns, by index and name.
    func row() -> SQLiteRow {
        let count = sqlite3_column_count(handle)
        var names: [String] = []
        var values: [SQLiteValue] = []
        for index in 0..<count {
            names.append(String(cString: sqlite3_column_name(handle, index)))
            values.append(column(index))
        }
        return SQLiteRow(names: names, values: values)
    }

    /// One column of the current row.
    func column(_ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            let bytes = Int(sqlite3_column_bytes(handle, index))
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: bytes), as: UTF8.self))
        case SQLITE_BLOB:
            let bytes = Int(sqlite3_column_bytes(handle, index))
            guard let data = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: data, count: bytes)))
        default: return .null
        }
    }
}

/// One result row: values by column index or name.
struct SQLiteRow: Sendable, Equatable {
    let names: [String]
    let values: [SQLiteValue]

    subscript(index: Int) -> SQLiteValue { index < values.count ? values[index] : .null }
    subscript(name: String) -> SQLiteValue { names.firstIndex(of: name).map { values[$0] } ?? .null }
}
