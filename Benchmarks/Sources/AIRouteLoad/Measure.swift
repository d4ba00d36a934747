import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one request observed: its latency and, for a stream, its time to first chunk.
struct Sample: Sendable {
    var latency: Double
    var ttfc: Double?
    var ok: Bool
}

/// Process CPU time (user + system) in milliseconds, and peak RSS in MiB.
enum ProcessUsage {
    static func cpuMilliseconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        func ms(_ t: timeval) -> Double { Double(t.tv_sec) * 1000 + Double(t.tv_usec) / 1000 }
        return ms(usage.ru_utime) + ms(usage.ru_stime)
    }

    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        #if os(Linux)
        return Double(usage.ru_maxrss) / 1024  // KiB on Linux
        #else
        return Double(usage.ru_maxrss) / 1_048_576
        #endif
    }
}

/// Milliseconds since an arbitrary monotonic origin.
@inline(__always) func nowMs() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
}

/// The figures of one measured run.
struct RunResult: Sendable {
    var wall: Double  // seconds
    var cpuMs: Double
    var samples: [Sample]

    var ok: Int { samples.filter(\.ok).count }
    var errors: Int { samples.count - ok }
    var latencies: [Double] { samples.filter(\.ok).map(\.latency).sorted() }
    var ttfcs: [Double] { samples.filter(\.ok).compactMap(\.ttfc).sorted() }
    var cpuPerRequest: Double { samples.isEmpty ? 0 : cpuMs / Double(samples.count) }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

/// A shared ticket counter for the workers.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
}

/// Runs `count` calls of `operation` on `concurrency` workers and measures them
/// (wall time, process CPU, per-call latency).
/// With `rampMs`, worker `w` starts `w × rampMs / concurrency` ms late (spreads the connects).
func run(
    count: Int, concurrency: Int, rampMs: Int = 0, _ operation: @escaping @Sendable () async -> Sample
) async -> RunResult {
    let next = Counter()
    let cpu0 = ProcessUsage.cpuMilliseconds()
    let t0 = nowMs()
    let workers = min(concurrency, max(count, 1))
    let samples = await withTaskGroup(of: [Sample].self) { group in
        for worker in 0..<workers {
            group.addTask {
                if rampMs > 0 { try? await Task.sleep(for: .milliseconds(worker * rampMs / workers)) }
                var mine: [Sample] = []
                while next.take() < count {
                    mine.append(await operation())
                }
                return mine
            }
        }
        var all: [Sample] = []
        all.reserveCapacity(count)
        for await part in group { all += part }
        return all
    }
    let wall = (nowMs() - t0) / 1000
    let cpu = ProcessUsage.cpuMilliseconds() - cpu0
    return RunResult(wall: wall, cpuMs: cpu, samples: samples)
}

/// Rounds for JSON output.
func r(_ value: Double, _ places: Int = 3) -> Double {
    let scale = pow(10, Double(places))
    return (value * scale).rounded() / scale
}

/// Prints one JSON object on one line, keys in the given order.
func printJSONLine(_ fields: [(String, Any)]) {
    let body = fields.map { key, value -> String in
        let text: String
        switch value {
        case let v as String: text = "\"\(v)\""
        case let v as Double: text = v.isFinite ? "\(v)" : "null"
        case let v as Int: text = "\(v)"
        case let v as Bool: text = v ? "true" : "false"
        case let v as [(String, Any)]:
            text = "{" + v.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
        default: text = "\"\(value)\""
        }
        return "\"\(key)\":\(text)"
    }
    print("{" + body.joined(separator: ",") + "}")
    fflush(nil)
}

func summary(_ result: RunResult, mode: String, options: Options) -> [(String, Any)] {
    var fields: [(String, Any)] = [
        ("mode", mode), ("stream", options.stream), ("requests", result.samples.count),
        ("concurrency", options.concurrency),
        ("wall_s", r(result.wall)), ("rps", r(Double(result.samples.count) / max(result.wall, 1e-9), 1)),
        ("cpu_ms_per_req", r(result.cpuPerRequest, 4)),
        ("p50_ms", r(percentile(result.latencies, 50))), ("p99_ms", r(percentile(result.latencies, 99))),
        ("peak_rss_mb", r(ProcessUsage.peakRSSMegabytes(), 1)), ("ok", result.ok), ("errors", result.errors),
    ]
    if options.stream {
        fields += [
            ("chunks", options.chunks),
            ("ttfc_p50_ms", r(percentile(result.ttfcs, 50))), ("ttfc_p99_ms", r(percentile(result.ttfcs, 99))),
            ("cpu_ms_per_stream", r(result.cpuPerRequest, 4)),
        ]
    }
    return fields
}
