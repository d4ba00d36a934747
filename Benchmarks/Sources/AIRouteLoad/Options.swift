import Foundation

/// Command-line options of `airoute-load`.
struct Options: Sendable {
    enum Mode: String, Sendable { case airoute, raw, failover, serve, gateway }

    var mode: Mode = .airoute
    var requests = 2000
    var concurrency = 32
    var warmup = 200
    var stream = false
    var chunks = 200
    var configPath: String?
    var pool = "bench"
    /// An external fake server's base URL (`http://127.0.0.1:PORT`); none: spawn `airoute-load --serve`.
    var server: String?
    /// Run the fake server in this process (its CPU is then counted too).
    var inProcessServer = false
    /// `--url`: a gateway's (or upstream's) chat completions URL; selects the gateway mode.
    var url: String?
    var model = "m-ok"
    var key: String?
    /// Processes whose CPU and memory are read from /proc around the measured window.
    var pids: [Int32] = []
    var rampMs = 0
    var timeoutSeconds = 120
    /// `--no-tracer` with `--raw`: the bare client without AsyncHTTPClient's (no-op) tracer, as airoute's.
    var rawWithoutTracer = false

    static let usage = """
        usage: airoute-load [--requests N] [--concurrency C] [--warmup W] [--stream] [--chunks K]
                            [--raw [--no-tracer] | --failover] [--config PATH --pool NAME] [--server URL | --in-process-server]
               airoute-load --url URL [--model M] [--key K] [--pid PID,...] [--ramp-ms R] [--timeout-s T]
                            [-n N] [-c C] [--warmup W] [--stream --chunks K]
               airoute-load --serve [--chunks K]

          (default)   N requests at concurrency C through OpenAIClient; prints one JSON line
          --raw       the same requests with bare AsyncHTTPClient: no routing, no typed decoding (the floor)
          --no-tracer with --raw: the client configured without a tracer, as airoute configures its own
                      (by default AsyncHTTPClient opens a span per request even with the no-op tracer)
          --failover  latency added by a refusing member and a 500 member ahead of a healthy one,
                      with their circuits closed and open
          --stream    streaming chat (K chunks per stream); adds ttfc_p50_ms, ttfc_p99_ms, cpu_ms_per_stream
          --config    a configuration file; ${FAKE_BASE_URL} in it expands to the fake server's /v1 URL
          --server    use a fake server already running (e.g. `airoute-load --serve`), else one is spawned
                      in a child process so that only the client's CPU is measured
          --url       plain HTTP client of a gateway: POST the chat request (model M) to URL, check every
                      answer (a stream needs >= K data events and [DONE]); --pid adds the gateway's CPU
                      per request and memory (idle, while the most streams were open, peak) from /proc;
                      --ramp-ms spreads the workers' starts over R ms (Benchmarks/gateway.sh)
          --serve     run the fake server only (on a free port, printed first), until stdin closes or SIGTERM
        """

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var it = arguments.makeIterator()
        func value(_ name: String) throws -> String {
            guard let v = it.next() else { throw UsageError("\(name) needs a value") }
            return v
        }
        func int(_ name: String) throws -> Int {
            let v = try value(name)
            guard let n = Int(v), n >= 0 else { throw UsageError("\(name) needs a non-negative integer, not '\(v)'") }
            return n
        }
        while let argument = it.next() {
            switch argument {
            case "--requests", "-n": options.requests = try int(argument)
            case "--concurrency", "-c": options.concurrency = max(1, try int(argument))
            case "--warmup": options.warmup = try int(argument)
            case "--stream": options.stream = true
            case "--chunks": options.chunks = max(1, try int(argument))
            case "--raw": options.mode = .raw
            case "--no-tracer": options.rawWithoutTracer = true
            case "--failover": options.mode = .failover
            case "--config": options.configPath = try value(argument)
            case "--pool": options.pool = try value(argument)
            case "--server": options.server = try value(argument)
            case "--in-process-server": options.inProcessServer = true
            case "--url":
                options.url = try value(argument)
                options.mode = .gateway
            case "--model": options.model = try value(argument)
            case "--key": options.key = try value(argument)
            case "--pid":
                let list = try value(argument)
                options.pids = list.split(separator: ",").compactMap { Int32($0) }
            case "--ramp-ms": options.rampMs = try int(argument)
            case "--timeout-s": options.timeoutSeconds = max(1, try int(argument))
            case "--serve":
                options.mode = .serve
            case "-h", "--help":
                print(usage)
                exit(0)
            default:
                throw UsageError("unknown argument '\(argument)'")
            }
        }
        return options
    }
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
