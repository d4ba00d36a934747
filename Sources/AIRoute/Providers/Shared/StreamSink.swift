import Synchronization

/// Where a backend's stream producer puts its chunks (see ``UpstreamChatStream/start(idle:_:)``).
///
/// Holds back the chunks that come before the first content chunk (role, metadata), so that a
/// failure before content stays invisible and can fail over; releases them together with the
/// first content chunk and resolves `firstContent` there (docs/routing.md, "The streaming commit
/// point"). Reasoning counts as content (``ChatCompletionChunk/hasContent``).
struct StreamSink {
    private let channel: ChunkChannel
    private let firstContent: OneShot<Void>
    private let activity: ActivityMark?
    private var held: [ChatCompletionChunk] = []
    private var committed = false

    init(_ channel: ChunkChannel, firstContent: OneShot<Void>, activity: ActivityMark?) {
        self.channel = channel
        self.firstContent = firstContent
        self.activity = activity
    }

    /// Passes one chunk: held before content, yielded from the first content chunk on.
    mutating func yield(_ chunk: ChatCompletionChunk) {
        if committed {
            channel.yield(chunk)
        } else if chunk.hasContent {
            committed = true
            for early in held { channel.yield(early) }
            held = []
            channel.yield(chunk)
            firstContent.succeed(())
        } else {
            held.append(chunk)
        }
    }

    /// Notes that data arrived, for the idle watchdog.
    func touch() { activity?.touch() }

    /// The stream ended properly: yields whatever is still held (a reply without content).
    mutating func flush() {
        for early in held { channel.yield(early) }
        held = []
    }
}

/// The time of the last data received on a stream, for the idle watchdog.
final class ActivityMark: Sendable {
    private let clock: any RouterClock
    private let mark: Mutex<Timestamp>

    init(clock: any RouterClock) {
        self.clock = clock
        mark = Mutex(clock.now())
    }

    /// Records that data arrived now.
    func touch() {
        let now = clock.now()
        mark.withLock { $0 = now }
    }

    /// When data last arrived.
    var last: Timestamp { mark.withLock { $0 } }
}
