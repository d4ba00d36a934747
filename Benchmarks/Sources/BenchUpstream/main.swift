import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

// bench-upstream: the fake OpenAI upstream of Benchmarks/gateway.sh. Every answer is rendered
// once at start, so that the upstream costs far less per request than any gateway in front of it.
//
//   bench-upstream [--port P] [--chunks K] [--chunk-delay-ms D] [--first-chunk-delay-ms F] [--threads T]
//
// Streams are delivered by model name (see Pacing): `…paced…` one chunk every D ms (default 50),
// `…ttfc…` the first content chunk alone and the rest F ms later (default 20), else all at once.
//
// Prints its port on the first line of stdout, then serves until killed.

struct UpstreamOptions {
    var port = 0
    var chunks = 200
    var chunkDelayMs = 50
    var firstChunkDelayMs = 20
    var threads = 1

    static func parse(_ arguments: [String]) -> UpstreamOptions {
        var options = UpstreamOptions()
        var it = arguments.makeIterator()
        func int(_ name: String) -> Int {
            guard let text = it.next(), let value = Int(text), value >= 0 else {
                FileHandle.standardError.write(Data("bench-upstream: \(name) needs a non-negative integer\n".utf8))
                exit(2)
            }
            return value
        }
        while let argument = it.next() {
            switch argument {
            case "--port": options.port = int(argument)
            case "--chunks": options.chunks = max(1, int(argument))
            case "--chunk-delay-ms": options.chunkDelayMs = int(argument)
            case "--first-chunk-delay-ms": options.firstChunkDelayMs = int(argument)
            case "--threads": options.threads = max(1, int(argument))
            default:
                FileHandle.standardError.write(
                    Data(
                        "usage: bench-upstream [--port P] [--chunks K] [--chunk-delay-ms D] [--first-chunk-delay-ms F] [--threads T]\n"
                            .utf8))
                exit(2)
            }
        }
        return options
    }
}

let options = UpstreamOptions.parse(Array(CommandLine.arguments.dropFirst()))
let replies = Replies(chunks: options.chunks)
let chunkDelay = TimeAmount.milliseconds(Int64(options.chunkDelayMs))
let firstChunkDelay = TimeAmount.milliseconds(Int64(options.firstChunkDelayMs))
let group = MultiThreadedEventLoopGroup(numberOfThreads: options.threads)
let channel = try ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 4096)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline()
            try channel.pipeline.syncOperations.addHandler(UpstreamHandler(replies: replies, chunkDelay: chunkDelay, firstChunkDelay: firstChunkDelay))
        }
    }
    .bind(host: "127.0.0.1", port: options.port)
    .wait()
print(channel.localAddress?.port ?? 0)
fflush(nil)
try channel.closeFuture.wait()
