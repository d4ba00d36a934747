/// One event of a `text/event-stream` body, as dispatched by the WHATWG event-stream parser.
///
/// ```text
/// event: message_start        ← event
/// id: 42                      ← id
/// data: {"type": "message…    ← data (several data lines are joined with "\n")
///
/// ```
public struct ServerSentEvent: Hashable, Sendable {
    /// The `event:` field, or `nil` when the event had none (its type is then `message`).
    public var event: String?
    /// The `data:` lines, joined with `"\n"`.
    public var data: String
    /// The last event id the stream set (an `id:` field persists across events, per the spec).
    public var id: String?
    /// The `retry:` reconnection time in milliseconds, when the event's block had a valid one.
    public var retry: Int?

    /// Creates an event.
    public init(event: String? = nil, data: String, id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }

    /// The event's type: ``event``, or `message` when it had none.
    public var type: String { event ?? "message" }

    /// Whether this is OpenAI's end-of-stream sentinel, `data: [DONE]`.
    public var isDone: Bool { data == "[DONE]" }
}
