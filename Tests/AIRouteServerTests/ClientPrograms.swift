import Foundation
import Synchronization

/// The official-SDK programs in `Clients/` (a resource of this test target) and the interpreters
/// that run them: python3 with the `openai` package, and Node with `fetch` (18 or later).
///
/// CI sets `AIROUTE_REQUIRE_SDK_TESTS=1` (`.ci/run` installs the SDK), so there a missing
/// interpreter or package fails the tests instead of disabling them.
enum ClientPrograms {
    /// Whether the SDK tests must run (CI), whatever is installed.
    static let required = ProcessInfo.processInfo.environment["AIROUTE_REQUIRE_SDK_TESTS"] == "1"

    /// The directory holding `sdk_suite.py` and `stream_fetch.mjs`.
    static var directory: URL {
        get throws {
            guard let url = Bundle.module.url(forResource: "Clients", withExtension: nil) else {
                throw ProgramFailure(description: "the Clients resource is missing from the test bundle")
            }
            return url
        }
    }

    /// The first `python3` on PATH that imports `openai`, or `nil`.
    static let python: String? = executables(named: "python3").first { succeeds($0, ["-c", "import openai"]) }

    /// The first `node` on PATH that has a global `fetch`, or `nil`.
    static let node: String? = executables(named: "node").first {
        succeeds($0, ["-e", "process.exit(typeof fetch === 'function' ? 0 : 1)"])
    }

    /// The environment the programs run in: this process's, without proxy settings (the SDK's
    /// HTTP client honours them, and the gateway is on loopback), plus `extra`.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.lowercased().hasSuffix("_proxy") }
        environment.merge(extra) { $1 }
        return environment
    }

    /// Runs `executable` with `arguments` until it exits (killed after `timeout`); returns its
    /// exit status and its standard output and error, interleaved.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], timeout: Duration = .seconds(120)
    ) async throws -> ProgramResult {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent(
            "airoute-client-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw ProgramFailure(description: "cannot create \(log.path)")
        }
        defer { try? FileManager.default.removeItem(at: log) }
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        let exited = Exited()
        process.terminationHandler = { exited.signal($0.terminationStatus) }
        try process.run()
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            exited.timedOut()
            process.terminate()
        }
        let status = await exited.wait()
        watchdog.cancel()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? "(unreadable output)"
        return ProgramResult(status: status, timedOut: exited.didTimeOut, output: text)
    }

    /// The files named `name` in PATH's directories that are executable, in PATH order.
    private static func executables(named name: String) -> [String] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.filter {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Whether `executable arguments` exits 0 (output discarded).
    private static func succeeds(_ executable: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

/// How a client program ended.
struct ProgramResult: Sendable {
    /// The exit status (the signal number when it was killed).
    var status: Int32
    /// Whether the watchdog killed it.
    var timedOut: Bool
    /// Its standard output and error, interleaved.
    var output: String
}

/// A client program that could not be run.
struct ProgramFailure: Error, CustomStringConvertible {
    var description: String
}

/// A one-shot signal from `Process.terminationHandler` (a Foundation thread) to an async waiter.
private final class Exited: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<Int32, Never>)
        case exited(Int32)
    }

    private let state = Mutex(State.pending)
    private let killed = Mutex(false)

    /// Whether ``timedOut()`` was called.
    var didTimeOut: Bool { killed.withLock { $0 } }

    /// Records that the watchdog is killing the process.
    func timedOut() { killed.withLock { $0 = true } }

    func signal(_ status: Int32) {
        let waiter: CheckedContinuation<Int32, Never>? = state.withLock { state in
            defer { state = .exited(status) }
            if case .waiting(let continuation) = state { return continuation }
            return nil
        }
        waiter?.resume(returning: status)
    }

    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status: Int32? = state.withLock { state in
                if case .exited(let status) = state { return status }
                state = .waiting(continuation)
                return nil
            }
            if let status { continuation.resume(returning: status) }
        }
    }
}
