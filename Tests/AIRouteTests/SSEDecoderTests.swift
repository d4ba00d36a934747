import AIRoute
import Testing

struct SSEDecoderTests {
    /// A stream exercising every rule: BOM, all three line endings, comments, multi-line data,
    /// `event`, `id`, `retry`, a field without colon, no space / two spaces after the colon,
    /// multi-byte UTF-8, an empty-data event and `[DONE]`.
    static let stream: [UInt8] =
        [0xEF, 0xBB, 0xBF]
        + Array(
            (": OPENROUTER PROCESSING\r\n\r\n"
                + "data: héllo 🌍\r\n\r\n"
                + "event: message_start\nid: 7\nretry: 1500\ndata: {\"a\":\n"
                + "data:1}\n\n"
                + "data:  two spaces\r\rdata\n\n"
                + "unknown: field\nid\ndata: ünïcödé ✓ \u{1F600}\r"
                + ": comment inside an event\r\n"
                + "data\r\n\r\n"
                + "retry: 12x\ndata: [DONE]\n\n").utf8)

    static let expected: [ServerSentEvent] = [
        ServerSentEvent(data: "héllo 🌍"),
        ServerSentEvent(event: "message_start", data: "{\"a\":\n1}", id: "7", retry: 1500),
        ServerSentEvent(data: " two spaces", id: "7"),
        ServerSentEvent(data: "", id: "7"),
        ServerSentEvent(data: "ünïcödé ✓ \u{1F600}\n", id: ""),
        ServerSentEvent(data: "[DONE]", id: ""),
    ]

    private func decodeAll(_ chunks: [ArraySlice<UInt8>]) throws -> [ServerSentEvent] {
        var decoder = ServerSentEventDecoder()
        var events: [ServerSentEvent] = []
        for chunk in chunks {
            events += try decoder.feed(chunk)
        }
        let end = try decoder.finish()
        #expect(end.isComplete)
        return events + end.events
    }

    @Test func decodesWholeStream() throws {
        let events = try decodeAll([Self.stream[...]])
        #expect(events == Self.expected)
        #expect(events.last?.isDone == true)
        #expect(events.first?.type == "message")
    }

    @Test func decodesStreamByteByByte() throws {
        #expect(try decodeAll(Self.stream.indices.map { Self.stream[$0...$0] }) == Self.expected)
    }

    @Test(arguments: 1...50 as ClosedRange<UInt64>)
    func decodesStreamInRandomSlices(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var chunks: [ArraySlice<UInt8>] = []
        var start = 0
        while start < Self.stream.count {
            let end = min(Self.stream.count, start + Int(random.next() % 12))
            chunks.append(Self.stream[start..<end])  // empty chunks included
            start = end
        }
        #expect(try decodeAll(chunks) == Self.expected)
    }

    @Test func carriageReturnAtChunkEndThenLineFeedIsOneLineBreak() throws {
        var decoder = ServerSentEventDecoder()
        #expect(try decoder.feed(Array("data: a\r".utf8)).isEmpty)
        #expect(try decoder.feed(Array("\ndata: b\r".utf8)).isEmpty)
        #expect(try decoder.feed(Array("\n\r".utf8)) == [ServerSentEvent(data: "a\nb")])
        #expect(try decoder.feed(Array("\ndata: c\r".utf8)).isEmpty)
        #expect(try decoder.feed(Array("\r".utf8)) == [ServerSentEvent(data: "c")])
        #expect(try decoder.finish().isComplete)
    }

    @Test func nextReturnsEventsOneAtATime() throws {
        var decoder = ServerSentEventDecoder()
        decoder.append(Array("data: 1\n\ndata: 2\n\ndata: 3".utf8))
        #expect(try decoder.next()?.data == "1")
        #expect(try decoder.next()?.data == "2")
        #expect(try decoder.next() == nil)
        decoder.append(Array("\n\n".utf8))
        #expect(try decoder.next()?.data == "3")
        #expect(try decoder.next() == nil)
        #expect(decoder.reconnectionTime == nil)
    }

