import Foundation

extension ExchangeLog {
    /// What ``exchanges(_:)`` selects.
    struct Filter: Sendable, Equatable {
        /// The most recent N (`nil`: all).
        var limit: Int?
        /// Only this conversation.
        var conversation: String?
        /// Only exchanges whose prompt or answer contains this text (case-insensitive for ASCII).
        var search: String?
    }

    /// The exchanges `filter` selects, oldest first (so the newest is printed last).
    func exchanges(_ filter: Filter) throws -> [LoggedExchange] {
        // Only fixed SQL fragments are joined here; every value is a bound parameter.
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if let conversation = filter.conversation {
            conditions.append("conversation_id = ?")
            values.append(.text(conversation))
        }
        if let search = filter.search {
            conditions.append("(prompt LIKE ? ESCAPE '\\' OR answer LIKE ? ESCAPE '\\')")
            let pattern = "%" + Self.escapeLike(search) + "%"
            values += [.text(pattern), .text(pattern)]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        values.append(.integer(filter.limit.map(Int64.init) ?? -1))
        let sql = """
            SELECT * FROM (SELECT * FROM exchanges \(whereClause) ORDER BY id DESC LIMIT ?) ORDER BY id
            """
        return try withConnection { connection in
            try connection.query(sql, values).map { row in
                var exchange = Self.exchange(row)
                if let id = exchange.id {
                    exchange.attachments = try connection.query(
                        "SELECT * FROM attachments WHERE exchange_id = ? ORDER BY rowid", [.integer(id)]
                    ).compactMap(Self.attachment)
                }
                return exchange
            }
        }
    }

    /// The conversation of the most recent exchange, if any.
    func latestConversationID() throws -> String? {
        try withConnection { connection in
            try connection.query("SELECT conversation_id FROM exchanges ORDER BY id DESC LIMIT 1").first?[0].text
        }
    }

    /// Whether a conversation with this id was logged.
    func conversationExists(_ id: String) throws -> Bool {
        try withConnection { connection in
            try !connection.query("SELECT 1 FROM conversations WHERE id = ?", [.text(id)]).isEmpty
        }
    }

    /// `text` with LIKE's wildcards (`%`, `_`) and the escape character itself escaped.
    static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    private static func exchange(_ row: SQLiteRow) -> LoggedExchange {
        let decoder = JSONDecoder()
        let attempts = row["attempts"].text.flatMap { try? decoder.decode([LoggedAttempt].self, from: Data($0.utf8)) }
        let options = row["options"].text.flatMap { try? decoder.decode(LoggedOptions.self, from: Data($0.utf8)) }
        return LoggedExchange(
            id: row["id"].integer, conversationID: row["conversation_id"].text ?? "",
            time: row["time"].text.flatMap(LoggedExchange.date) ?? Date(timeIntervalSince1970: 0),
            prompt: row["prompt"].text ?? "", system: row["system"].text, answer: row["answer"].text,
            pool: row["pool"].text ?? "", member: row["member"].text, provider: row["provider"].text,
            promptTokens: row["prompt_tokens"].integer.map(Int.init),
            completionTokens: row["completion_tokens"].integer.map(Int.init),
            usageEstimated: row["usage_estimated"].integer == 1, costUSD: row["cost_usd"].real,
            latencyMs: row["latency_ms"].integer.map(Int.init), finishReason: row["finish_reason"].text,
            error: row["error"].text, attempts: attempts ?? [], options: options)
    }

    private static func attachment(_ row: SQLiteRow) -> LoggedAttachment? {
        guard let kind = row["kind"].text.flatMap(LoggedAttachment.Kind.init(rawValue:)) else { return nil }
        return LoggedAttachment(
            kind: kind, reference: row["reference"].text ?? "", mediaType: row["media_type"].text ?? "",
            bytes: Int(row["bytes"].integer ?? 0), sha256: row["sha256"].text ?? "")
    }
}
