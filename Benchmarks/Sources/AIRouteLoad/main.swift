import AIRoute
import AIRouteTesting
import AIRouter
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

// airoute-load: N requests at concurrency C through OpenAIClient (or bare AsyncHTTPClient with
// --raw) against a fake provider, printing one JSON line of figures. See Options.usage.

/// The fake server's models: every one answers OK except `m-500`, which always answers 500.
let okModel = "m-ok"
let failingModel = "m-500"

/// A typical short chat request.
func chatRequest(model: String, stream: Bool) -> ChatCompletionRequest {
    ChatCompletionRequest(
        model: model,
        messages: [
            .system("You are a concise assistant."),
            .user("Summarise the benefits of capability-driven model routing in two sentences."),
        ],
        temperature: 0.2, maxTokens: 256)
}

func startFakeServer(chunks: Int) async throws -> FakeProviderServer {
    let server = FakeProviderServer()
    try await server.start()
    let text = String(repeating: "word ", count: max(chunks, 40))
    server.setDefault(.ok(text: text, chunks: chunks))
    server.setDefault(model: failingModel, behavior: .status(500))
    return server
}

/// A child process running `airoute-load --serve`, so that the client's CPU is measured alone.
final class ServerProcess: Sendable {
    let process: Process
    let input: Pipe
    let baseURL: String

    init(chunks: Int) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        if !FileManager.default.isExecutableFile(atPath: process.executableURL!.path) {
            process.executableURL = Bundle.main.executableURL
        }
        process.arguments = ["--serve", "--chunks", String(chunks)]
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        // The first line is the port.
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw UsageError("the --serve child did not report a port")
        }
        self.process = process
        self.input = input
        self.baseURL = "http://127.0.0.1:\(port)"
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }
}

/// Configuration of a single healthy member, or of the failover pool.
func benchConfiguration(serverBase: String, failover: FailoverLayout? = nil) -> Configuration {
    let settings = RoutingSettings(
        timeout: .seconds(30), connectTimeout: .seconds(2), firstTokenTimeout: .seconds(10), idleTimeout: .seconds(10),
        maxAttempts: 4, failureThreshold: failover?.failureThreshold ?? 3, cooldown: .seconds(3600),
        maxCooldown: .seconds(3600))
    var providers = [
        ProviderConfiguration(
            name: "fake", type: .openai, baseURL: serverBase + "/v1", apiKey: Secret("sk-bench"),
            apiKeyVariable: "BENCH_KEY", allowInsecureHTTP: true)
    ]
    var models = [ModelConfiguration(id: okModel, provider: "fake", capabilities: [.chat, .streaming])]
    var members: [PoolMember] = []
    if let failover {
        if failover.refusing {
            providers.append(
                ProviderConfiguration(
                    name: "refusing", type: .openai, baseURL: "http://127.0.0.1:\(failover.closedPort)/v1",
                    apiKey: Secret("sk-bench"), apiKeyVariable: "BENCH_KEY", allowInsecureHTTP: true))
            models.append(
                ModelConfiguration(
                    id: "m-refused", provider: "refusing", upstreamName: okModel, capabilities: [.chat, .streaming]))
            members.append(PoolMember(model: "m-refused", priority: members.count + 1))
        }
        if failover.failing {
            models.append(ModelConfiguration(id: failingModel, provider: "fake", capabilities: [.chat, .streaming]))
            members.append(PoolMember(model: failingModel, priority: members.count + 1))
        }
    }
    members.append(PoolMember(model: okModel, priority: members.count + 1))
    let pool = PoolConfiguration(name: "bench", operation: .chat, members: members, settings: settings)
    return Configuration(defaults: settings, providers: providers, models: models, pools: [pool])
}

struct FailoverLayout: Sendable {
    var refusing: Bool
    var failing: Bool
    var failureThreshold: Int
    var closedPort: Int
}

/// A loopback port with nothing listening (bound, then closed): connecting is refused at once.
func closedPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    guard bound else { throw UsageError("could not find a free port") }
    return Int(UInt16(bigEndian: address.sin_port))
}

// MARK: Operations

