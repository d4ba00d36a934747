import Foundation

/// What an error body says, whichever provider wrote it: OpenAI `{"error":{"message","type","code"}}`,
/// Anthropic `{"type":"error","error":{"type","message"}}`, Google `{"error":{"code","message","status",
/// "details":[{"reason"},{"retryDelay"}]}}`, or plain text.
struct ErrorBody: Sendable {
    /// Every structured code found (`type`, `code`, `status`, `details[].reason`…).
    var codes: [String] = []
    /// The human message, if any (not yet redacted).
    var message: String?
    /// Google's `RetryInfo.retryDelay` (`"26s"`).
    var retryDelay: String?

    init(_ data: Data) {
        guard !data.isEmpty else { return }
        guard let object = JSONValue(parsing: data) else {
            let text = String(decoding: data.prefix(2048), as: UTF8.self)
            message = text.isEmpty ? nil : text
            return
        }
        let root = object.objectValue
        // Some servers answer with a list of errors.
        let error = root?["error"]?.objectValue
            ?? object.arrayValue?.first?["error"]?.objectValue
            ?? root
        guard let error else { return }
        for key in ["type", "code", "status"] {
            if let value = error[key]?.stringValue { codes.append(value) }
        }
        if let type = error["error"]?["type"]?.stringValue {
            codes.append(type)
        }
        if let details = error["details"]?.objectElements {
            for detail in details {
                if let reason = detail["reason"]?.stringValue { codes.append(reason) }
                if let delay = detail["retryDelay"]?.stringValue { retryDelay = delay }
            }
        }
        // Anthropic's spend-limit detail.
        if let code = error["details"]?["error_code"]?.stringValue {
            codes.append(code)
        }
        if let rootType = root?["type"]?.stringValue, rootType != "error" { codes.append(rootType) }
        message = error["message"]?.stringValue ?? root?["message"]?.stringValue
    }
}

/// Removes credentials from text that came from elsewhere (provider messages may echo a key,
/// masked or not).
enum Redactor {
    /// Replaces every occurrence of the given secrets, and anything shaped like an API key, with `[redacted]`.
    static func redact(_ text: String, secrets: [String] = []) -> String {
        var result = text
        for secret in secrets where secret.count >= 4 {
            result = result.replacingOccurrences(of: secret, with: "[redacted]")
        }
        guard result.contains("sk-") || result.contains("AIza") || result.contains("gsk_") || result.contains("key-")
            || result.contains("Bearer ")
        else { return result }
        var output = ""
        var index = result.startIndex
        let prefixes = ["sk-", "AIza", "gsk_", "key-", "Bearer "]
        while index < result.endIndex {
            if let prefix = prefixes.first(where: { result[index...].hasPrefix($0) }) {
                var end = result.index(index, offsetBy: prefix.count)
                while end < result.endIndex, isKeyCharacter(result[end]) { end = result.index(after: end) }
                if result.distance(from: index, to: end) >= prefix.count + 4 {
                    output += "[redacted]"
                    index = end
                    continue
                }
            }
            output.append(result[index])
            index = result.index(after: index)
        }
        return output
    }

    private static func isKeyCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == "*" || c == ".")
    }

    /// The message shown for a provider error: redacted, on one line, at most 300 characters.
    static func summary(_ text: String, secrets: [String]) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        let clipped = oneLine.count > 300 ? String(oneLine.prefix(300)) + "…" : oneLine
        return redact(clipped, secrets: secrets)
    }
}

extension WireProtocol {
    /// The shared error mapping: structured codes and message from the body, status, Retry-After.
    func failure(status: Int, headers: [(name: String, value: String)], body: Data, now: Timestamp, cap: Duration)
        -> UpstreamFailure
    {
        standardFailure(status: status, headers: headers, body: body, now: now, cap: cap, secrets: [])
    }

    func standardFailure(
        status: Int, headers: [(name: String, value: String)], body: Data, now: Timestamp, cap: Duration,
        secrets: [String]
    ) -> UpstreamFailure {
        let parsed = ErrorBody(body)
        let hint = RetryAfter.parse(headers: headers, bodyRetryDelay: parsed.retryDelay, now: now, cap: cap)
        let errorClass = ErrorClassifier.classify(
            status: status, codes: parsed.codes, message: parsed.message, retryHint: hint != nil)
        let retryAfter = [.rateLimited, .quota, .transient].contains(errorClass) ? hint : nil
        let message = parsed.message.map { Redactor.summary($0, secrets: secrets) } ?? "HTTP \(status)"
        return UpstreamFailure(
            errorClass, status: status, code: parsed.codes.first, message: message, retryAfter: retryAfter)
    }
}
