import NIOHTTP1
import Foundation
import NIOCore
import Synchronization

// `airoute-load --url URL`: the load driver as a plain HTTP/1.1 client (RawHTTP1Client.swift) of a gateway (airoute serve,
// nginx, LiteLLM proxy) or of the upstream itself. Every answer is checked: a stream counts only
// when it carried at least `--chunks` data events and ended with `data: [DONE]`. With `--pid`, the
// gateway process's CPU (utime + stime) and memory are read from /proc around the measured window.
// Used by Benchmarks/gateway.sh; see BENCHMARKS.md, "Gateway (`airoute serve`)".

/// Counts the `data:` events of an SSE body fed in arbitrary pieces, and whether the last was `[DONE]`.
struct SSETally {
    private(set) var events = 0
    private(set) var done = false
    private var line: [UInt8] = []
    private var lineLength = 0

    mutating func feed(_ buffer: ByteBuffer) {
        for byte in buffer.readableBytesView {
            if byte == UInt8(ascii: "\n") {
                endLine()
            } else {
                if line.count < 16 { line.append(byte) }
                lineLength += 1
            }
        }
    }

    private mutating func endLine() {
        defer {
            line.removeAll(keepingCapacity: true)
            lineLength = 0
        }
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        guard line.starts(with: "data:".utf8) else { return }
        events += 1
        let payload = line.dropFirst(5).drop { $0 == UInt8(ascii: " ") }
        done = payload.elementsEqual("[DONE]".utf8) && lineLength <= 14
    }
}

/// Streams open right now (first byte received, end not yet), and the most at once.
final class OpenGauge: Sendable {
    private let open = Atomic<Int>(0)
    private let peak = Atomic<Int>(0)

    func enter() {
        let now = open.add(1, ordering: .relaxed).newValue
        _ = peak.max(now, ordering: .relaxed)
    }
    func leave() { open.subtract(1, ordering: .relaxed) }
    var current: Int { open.load(ordering: .relaxed) }
    var highest: Int { peak.load(ordering: .relaxed) }
}

/// Reports the first failure on stderr (what failed is the question when a run has errors).
final class FirstFailure: Sendable {
    private let reported = Atomic<Bool>(false)
    func report(_ what: String) {
        guard !reported.exchange(true, ordering: .relaxed) else { return }
        FileHandle.standardError.write(Data("airoute-load: first failure: \(what)\n".utf8))
    }
}

/// One chat request to `url` on a pooled connection, its answer read to the end and checked.
func gatewayCall(
    _ pool: ConnectionPool, options: Options, path: String, gauge: OpenGauge, failure: FirstFailure
) throws -> @Sendable () async -> Sample {
    let body = try rawRequestBody(model: options.model, stream: options.stream)
    var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
    head.headers.add(name: "host", value: "\(pool.host):\(pool.port)")
    head.headers.add(name: "content-type", value: "application/json")
    head.headers.add(name: "content-length", value: String(body.readableBytes))
    if let key = options.key { head.headers.add(name: "authorization", value: "Bearer \(key)") }
    let (stream, chunks, timeout) = (options.stream, options.chunks, TimeAmount.seconds(Int64(options.timeoutSeconds)))
    return { [head] in
        let start = nowMs()
        do {
            let channel = try await pool.acquire()
            let promise = channel.eventLoop.makePromise(of: Outcome.self)
            let exchange = Exchange(
                head: head, body: body, stream: stream, chunks: chunks, timeout: timeout, gauge: gauge, promise: promise)
            channel.writeAndFlush(exchange).whenFailure { promise.fail($0) }
            let outcome = try await promise.futureResult.get()
            pool.release(channel)
            if let problem = outcome.problem { failure.report(problem) }
            return outcome.sample
        } catch {
            failure.report("\(error)")
            return Sample(latency: nowMs() - start, ttfc: nil, ok: false)
        }
    }
}

/// The measured run against a gateway: figures of the client, and of the gateway processes from /proc.
func measureGateway(_ options: Options, url: String) async throws {
    guard let components = URLComponents(string: url), let host = components.host, let port = components.port else {
        throw UsageError("--url needs http://HOST:PORT/PATH, not '\(url)'")
    }
    let pool = ConnectionPool(host: host, port: port)
    let gauge = OpenGauge()
    let failure = FirstFailure()
    let call = try gatewayCall(
        pool, options: options, path: components.path.isEmpty ? "/" : components.path, gauge: gauge, failure: failure)
    _ = await run(count: options.warmup, concurrency: options.concurrency, rampMs: options.rampMs, call)
    let pids = options.pids
    let idleRSS = ProcFS.rssKB(pids, field: "VmRSS:")
    let cpu0 = ProcFS.cpuMs(pids)
    let sampler = Task { await ProcFS.sampleWhileHeld(pids, gauge: gauge, every: .milliseconds(100)) }
    let result = await run(count: options.requests, concurrency: options.concurrency, rampMs: options.rampMs, call)
    let gatewayCPU = ProcFS.cpuMs(pids) - cpu0
    sampler.cancel()
    let held = await sampler.value
    var fields = summary(result, mode: "gateway", options: options)
    if !pids.isEmpty {
        let requests = Double(max(result.samples.count, 1))
        fields += [
            ("gw_cpu_ms_per_req", r(gatewayCPU / requests, 4)),
            ("gw_cpu_util", r(gatewayCPU / max(result.wall * 1000, 1e-9), 3)),
            ("gw_idle_rss_mb", r(Double(idleRSS) / 1024, 1)),
            ("gw_held_rss_mb", r(Double(held.rssKB) / 1024, 1)),
            ("gw_peak_open_streams", gauge.highest),
            ("gw_held_open_streams", held.open),
            ("gw_kb_per_open_stream", held.open > 0 ? r(Double(held.rssKB - idleRSS) / Double(held.open), 1) : 0.0),
            ("gw_hwm_mb", r(Double(ProcFS.rssKB(pids, field: "VmHWM:")) / 1024, 1)),
        ]
    }
    printJSONLine(fields)
    await pool.closeAll()
}
