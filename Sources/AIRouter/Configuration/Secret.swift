/// A credential read from configuration.
///
/// Its `description` never shows the value, so a `Secret` interpolated into a message,
/// dumped or logged by accident reveals nothing. Read the value with ``reveal()`` only
/// where it is put on the wire.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    /// Wraps a credential value.
    public init(_ value: String) { self.value = value }

    /// The credential itself; call only to build an outgoing request.
    public func reveal() -> String { value }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }
    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }
}
