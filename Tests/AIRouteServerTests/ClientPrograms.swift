import AIRouteTesting
import Foundation

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
    /// exit status and its standard output, then its standard error.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], timeout: Duration = .seconds(120)
    ) async throws -> ProgramResult {
        let child: Spawned
        do {
            child = try Spawned(executable, arguments, environment: environment)
        } catch {
            throw ProgramFailure(description: "cannot start \(executable): \(error)")
        }
        child.send(nil)
        let result = await child.finish(timeout: timeout)
        return ProgramResult(
            status: result.status, timedOut: result.timedOut,
            output: String(decoding: result.out + result.err, as: UTF8.self))
    }

    /// The files named `name` in PATH's directories that are executable, in PATH order.
    private static func executables(named name: String) -> [String] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.filter {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Whether `executable arguments` exits 0 (output discarded). Blocks: it runs once, for a
    /// `static let` that a test trait reads.
    private static func succeeds(_ executable: String, _ arguments: [String]) -> Bool {
        guard let child = try? Spawned(executable, arguments, environment: ProcessInfo.processInfo.environment)
        else { return false }
        child.send(nil)
        var status: Int32 = 0
        while waitpid(child.pid, &status, 0) < 0 && errno == EINTR {}
        return status == 0
    }
}

/// How a client program ended.
struct ProgramResult: Sendable {
    /// The exit status (the signal number when it was killed).
    var status: Int32
    /// Whether the watchdog killed it.
    var timedOut: Bool
    /// Its standard output, then its standard error.
    var output: String
}

/// A client program that could not be run.
struct ProgramFailure: Error, CustomStringConvertible {
    var description: String
}
