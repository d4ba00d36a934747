import Foundation

/// Removes credentials from text that came from elsewhere (provider messages may echo a key,
/// masked or not).
enum Redactor {
    /// Replaces every occurrence of the given secrets, and anything shaped like an API key, with `[redacted]`.
    static func redact(_ text: String, secrets: [String] = []) -> String {
        var result = text
        for secret in secrets where secret.count >= 4 {
            result = result.replacingOccurrences(of: secret, with: "[redacted]")
        }
        guard
            result.contains("sk-") || result.contains("AIza") || result.contains("gsk_") || result.contains("key-")
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
