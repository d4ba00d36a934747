/// A string-valued wire field whose set of values the server may extend.
///
/// Conforming types (``ChatRole``, ``FinishReason``, ``Voice``, ``AudioFormat``…) are structs
/// with static constants for the known values, so an unknown value decodes instead of failing:
///
/// ```swift
/// let reason = try JSONDecoder().decode(FinishReason.self, from: Data(#""eos""#.utf8))
/// reason == .stop      // false
/// reason.rawValue      // "eos"
/// ```
///
/// Encoding and decoding as a bare JSON string come from the standard library's
/// `RawRepresentable` support; this protocol adds string literals and `description`.
public protocol OpenStringValue:
    RawRepresentable<String>, Codable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible
{
    /// Creates the value spelled `rawValue` on the wire.
    init(rawValue: String)
}

extension OpenStringValue {
    /// Creates the value spelled `value` on the wire.
    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    /// The wire spelling.
    public var description: String { rawValue }
}
