/// `logs` options.
public struct LogsOptions: Sendable, Equatable {
    /// `-n N`: the latest N exchanges; 0 for all. Not given: 3, or all of a `--conversation`.
    public var count: Int?
    /// `--conversation ID`.
    public var conversation: String?
    /// `-q/--query TEXT`: prompt or answer contains TEXT.
    public var query: String?
}

extension LogsOptions {
    init(_ reader: ValueReader) throws(UsageError) {
        count = try reader.int("count", min: 0)
        conversation = reader.parsed.value("conversation")
        query = reader.parsed.value("query")
        if let positional = reader.parsed.positionals.first {
            throw UsageError("Unexpected argument '\(positional)'.", command: reader.command)
        }
    }
}
