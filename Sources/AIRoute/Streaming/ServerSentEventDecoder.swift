/// An incremental decoder of `text/event-stream` bodies, following the WHATWG HTML
/// specification, §9.2.6 "Interpreting an event stream".
///
/// A synchronous value type: append bytes as they arrive, in chunks split anywhere (inside a
/// line, inside a `\r\n` pair, inside a multi-byte UTF-8 character), and take the events that
/// are complete.
///
/// ```swift
/// var decoder = ServerSentEventDecoder()
/// for try await buffer in response.body {
///     for event in try decoder.feed(buffer.readableBytesView) {
///         if event.isDone { break }
///         handle(event.data)
///     }
/// }
/// let end = try decoder.finish()
/// if !end.isComplete { /* the stream stopped inside an event */ }
/// ```
///
/// The specification's rules, as applied here:
///
/// > Lines must be separated by either a U+000D CARRIAGE RETURN U+000A LINE FEED (CRLF) character
/// > pair, a single U+000A LINE FEED (LF) character, or a single U+000D CARRIAGE RETURN (CR)
/// > character.
///
/// > If the line is empty (a blank line): dispatch the event. If the line starts with a U+003A
/// > COLON character (:): ignore the line. If the line contains a U+003A COLON character: collect
/// > the characters on the line before the first colon, and let field be that string; collect
/// > the characters on the line after the first colon, and let value be that string. If value
/// > starts with a U+0020 SPACE character, remove it from value. Otherwise, the string is not
/// > empty but does not contain a colon: use the whole line as the field name, and the empty
/// > string as the field value.
///
/// > Once the end of the file is reached, any pending data must be discarded. (If the file ends
/// > in the middle of an event, before the final empty line, the incomplete event is not
/// > dispatched.)
///
/// A leading UTF-8 byte order mark is skipped. Lines are decoded as UTF-8 with invalid
/// sequences replaced by U+FFFD. `data: [DONE]` is an ordinary event (see
/// ``ServerSentEvent/isDone``). A line, or the data of one event, longer than
/// ``maximumEventSize`` bytes throws ``ServerSentEventError/Code/eventTooLarge``; the decoder
/// should then be discarded.
public struct ServerSentEventDecoder: Sendable {
    /// The default limit on a line's and an event's size: 16 MiB.
    public static let defaultMaximumEventSize = 16 * 1024 * 1024

    /// The largest line, and the largest data of one event, in bytes.
    public let maximumEventSize: Int
    /// The reconnection time (milliseconds) most recently set by a valid `retry:` field.
    public private(set) var reconnectionTime: Int?

    private var buffer: [UInt8] = []
    /// Start of the bytes not yet parsed.
    private var readIndex = 0
    /// Where the search for the next line break resumes (bytes before it hold none).
    private var scanIndex = 0
    /// The last line ended with CR at the end of the input: a LF that comes next belongs to it.
    private var skipsLineFeed = false
    private var checkedByteOrderMark = false
    private var isFinishing = false
    /// The data buffer: each `data:` value followed by LF.
    private var data: [UInt8] = []
    private var eventType: String?
    private var lastEventID: String?
    private var eventRetry: Int?

    /// Creates a decoder.
    ///
    /// - Parameter maximumEventSize: The largest line, and the largest data of one event, in
    ///   bytes; beyond it, decoding throws (protection against an endless line).
    public init(maximumEventSize: Int = ServerSentEventDecoder.defaultMaximumEventSize) {
        self.maximumEventSize = maximumEventSize
    }

    /// Appends the next bytes of the stream. Call ``next()`` to take the events they complete.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if readIndex > 0 {
            if readIndex == buffer.count {
                buffer.removeAll(keepingCapacity: true)
            } else {
                buffer.removeSubrange(0..<readIndex)
            }
            scanIndex -= readIndex
            readIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete event, or `nil` when the bytes appended so far complete no further one.
    ///
    /// - Throws: ``ServerSentEventError/Code/eventTooLarge`` when a line or an event's data
    ///   exceeds ``maximumEventSize``.
    public mutating func next() throws(ServerSentEventError) -> ServerSentEvent? {
        guard skipByteOrderMark() else { return nil }
        while true {
            if skipsLineFeed {
                guard readIndex < buffer.count else { return nil }
                if buffer[readIndex] == .lineFeed { readIndex += 1 }
                skipsLineFeed = false
            }
            scanIndex = max(scanIndex, readIndex)
            guard let lineEnd = buffer[scanIndex...].firstIndex(where: { $0 == .lineFeed || $0 == .carriageReturn })
            else {
                scanIndex = buffer.count
                if buffer.count - readIndex > maximumEventSize { throw tooLarge() }
                return nil
            }
            let line = buffer[readIndex..<lineEnd]
            if buffer[lineEnd] == .carriageReturn {
                if lineEnd + 1 < buffer.count {
                    readIndex = buffer[lineEnd + 1] == .lineFeed ? lineEnd + 2 : lineEnd + 1
                } else {
                    readIndex = lineEnd + 1
                    skipsLineFeed = true
                }
            } else {
                readIndex = lineEnd + 1
            }
            scanIndex = readIndex
            if line.count > maximumEventSize { throw tooLarge() }
            if let event = try process(line: line) { return event }
        }
    }

