import Synchronization
import Testing

@testable import AIRoute

/// The queue between a stream's producer and its consumer: it must behave as the
/// `AsyncThrowingStream` it replaced (buffering, the end, a failure thrown once, the consumer's
/// cancellation stopping the producer).
struct ChunkChannelTests {
    private static func chunk(_ id: String) -> ChatCompletionChunk {
        ChatCompletionChunk(id: id, created: 0, model: "m", choices: [])
    }

    private struct Boom: Error, Equatable {}

    /// Yields until the consumer is suspended in `next()`, so that what follows takes the waking
    /// path rather than the buffered one (no sleeping).
    private func untilWaiting(_ channel: ChunkChannel) async {
        for _ in 0..<100_000 where !channel.hasWaitingConsumer { await Task.yield() }
        #expect(channel.hasWaitingConsumer)
    }

    @Test func buffersInOrderThenEnds() async throws {
        let channel = ChunkChannel()
        for index in 0..<200 { channel.yield(Self.chunk("c\(index)")) }
        channel.finish()
        channel.yield(Self.chunk("late"))  // after the end: dropped
        var ids: [String] = []
        while let chunk = try await channel.next() { ids.append(chunk.id) }
        #expect(ids == (0..<200).map { "c\($0)" })
        #expect(try await channel.next() == nil)  // and stays ended
    }

    @Test func aFailureComesAfterTheBufferedChunksAndOnlyOnce() async throws {
        let channel = ChunkChannel()
        channel.yield(Self.chunk("a"))
        channel.yield(Self.chunk("b"))
        channel.finish(throwing: Boom())
        channel.finish()  // a second end is ignored
        #expect(try await channel.next()?.id == "a")
        #expect(try await channel.next()?.id == "b")
        await #expect(throws: Boom.self) { try await channel.next() }
        #expect(try await channel.next() == nil)
    }

    @Test func aWaitingConsumerIsWokenByChunksAndByTheEnd() async throws {
        let channel = ChunkChannel()
        let consumer = Task {
            var ids: [String] = []
            while let chunk = try await channel.next() { ids.append(chunk.id) }
            return ids
        }
        for index in 0..<50 {
            await untilWaiting(channel)
            channel.yield(Self.chunk("c\(index)"))
        }
        await untilWaiting(channel)
        channel.finish()
        #expect(try await consumer.value == (0..<50).map { "c\($0)" })
    }

    @Test func aWaitingConsumerIsWokenByAFailure() async throws {
        let channel = ChunkChannel()
        let consumer = Task { try await channel.next() }
        await untilWaiting(channel)
        channel.finish(throwing: Boom())
        await #expect(throws: Boom.self) { try await consumer.value }
    }

    @Test func cancellingTheConsumerEndsTheChannelAndStopsTheProducerOnce() async throws {
        let channel = ChunkChannel()
        let stops = Atomic(0)
        channel.setOnConsumerCancelled { stops.add(1, ordering: .relaxed) }
        let consumer = Task { () -> [ChatCompletionChunk?] in
            var results: [ChatCompletionChunk?] = []
            results.append(try await channel.next())  // waits until cancelled: nil, not an error
            results.append(try await channel.next())
            return results
        }
        await untilWaiting(channel)
        consumer.cancel()
        let results = try await consumer.value
        #expect(results.count == 2 && results.allSatisfy { $0 == nil })
        #expect(stops.load(ordering: .relaxed) == 1)
        // The producer's later chunks and end are dropped.
        channel.yield(Self.chunk("late"))
        channel.finish(throwing: Boom())
        #expect(try await channel.next() == nil)
        #expect(stops.load(ordering: .relaxed) == 1)
    }

    @Test func anAlreadyCancelledConsumerGetsNilEvenWithChunksBuffered() async throws {
        let channel = ChunkChannel()
        let stops = Atomic(0)
        channel.setOnConsumerCancelled { stops.add(1, ordering: .relaxed) }
        channel.yield(Self.chunk("a"))
        let consumer = Task { () -> ChatCompletionChunk? in
            withUnsafeCurrentTask { $0?.cancel() }
            return try await channel.next()
        }
        #expect(try await consumer.value == nil)
        #expect(stops.load(ordering: .relaxed) == 1)
    }

    @Test func theEndAfterTheProducerFinishedDoesNotStopIt() async throws {
        let channel = ChunkChannel()
        let stops = Atomic(0)
        channel.setOnConsumerCancelled { stops.add(1, ordering: .relaxed) }
        channel.finish()
        let consumer = Task { () -> ChatCompletionChunk? in
            withUnsafeCurrentTask { $0?.cancel() }
            return try await channel.next()
        }
        #expect(try await consumer.value == nil)
        #expect(stops.load(ordering: .relaxed) == 0)  // nothing left to stop
    }

    @Test func aProducerThatStaysAheadDoesNotGrowTheBufferWithoutEnd() async throws {
        let channel = ChunkChannel()
        channel.yield(Self.chunk("0"))
        var next = 1
        // One ahead all the time: the buffer never drains, so delivered slots must be reclaimed.
        for expected in 0..<10_000 {
            channel.yield(Self.chunk("\(next)"))
            next += 1
            #expect(try await channel.next()?.id == "\(expected)")
        }
        #expect(channel.slotCount < 1_000)
    }
}
