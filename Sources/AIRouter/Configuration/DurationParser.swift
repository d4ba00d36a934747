/// Parses the duration syntax of configuration files.
///
/// Accepted: a number with a unit — `250ms`, `30s`, `5m`, `1h`, `1.5s` — several such parts
/// run together (`1m30s`), or a bare number meaning seconds (`30`, `0.5`). Negative values,
/// unknown units and garbage are rejected.
package enum DurationParser {
    /// Why a duration was rejected.
    package enum Failure: Error, Equatable {
        /// Not of the accepted shape.
        case malformed
        /// Starts with a minus sign.
        case negative
        /// Larger than a `Duration` built from 64-bit nanoseconds can represent sensibly.
        case tooLarge
    }

    private static let units: [(suffix: String, nanoseconds: Double)] = [
        ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ]

    /// Parses `text` (surrounding blanks ignored).
    package static func parse(_ text: String) -> Result<Duration, Failure> {
        let trimmed = text.trimmingBlanks()
        if trimmed.hasPrefix("-") { return .failure(.negative) }
        guard !trimmed.isEmpty else { return .failure(.malformed) }
        if let seconds = parseNumber(Substring(trimmed)) {
            return make(nanoseconds: seconds * 1e9)
        }
        var rest = Substring(trimmed)
        var total = 0.0
        while !rest.isEmpty {
            let numberPart = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard let value = parseNumber(numberPart) else { return .failure(.malformed) }
            rest = rest.dropFirst(numberPart.count)
            let unitPart = rest.prefix { $0.isASCII && $0.isLetter }
            guard let unit = units.first(where: { $0.suffix == unitPart }) else { return .failure(.malformed) }
            rest = rest.dropFirst(unitPart.count)
            total += value * unit.nanoseconds
        }
        return make(nanoseconds: total)
    }

    /// `digits[.digits]`, nothing else.
    private static func parseNumber(_ text: Substring) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        return Double(text)
    }

    private static func make(nanoseconds: Double) -> Result<Duration, Failure> {
        guard nanoseconds.isFinite else { return .failure(.malformed) }
        // About 100 years: far beyond any sensible timeout, far below Int64 overflow.
        guard nanoseconds < 3.2e18 else { return .failure(.tooLarge) }
        return .success(.nanoseconds(Int64(nanoseconds.rounded())))
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    package func trimmingBlanks() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
