/// A point in wall-clock time, in seconds since 1970-01-01 UTC.
///
/// Wall-clock rather than monotonic time, because health state is persisted and shared
/// between processes; the persisted-state code guards against skew.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Double

    /// Creates a timestamp.
    public init(secondsSince1970: Double) { self.secondsSince1970 = secondsSince1970 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    /// The timestamp `duration` later.
    public static func + (lhs: Timestamp, rhs: Duration) -> Timestamp {
        Timestamp(secondsSince1970: lhs.secondsSince1970 + rhs.seconds)
    }

    /// The time from `rhs` to `lhs`.
    public static func - (lhs: Timestamp, rhs: Timestamp) -> Duration {
        .seconds(lhs.secondsSince1970 - rhs.secondsSince1970)
    }

    /// ISO 8601 in UTC with milliseconds, e.g. `2026-11-25T09:00:00.000Z`.
    public var description: String { ISO8601.format(self) }

    public init(from decoder: any Decoder) throws {
        secondsSince1970 = try decoder.singleValueContainer().decode(Double.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(secondsSince1970)
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    /// The duration in (fractional) milliseconds.
    public var milliseconds: Double { seconds * 1000 }
}
