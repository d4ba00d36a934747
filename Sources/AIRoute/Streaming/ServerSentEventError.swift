/// Why a `text/event-stream` body could not be decoded.
public struct ServerSentEventError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var code: Code
    /// The size limit that was exceeded, for ``Code/eventTooLarge``.
    public var limit: Int?
    /// What had arrived of the event the stream ended in, for ``Code/truncatedEvent``.
    public var truncatedEvent: ServerSentEvent?

    /// Creates an error.
    public init(code: Code, limit: Int? = nil, truncatedEvent: ServerSentEvent? = nil) {
        self.code = code
        self.limit = limit
        self.truncatedEvent = truncatedEvent
    }

    /// A one-line description.
    public var description: String {
        switch code.base {
        case .eventTooLarge:
            "server-sent event exceeds the limit of \(limit.map(String.init) ?? "?") bytes"
        case .truncatedEvent:
            "event stream ended in the middle of an event"
        }
    }

    /// The kind of failure; a struct so that kinds can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: Hashable, Sendable {
            case eventTooLarge
            case truncatedEvent
        }

        let base: Base

        /// A line or an event's data grew beyond the decoder's maximum event size
        /// (an endless line, or a server that never sends a blank line).
        public static let eventTooLarge = Code(base: .eventTooLarge)
        /// The stream ended after part of an event but before the blank line that dispatches it.
        public static let truncatedEvent = Code(base: .truncatedEvent)

        /// The code's name.
        public var description: String {
            switch base {
            case .eventTooLarge: "eventTooLarge"
            case .truncatedEvent: "truncatedEvent"
            }
        }
    }
}