    @Test func idWithNullIsIgnoredAndRetrySetsReconnectionTime() throws {
        var decoder = ServerSentEventDecoder()
        let events = try decoder.feed(Array("id: 1\nretry: 250\ndata: a\n\nid: 2\u{0}x\ndata: b\n\n".utf8))
        #expect(events == [ServerSentEvent(data: "a", id: "1", retry: 250), ServerSentEvent(data: "b", id: "1")])
        #expect(decoder.reconnectionTime == 250)
    }

    @Test func rejectsEndlessLine() throws {
        var decoder = ServerSentEventDecoder(maximumEventSize: 64)
        #expect(try decoder.feed(Array(repeating: UInt8(ascii: "a"), count: 60)).isEmpty)
        #expect(throws: ServerSentEventError(code: .eventTooLarge, limit: 64)) {
            try decoder.feed(Array(repeating: UInt8(ascii: "a"), count: 10))
        }
    }

    @Test func rejectsEventLargerThanLimit() throws {
        var decoder = ServerSentEventDecoder(maximumEventSize: 64)
        let line = Array("data: 0123456789abcdef0123456789\n".utf8)  // 27 bytes of data per line
        #expect(try decoder.feed(line + line).isEmpty)
        #expect(throws: ServerSentEventError.self) {
            try decoder.feed(line)
        }
        var roomy = ServerSentEventDecoder(maximumEventSize: 64)
        #expect(try roomy.feed(line + line + Array("\n".utf8)).count == 1)
    }

    @Test func reportsPartialTrailingEvent() throws {
        var decoder = ServerSentEventDecoder()
        #expect(try decoder.feed(Array("data: a\n\ndata: b\ndata: [DO".utf8)).map(\.data) == ["a"])
        let end = try decoder.finish()
        #expect(!end.isComplete)
        #expect(end.truncatedEvent?.data == "b\n[DO")

        var fieldsOnly = ServerSentEventDecoder()
        _ = try fieldsOnly.feed(Array("data: [DONE]\n".utf8))
        #expect(try fieldsOnly.finish().truncatedEvent == ServerSentEvent(data: "[DONE]"))

        var clean = ServerSentEventDecoder()
        _ = try clean.feed(Array("data: a\n\n: keep-alive".utf8))
        #expect(try clean.finish().isComplete)
    }

    @Test func sequenceDecodesChunksAndFailsOnTruncatedEnd() async throws {
        let complete = ServerSentEventSequence(
            Self.chunks([
                Array("data: héllo ".utf8), Array("🌍".utf8.prefix(2)), Array("🌍".utf8.dropFirst(2)), [0x0A, 0x0A],
            ]))
        var events: [ServerSentEvent] = []
        for try await event in complete {
            events.append(event)
        }
        #expect(events == [ServerSentEvent(data: "héllo 🌍")])

        let truncated = ServerSentEventSequence(Self.chunks(["data: a\n\n", "data: b"]))
        var received: [String] = []
        await #expect(throws: ServerSentEventError.self) {
            for try await event in truncated {
                received.append(event.data)
            }
        }
        #expect(received == ["a"])

        let lenient = ServerSentEventSequence(Self.chunks(["data: a\n\n", "data: b"]), throwsOnTruncatedEvent: false)
        var count = 0
        for try await _ in lenient {
            count += 1
        }
        #expect(count == 1)
    }

    private static func chunks(_ parts: [[UInt8]]) -> AsyncStream<[UInt8]> {
        AsyncStream { continuation in
            for array in parts {
                continuation.yield(array)
            }
            continuation.finish()
        }
    }

    private static func chunks(_ parts: [String]) -> AsyncStream<[UInt8]> {
        chunks(parts.map { Array($0.utf8) })
    }
}

/// A small seeded generator, so random slicing is reproducible.
private struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