    /// Appends bytes and returns every event they complete.
    ///
    /// - Throws: ``ServerSentEventError/Code/eventTooLarge`` when a line or an event's data
    ///   exceeds ``maximumEventSize``.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(ServerSentEventError) -> [ServerSentEvent] {
        append(bytes)
        var events: [ServerSentEvent] = []
        while let event = try next() {
            events.append(event)
        }
        return events
    }

    /// Ends the stream: returns the complete events not yet taken, and what had arrived of an
    /// event the stream ended in (which is discarded, per the specification). The decoder is
    /// then empty, ready for a new stream.
    ///
    /// - Throws: ``ServerSentEventError/Code/eventTooLarge`` when a line or an event's data
    ///   exceeds ``maximumEventSize``.
    public mutating func finish() throws(ServerSentEventError) -> EndOfStream {
        isFinishing = true
        var events: [ServerSentEvent] = []
        while let event = try next() {
            events.append(event)
        }
        var hasPartialLine = false
        let rest = buffer[readIndex...]
        if let first = rest.first, first != .colon {
            hasPartialLine = true
            _ = try process(line: rest)
        }
        var truncated: ServerSentEvent?
        if hasPartialLine || !data.isEmpty || eventType != nil {
            truncated = ServerSentEvent(
                event: eventType, data: String(decoding: data.dropLast(), as: UTF8.self), id: lastEventID,
                retry: eventRetry)
        }
        self = ServerSentEventDecoder(maximumEventSize: maximumEventSize)
        return EndOfStream(events: events, truncatedEvent: truncated)
    }

    /// How a stream ended: the complete events still buffered and, if the stream stopped inside
    /// an event, what had arrived of it.
    public struct EndOfStream: Hashable, Sendable {
        /// Complete events that ``ServerSentEventDecoder/next()`` had not yet returned.
        public var events: [ServerSentEvent]
        /// What had arrived of the event the stream ended in: fields without their dispatching
        /// blank line, or a partial last line (processed as if complete). `nil` after a clean end.
        public var truncatedEvent: ServerSentEvent?

        /// Creates an end-of-stream report.
        public init(events: [ServerSentEvent] = [], truncatedEvent: ServerSentEvent? = nil) {
            self.events = events
            self.truncatedEvent = truncatedEvent
        }

        /// Whether the stream ended between events (comments and blank lines aside).
        public var isComplete: Bool { truncatedEvent == nil }
    }
}

// MARK: - Lines and fields

extension ServerSentEventDecoder {
    /// Skips a UTF-8 byte order mark at the start of the stream; `false` while too few bytes
    /// have arrived to tell.
    private mutating func skipByteOrderMark() -> Bool {
        guard !checkedByteOrderMark else { return true }
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let available = buffer[readIndex...].prefix(3)
        guard available.elementsEqual(byteOrderMark.prefix(available.count)) else {
            checkedByteOrderMark = true
            return true
        }
        if available.count == 3 {
            readIndex += 3
        } else if !isFinishing {
            return false
        }
        checkedByteOrderMark = true
        return true
    }

    /// Interprets one line (without its line break); returns the event a blank line dispatches.
    private mutating func process(line: ArraySlice<UInt8>) throws(ServerSentEventError) -> ServerSentEvent? {
        guard let first = line.first else { return dispatch() }
        if first == .colon { return nil }  // A comment, e.g. ": OPENROUTER PROCESSING".
        let name: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: .colon) {
            name = line[..<colon]
            value = line[(colon + 1)...]
            if value.first == .space { value = value.dropFirst() }
        } else {
            name = line
            value = []
        }
        if name.elementsEqual("data".utf8) {
            if data.count + value.count + 1 > maximumEventSize { throw tooLarge() }
            data.append(contentsOf: value)
            data.append(.lineFeed)
        } else if name.elementsEqual("event".utf8) {
            eventType = String(decoding: value, as: UTF8.self)
        } else if name.elementsEqual("id".utf8) {
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        } else if name.elementsEqual("retry".utf8) {
            if !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let milliseconds = Int(String(decoding: value, as: UTF8.self))
            {
                reconnectionTime = milliseconds
                eventRetry = milliseconds
            }
        }
        // Any other field is ignored.
        return nil
    }

    /// Dispatches the buffered event at a blank line: none when the data buffer is empty.
    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            data.removeAll(keepingCapacity: true)
            eventType = nil
            eventRetry = nil
        }
        guard !data.isEmpty else { return nil }
        let type = eventType.flatMap { $0.isEmpty ? nil : $0 }
        return ServerSentEvent(
            event: type, data: String(decoding: data.dropLast(), as: UTF8.self), id: lastEventID, retry: eventRetry)
    }

    private func tooLarge() -> ServerSentEventError {
        ServerSentEventError(code: .eventTooLarge, limit: maximumEventSize)
    }
}

extension UInt8 {
    fileprivate static let lineFeed: UInt8 = 0x0A
    fileprivate static let carriageReturn: UInt8 = 0x0D
    fileprivate static let colon: UInt8 = 0x3A
    fileprivate static let space: UInt8 = 0x20
}
