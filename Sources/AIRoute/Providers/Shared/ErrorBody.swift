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
        let error =
            root?["error"]?.objectValue
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

extension WireProtocol {
    /// The shared error mapping: structured codes and message from the body, status, Retry-After.
    func failure(
        status: Int, headers: [(name: String, value: String)], body: Data, now: Timestamp, cap: Duration
    )
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
