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
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            let text = String(decoding: data.prefix(2048), as: UTF8.self)
            message = text.isEmpty ? nil : text
            return
        }
        let root = object as? [String: Any]
        // Some servers answer with a list of errors.
        let error = (root?["error"] as? [String: Any])
            ?? ((object as? [Any])?.first as? [String: Any])?["error"] as? [String: Any]
            ?? root
        guard let error else { return }
        for key in ["type", "code", "status"] {
            if let value = error[key] as? String { codes.append(value) }
        }
        if let innerError = error["error"] as? [String: Any], let type = innerError["type"] as? String {
            codes.append(type)
        }
        if let details = error["details"] as? [[String: Any]] {
            for detail in details {
                if let reason = detail["reason"] as? String { codes.append(reason) }
                if let delay = detail["retryDelay"] as? String { retryDelay = delay }
            }
        }
        // Anthropic's spend-limit detail.
        if let details = error["details"] as? [String: Any], let code = details["error_code"] as? String {
            codes.append(code)
        }
        if let rootType = root?["type"] as? String, rootType != "error" { codes.append(rootType) }
        message = error["message"] as? String ?? root?["message"] as? String
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