/// One call through OpenAIClient.
func airouteCall(_ client: OpenAIClient, pool: String, stream: Bool) -> @Sendable () async -> Sample {
    let request = chatRequest(model: pool, stream: stream)
    return {
        let start = nowMs()
        do {
            if stream {
                var ttfc: Double?
                var chunks = 0
                for try await _ in try await client.chat.completions.stream(request) {
                    if ttfc == nil { ttfc = nowMs() - start }
                    chunks += 1
                }
                return Sample(latency: nowMs() - start, ttfc: ttfc, ok: chunks > 0)
            } else {
                let response = try await client.chat.completions.create(request)
                return Sample(latency: nowMs() - start, ttfc: nil, ok: !response.choices.isEmpty)
            }
        } catch {
            return Sample(latency: nowMs() - start, ttfc: nil, ok: false)
        }
    }
}

/// The JSON airoute would send for ``chatRequest(model:stream:)`` (a stream asks for usage).
func rawRequestBody(model: String, stream: Bool) throws -> ByteBuffer {
    var body = chatRequest(model: model, stream: stream)
    body.stream = stream ? true : nil
    if stream { body.streamOptions = .init(includeUsage: true) }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    return ByteBuffer(data: try encoder.encode(body))
}

/// The same request with bare AsyncHTTPClient: the JSON airoute would send, bytes read back untyped.
func rawCall(
    _ http: HTTPClient, url: String, key: String?, model: String, stream: Bool
) throws
    -> @Sendable () async -> Sample
{
    let bytes = try rawRequestBody(model: model, stream: stream)
    return {
        let start = nowMs()
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        if stream { request.headers.add(name: "accept", value: "text/event-stream") }
        if let key { request.headers.add(name: "authorization", value: "Bearer \(key)") }
        request.body = .bytes(bytes)
        do {
            let response = try await http.execute(request, timeout: .seconds(30))
            guard response.status == .ok else {
                _ = try? await response.body.collect(upTo: 1 << 20)
                return Sample(latency: nowMs() - start, ttfc: nil, ok: false)
            }
            if stream {
                var ttfc: Double?
                var received = 0
                for try await buffer in response.body {
                    if ttfc == nil { ttfc = nowMs() - start }
                    received += buffer.readableBytes
                }
                return Sample(latency: nowMs() - start, ttfc: ttfc, ok: received > 0)
            } else {
                let body = try await response.body.collect(upTo: 16 << 20)
                return Sample(latency: nowMs() - start, ttfc: nil, ok: body.readableBytes > 0)
            }
        } catch {
            return Sample(latency: nowMs() - start, ttfc: nil, ok: false)
        }
    }
}

/// The HTTP client configured as airoute configures its own (no redirects, no connect retries,
/// 16,384 connections per host; with `withoutTracer`, no tracer, as airoute when none is bootstrapped),
/// so that the floor differs from airoute only by what airoute adds.
func makeRawClient(withoutTracer: Bool) -> HTTPClient {
    var configuration = HTTPClient.Configuration(
        redirectConfiguration: .disallow, timeout: .init(connect: .seconds(2)), decompression: .disabled)
    configuration.connectionPool.retryConnectionEstablishment = false
    configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 16_384
    if withoutTracer { configuration.tracing.tracer = nil }
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
}

// MARK: Main

func serve(_ options: Options) async throws {
    let server = try await startFakeServer(chunks: options.chunks)
    print(server.port)
    fflush(nil)
    // Serve until stdin closes (the parent exits) or a signal ends the process.
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        Thread.detachNewThread {
            while let line = readLine(strippingNewline: true), line != "quit" {}
            continuation.resume()
        }
    }
    try await server.shutdown()
}

