import Foundation
import Testing

@testable import AIRoute

/// Chunks reach the consumer in one batch per network read (issue 16), without changing what
/// the consumer sees: the commit point, content before a failure, and the order.
struct StreamBatchingTests {
    static func chunk(_ content: String?, role: ChatRole? = nil) -> ChatCompletionChunk {
        ChatCompletionChunk(
            id: "c", created: 1, model: "m", choices: [.init(delta: .init(role: role, content: content))])
    }

    /// Every batch the stream hands over, as the chunks' contents ("" for a chunk without any).
    static func batches(_ stream: UpstreamChatStream) async -> (batches: [[String]], error: (any Error)?) {
        var batches: [[String]] = []
        do {
            for try await batch in stream.chunks {
                batches.append(batch.map { $0.choices.first?.delta.content ?? "" })
            }
            return (batches, nil)
        } catch {
            return (batches, error)
        }
    }

    @Test func oneReadIsOneBatchAndTheHeldChunksGoWithTheFirstContent() async throws {
        let stream = UpstreamChatStream.start(idle: nil) { sink in
            sink.yield(Self.chunk(nil, role: .assistant))  // before content: held
            sink.endOfRead()
            sink.yield(Self.chunk("a"))
            sink.yield(Self.chunk("b"))
            sink.endOfRead()
            sink.endOfRead()  // a read without chunks hands over nothing
            sink.yield(Self.chunk("c"))
        }
        try await stream.firstContent.value
        let (batches, error) = await Self.batches(stream)
        #expect(error == nil)
        #expect(batches == [["", "a", "b"], ["c"]])
    }

    @Test func theFirstContentsBatchIsInTheStreamWhenTheCommitPointResolves() async throws {
        let gate = OneShot<Void>()
        let stream = UpstreamChatStream.start(idle: nil) { sink in
            sink.yield(Self.chunk(nil, role: .assistant))
            sink.endOfRead()
            sink.yield(Self.chunk("x"))
            sink.endOfRead()
            try await gate.value  // then the producer waits for more input, indefinitely
        }
        try await stream.firstContent.value
        var iterator = stream.chunks.makeAsyncIterator()
        let first = try await iterator.next()
        #expect(first?.map { $0.choices.first?.delta.content ?? "" } == ["", "x"])
        stream.cancel()
    }

    @Test func contentReadBeforeAFailureIsDeliveredBeforeTheFailure() async throws {
        struct Broken: Error {}
        let stream = UpstreamChatStream.start(idle: nil) { sink in
            sink.yield(Self.chunk("kept"))
            sink.yield(Self.chunk("also kept"))
            throw Broken()
        }
        let (batches, error) = await Self.batches(stream)
        #expect(batches == [["kept", "also kept"]])
        #expect(error != nil)
    }

    @Test func chunksBeforeContentAreDroppedWhenTheStreamFails() async throws {
        struct Broken: Error {}
        let stream = UpstreamChatStream.start(idle: nil) { sink in
            sink.yield(Self.chunk(nil, role: .assistant))
            sink.endOfRead()
            throw Broken()
        }
        await #expect(throws: (any Error).self) { try await stream.firstContent.value }
        let (batches, error) = await Self.batches(stream)
        #expect(batches.isEmpty)
        #expect(error != nil)
    }
}
