/// Parses the wait a provider asks for: `retry-after-ms`, `Retry-After` (seconds or HTTP-date),
/// OpenAI's `x-ratelimit-reset-*` durations, Anthropic's `anthropic-ratelimit-*-reset` times and
/// Gemini's `RetryInfo.retryDelay`.
///
/// Only positive, finite, well-formed hints count; anything else (zero, negative, garbage,
/// non-ASCII digits, overflowing numbers, dates in the past) means "no hint". The result is
/// capped by the caller's limit, so a hostile hint never causes a wait beyond it.
///
/// Provider knowledge, used by the wire formats; open to the fuzz harness and the benchmarks as
/// `@_spi(Testing)`.
@_spi(Testing) public enum RetryAfter {
    /// The wait hinted by `headers` (names case-insensitive) and an optional body `retryDelay`.
    ///
    /// Precedence: `retry-after-ms`, `retry-after`, body `retryDelay`, `x-ratelimit-reset-requests` /
    /// `-tokens`, `anthropic-ratelimit-*-reset`. The first well-formed hint wins.
    public static func parse(
        headers: [(name: String, value: String)], bodyRetryDelay: String? = nil, now: Timestamp, cap: Duration
    ) -> Duration? {
        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name }?.value.trimmingBlanks()
        }
        var hint: Double?
        if let ms = header("retry-after-ms"), let value = decimalSeconds(ms) {
            hint = value / 1000
        } else if let value = header("retry-after"), let seconds = decimalSeconds(value) ?? httpDate(value, now: now) {
            hint = seconds
        } else if let delay = bodyRetryDelay, let seconds = goDuration(delay.trimmingBlanks()) {
            hint = seconds
        } else {
            let resets = ["x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"].compactMap { header($0) }
                .compactMap(goDuration)
            let anthropic = headers.filter {
                let n = $0.name.lowercased()
                return n.hasPrefix("anthropic-ratelimit-") && n.hasSuffix("-reset")
            }.compactMap { ISO8601.parse($0.value.trimmingBlanks()).map { $0.secondsSince1970 - now.secondsSince1970 } }
                .filter { $0 > 0 }
            hint = (resets + anthropic).max()
        }
        guard let seconds = hint, seconds > 0, seconds.isFinite else { return nil }
        let wait = Duration.seconds(min(seconds, cap.seconds))
        // A positive hint below Duration's resolution ("0.000…015", found by FuzzRetryAfter) rounds
        // to zero: that is no hint, not a zero-length cooldown.
        return wait > .zero ? wait : nil
    }

    /// `"20"`, `"1.5"` → seconds; only ASCII digits with an optional fraction, at most 18 integer digits.
    public static func decimalSeconds(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        var integer = 0.0
        var fraction = 0.0
        var scale = 0.1
        var seenDot = false
        var digits = 0
        for b in bytes {
            if b == 46 {
                guard !seenDot else { return nil }
                seenDot = true
                continue
            }
            guard b >= 48, b <= 57 else { return nil }
            if seenDot {
                fraction += Double(b - 48) * scale
                scale /= 10
            } else {
                digits += 1
                guard digits <= 18 else { return nil }
                integer = integer * 10 + Double(b - 48)
            }
        }
        guard digits > 0 else { return nil }
        let value = integer + fraction
        return value > 0 ? value : nil
    }

    /// Go-style durations as OpenAI and Google send them: `"6m0s"`, `"12ms"`, `"26s"`, `"1.5s"`, `"1h2m"`.
    public static func goDuration(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        var i = 0
        var total = 0.0
        while i < bytes.count {
            let start = i
            while i < bytes.count, (bytes[i] >= 48 && bytes[i] <= 57) || bytes[i] == 46 { i += 1 }
            guard i > start, let number = decimalOrZero(Array(bytes[start..<i])) else { return nil }
            let unitStart = i
            while i < bytes.count, bytes[i] >= 97, bytes[i] <= 122 { i += 1 }
            switch String(decoding: bytes[unitStart..<i], as: UTF8.self) {
            case "h": total += number * 3600
            case "m": total += number * 60
            case "s": total += number
            case "ms": total += number / 1000
            case "us", "µs": total += number / 1e6
            case "ns": total += number / 1e9
            default: return nil
            }
        }
        return total > 0 && total.isFinite ? total : nil
    }

    private static func decimalOrZero(_ bytes: [UInt8]) -> Double? {
        if bytes.allSatisfy({ $0 == 48 || $0 == 46 }), bytes.contains(48) { return 0 }
        return decimalSeconds(String(decoding: bytes, as: UTF8.self))
    }

    /// An IMF-fixdate (`Wed, 21 Oct 2015 07:28:00 GMT`) as seconds from `now`; `nil` when past or malformed.
    public static func httpDate(_ text: String, now: Timestamp) -> Double? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
            let day = Int(parts[1]), parts[1].count == 2,
            let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
                .firstIndex(of: String(parts[2])),
            let year = Int(parts[3]), parts[3].count == 4
        else { return nil }
        let time = parts[4].split(separator: ":")
        guard time.count == 3, time.allSatisfy({ $0.count == 2 }), let h = Int(time[0]), let m = Int(time[1]),
            let s = Int(time[2]),
            CivilTime.isValid(year: year, month: month + 1, day: day, hour: h, minute: m, second: s)
        else { return nil }
        let epoch = CivilTime.days(year: year, month: month + 1, day: day) * 86400 + h * 3600 + m * 60 + s
        let delta = Double(epoch) - now.secondsSince1970
        return delta > 0 ? delta : nil
    }
}