func measure(_ options: Options, serverBase: String) async throws {
    switch options.mode {
    case .serve, .gateway:
        return
    case .airoute:
        let configuration: Configuration
        if let path = options.configPath {
            var environment = ProcessInfo.processInfo.environment
            environment["FAKE_BASE_URL"] = serverBase + "/v1"
            configuration = try Configuration.load(path: path, environment: environment)
        } else {
            configuration = benchConfiguration(serverBase: serverBase)
        }
        let client = OpenAIClient(configuration: configuration)
        let call = airouteCall(client, pool: options.pool, stream: options.stream)
        _ = await run(count: options.warmup, concurrency: options.concurrency, call)
        let result = await run(count: options.requests, concurrency: options.concurrency, call)
        printJSONLine(summary(result, mode: "airoute", options: options))
        try await client.shutdown()
    case .raw:
        // The first member of the pool, addressed directly.
        var url = serverBase + "/v1/chat/completions"
        var key: String? = "sk-bench"
        var model = okModel
        if let path = options.configPath {
            var environment = ProcessInfo.processInfo.environment
            environment["FAKE_BASE_URL"] = serverBase + "/v1"
            let router = ModelRouter(configuration: try Configuration.load(path: path, environment: environment))
            let route = try router.resolve(options.pool, operation: .chat)
            guard let member = route.members.first else { throw UsageError("pool '\(options.pool)' has no member") }
            url = member.provider.effectiveBaseURL + "/chat/completions"
            key = member.provider.apiKey?.reveal()
            model = member.model.upstreamName
        }
        let http = makeRawClient(withoutTracer: options.rawWithoutTracer)
        let call = try rawCall(http, url: url, key: key, model: model, stream: options.stream)
        _ = await run(count: options.warmup, concurrency: options.concurrency, call)
        let result = await run(count: options.requests, concurrency: options.concurrency, call)
        printJSONLine(summary(result, mode: options.rawWithoutTracer ? "raw-no-tracer" : "raw", options: options))
        try await http.shutdown()
    case .failover:
        try await failover(options, serverBase: serverBase)
    }
}

/// Latency added by bad members ahead of a healthy one, circuits closed then open.
func failover(_ options: Options, serverBase: String) async throws {
    let port = try closedPort()
    let layouts: [(String, FailoverLayout?)] = [
        ("direct", nil),
        (
            "refused_closed",
            FailoverLayout(refusing: true, failing: false, failureThreshold: 1_000_000, closedPort: port)
        ),
        (
            "status500_closed",
            FailoverLayout(refusing: false, failing: true, failureThreshold: 1_000_000, closedPort: port)
        ),
        ("both_closed", FailoverLayout(refusing: true, failing: true, failureThreshold: 1_000_000, closedPort: port)),
        ("both_open", FailoverLayout(refusing: true, failing: true, failureThreshold: 1, closedPort: port)),
    ]
    var fields: [(String, Any)] = [
        ("mode", "failover"), ("requests", options.requests), ("concurrency", options.concurrency),
    ]
    var directP50 = 0.0
    var directCPU = 0.0
    for (name, layout) in layouts {
        let client = OpenAIClient(configuration: benchConfiguration(serverBase: serverBase, failover: layout))
        let call = airouteCall(client, pool: "bench", stream: options.stream)
        // The warm-up also ejects the bad members when the threshold is 1 (cooldown: an hour).
        _ = await run(count: max(options.warmup, 1), concurrency: options.concurrency, call)
        let result = await run(count: options.requests, concurrency: options.concurrency, call)
        let p50 = percentile(result.latencies, 50)
        if layout == nil {
            directP50 = p50
            directCPU = result.cpuPerRequest
        }
        fields.append(
            (
                name,
                [
                    ("p50_ms", r(p50)), ("p99_ms", r(percentile(result.latencies, 99))),
                    ("added_p50_ms", r(p50 - directP50, 4)), ("cpu_ms_per_req", r(result.cpuPerRequest, 4)),
                    ("added_cpu_ms", r(result.cpuPerRequest - directCPU, 4)), ("ok", result.ok),
                    ("errors", result.errors),
                ] as [(String, Any)]
            ))
        try await client.shutdown()
    }
    fields.append(("peak_rss_mb", r(ProcessUsage.peakRSSMegabytes(), 1)))
    printJSONLine(fields)
}

do {
    let options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
    if options.mode == .serve {
        try await serve(options)
    } else if options.mode == .gateway, let url = options.url {
        try await measureGateway(options, url: url)
    } else if let server = options.server {
        try await measure(options, serverBase: server)
    } else if options.inProcessServer {
        let server = try await startFakeServer(chunks: options.chunks)
        try await measure(options, serverBase: server.baseURL)
        try await server.shutdown()
    } else {
        let child = try ServerProcess(chunks: options.chunks)
        do {
            try await measure(options, serverBase: child.baseURL)
        } catch {
            child.stop()
            throw error
        }
        child.stop()
    }
} catch {
    FileHandle.standardError.write(Data("airoute-load: \(error)\n\(Options.usage)\n".utf8))
    exit(2)
}
