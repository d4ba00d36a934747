@_spi(Testing) import AIRoute
import AIRouter
import Benchmark
import Foundation
import NIOCore

// Micro-benchmarks of airoute's hot paths. Run with
//   swift package --package-path Benchmarks benchmark
// Every benchmark reports wall-clock time, CPU time, throughput and malloc counts.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal],
        warmupIterations: 10,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )

    // MARK: Routing decision

    let fixture = RoutingFixture()

    // resolve + requirements from the request + plan (capability filter, priority order with weighted
    // ties) + health check of candidates in order until one is available: 10 members, 3 of them
    // with open circuits, 2 lacking a capability, 1 with recent failures (circuit still closed).
    Benchmark("Routing decision (10 members, mixed health)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(fixture.decide())
        }
    }

    Benchmark("ModelRouter.plan only (10 members)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let route = try! fixture.router.resolve("mixed", operation: .chat)
        for _ in benchmark.scaledIterations {
            blackHole(fixture.router.plan(route, requirements: fixture.requirements))
        }
    }

    // A whole ModelRouter.route call with a no-op operation: the router's own cost per call, direct
    // and with two open-circuit members to skip first.
    Benchmark("ModelRouter.route, healthy first member") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? await fixture.directRouter.route("direct", requirements: fixture.requirements) { _ in 1 })
        }
    }
    Benchmark("ModelRouter.route, 2 open circuits ahead") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? await fixture.openRouter.route("open", requirements: fixture.requirements) { _ in 1 })
        }
    }

    // MARK: Error classification

    Benchmark("ErrorClassifier.classify (6 typical answers)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ErrorClassifier.classify(status: 500))
            blackHole(
                ErrorClassifier.classify(status: 429, codes: ["rate_limit_exceeded"], message: "Rate limit reached"))
            blackHole(
                ErrorClassifier.classify(
                    status: 429, codes: ["insufficient_quota"], message: "You exceeded your current quota"))
            blackHole(
                ErrorClassifier.classify(status: 400, codes: ["context_length_exceeded", "invalid_request_error"]))
            blackHole(ErrorClassifier.classify(status: 401, codes: ["invalid_api_key"]))
            blackHole(ErrorClassifier.classify(status: 503, codes: ["overloaded_error"], message: "Overloaded"))
        }
    }

    Benchmark("RetryAfter.parse (seconds and HTTP date)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let now = Timestamp(secondsSince1970: 1_767_225_600)
        for _ in benchmark.scaledIterations {
            blackHole(RetryAfter.parse(headers: [("retry-after", "2")], now: now, cap: .seconds(3600)))
            blackHole(
                RetryAfter.parse(
                    headers: [("Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT")], now: now, cap: .seconds(3600)))
        }
    }

    // MARK: SSE decoding

    let stream = SSEFixture(chunks: 200, seed: 42)

    // One whole 200-chunk stream (plus [DONE]), cut at random (seeded) into 1…512-byte reads.
    // chunks/s = 201 × throughput; MB/s = bytes × throughput (BENCHMARKS.md has both).
    Benchmark(
        "SSE decode, 200-chunk stream (\(stream.bytes) B, \(stream.pieces.count) random reads)",
        configuration: .init(metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal])
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            var decoder = ServerSentEventDecoder()
            var events = 0
            for piece in stream.pieces {
                decoder.append(piece.readableBytesView)
                while let event = try? decoder.next() {
                    events += 1
                    blackHole(event)
                }
            }
            precondition(events == 201)
        }
    }

    // The same stream, each event's data decoded into a typed ChatCompletionChunk as the client does.
    Benchmark("SSE decode + ChatCompletionChunk decode, 200-chunk stream") { benchmark in
        let decoder = JSONDecoder()
        for _ in benchmark.scaledIterations {
            var sse = ServerSentEventDecoder()
            var chunks = 0
            for piece in stream.pieces {
                sse.append(piece.readableBytesView)
                while let event = try? sse.next() {
                    if event.isDone { continue }
                    if let chunk = try? decoder.decode(ChatCompletionChunk.self, from: Data(event.data.utf8)) {
                        chunks += 1
                        blackHole(chunk)
                    }
                }
            }
            precondition(chunks == 200)
        }
    }

    // MARK: Codable

    let chat = CodableFixture()

    Benchmark("Encode ChatCompletionRequest (typical chat)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let encoder = JSONEncoder()
        for _ in benchmark.scaledIterations {
            blackHole(try! encoder.encode(chat.request))
        }
    }
    Benchmark("Decode CompletionResponse (typical chat)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let decoder = JSONDecoder()
        for _ in benchmark.scaledIterations {
            blackHole(try! decoder.decode(CompletionResponse.self, from: chat.responseJSON))
        }
    }
    Benchmark("Decode EmbeddingResponse (1 × 1536 dimensions, \(chat.embeddingJSON.count) B)") { benchmark in
        let decoder = JSONDecoder()
        for _ in benchmark.scaledIterations {
            blackHole(try! decoder.decode(EmbeddingResponse.self, from: chat.embeddingJSON))
        }
    }
    Benchmark("Encode EmbeddingResponse (1 × 1536 dimensions)") { benchmark in
        let encoder = JSONEncoder()
        for _ in benchmark.scaledIterations {
            blackHole(try! encoder.encode(chat.embedding))
        }
    }
    Benchmark("ChatCompletionRequest.estimatedPromptTokens", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(chat.request.estimatedPromptTokens)
        }
    }
}
