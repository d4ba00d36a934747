import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A real, private PostgreSQL server for tests: its own cluster in a fresh temporary directory
/// (`/tmp/airoute-pg-XXXXXX`), listening on a free port of `127.0.0.1` only, with password
/// (SCRAM-SHA-256) authentication for the superuser `airoute`.
///
/// The server runs as a child process (``Spawned``) and can be stopped, crashed and restarted on
/// the same port with the same data, so tests can see what a client does while the database is
/// away. ``shutdown()`` removes the directory; a server that is dropped without it, or still runs
/// when the test process exits, is killed and its directory removed.
///
/// PostgreSQL refuses to run as root: as root, the directory is handed to the `postgres` user and
/// `initdb` and `postgres` run through `runuser -u postgres`.
public final class PostgresServer: Sendable {
    /// No PostgreSQL server can be started here: the binaries are missing, or (as root) there is no
    /// `postgres` user or no `runuser`.
    public struct Unavailable: Error, CustomStringConvertible {
        /// Why, in one line.
        public var description: String
    }

    /// Setting up, starting or querying the server failed.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed, with the last lines the program wrote to stderr.
        public var description: String
    }

    /// The address the server listens on (loopback only).
    public let host = "127.0.0.1"
    /// The TCP port; the same across ``stop()``, ``kill()`` and ``restart()``.
    public let port: Int
    /// The superuser that `initdb` created.
    public let user = "airoute"
    /// The superuser's password.
    public let password: String
    /// The database to connect to.
    public let database = "postgres"
    /// The temporary directory: the cluster is in `data/` under it, the Unix socket beside it.
    public let directory: String

    /// A connection URL without the password (TLS off: the server has no certificate).
    public var url: String { "postgres://\(user)@\(host):\(port)/\(database)?sslmode=disable" }

    /// ``url`` with the (percent-encoded) password in it.
    public var urlWithPassword: String {
        let secret = password.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? password
        return "postgres://\(user):\(secret)@\(host):\(port)/\(database)?sslmode=disable"
    }

    private let tools: Tools

    private init(directory: String, port: Int, password: String, tools: Tools) {
        self.directory = directory
        self.port = port
        self.password = password
        self.tools = tools
    }

    /// Whether the PostgreSQL binaries were found (and, as root, can be run as `postgres`).
    public static var isAvailable: Bool { (try? Tools.find()) != nil }

    /// Whether `AIROUTE_REQUIRE_POSTGRES=1`: tests enabled with
    /// `.enabled(if: PostgresServer.isAvailable || PostgresServer.isRequired)` then fail where
    /// PostgreSQL is missing instead of being skipped.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["AIROUTE_REQUIRE_POSTGRES"] == "1" }

    /// Creates a cluster in a new temporary directory and starts a server for it on a free port.
    ///
    /// The binaries come from `$AIROUTE_POSTGRES_BIN` (a directory) if set, else from the newest
    /// `/usr/lib/postgresql/*/bin`, else from `PATH`.
    /// - Throws: ``Unavailable`` when no server can be run here; ``Failure`` when `initdb` fails or
    ///   the server is not ready within 30 seconds.
    public static func start(password: String = "airoute-test-pw") async throws -> PostgresServer {
        let tools = try Tools.find()
        let directory = try makeTemporaryDirectory()
        do {
            try await tools.initialize(directory: directory, password: password)
            var attempt = 1
            while true {
                // Another process may take the port between freePort() and postgres binding it.
                let port = try freePort()
                do {
                    let running = try await tools.launch(directory: directory, port: port)
                    servers.withLock { $0[directory] = .running(running) }
                    _ = cleanUpAtExit
                    return PostgresServer(directory: directory, port: port, password: password, tools: tools)
                } catch let failure as LaunchFailure where failure.exited && attempt < 3 {
                    attempt += 1
                }
            }
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            if let failure = error as? LaunchFailure { throw Failure(description: failure.description) }
            throw error
        }
    }

    private static let sharedServer = Mutex<Task<PostgresServer, any Error>?>(nil)

    /// One server for the whole test process, started on first use (concurrent first callers wait
    /// for the same start; a failed start fails every caller). Tests that use it must not stop it,
    /// and isolate themselves in a schema of their own. It is killed when the process exits.
    public static func shared() async throws -> PostgresServer {
        let task = sharedServer.withLock { task in
            if let task { return task }
            let started = Task { try await PostgresServer.start() }
            task = started
            return started
        }
        return try await task.value
    }

    /// Fast shutdown (SIGINT: open sessions are ended, the cluster is shut down cleanly); waits up
    /// to 30 seconds for the exit, then SIGKILLs. The data stays for ``restart()``.
    public func stop() async {
        await takeRunning()?.stop(signal: SIGINT, patience: .seconds(30))
    }

    /// SIGKILLs the postmaster, like a crash, and waits until it and its processes are gone.
    /// ``restart()`` still works afterwards (PostgreSQL recovers from its write-ahead log).
    public func kill() async {
        await takeRunning()?.stop(signal: SIGKILL, patience: .seconds(10))
    }

    /// Starts the server again on the same port with the same data (stopping it first if it runs)
    /// and waits until it accepts connections. Retries for up to 10 seconds while the server exits
    /// at once (the port still in use, the shared memory of a killed server still attached).
    /// - Throws: ``Failure`` when it does not come up, or after ``shutdown()``.
    public func restart() async throws {
        await stop()
        guard servers.withLock({ $0[directory] != nil }) else {
            throw Failure(description: "PostgresServer: restart() after shutdown()")
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            do {
                let running = try await tools.launch(directory: directory, port: port)
                servers.withLock { $0[directory] = .running(running) }
                return
            } catch let failure as LaunchFailure {
                guard failure.exited, ContinuousClock.now < deadline else {
                    throw Failure(description: failure.description)
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// ``stop()``, then removes the temporary directory with the data.
    public func shutdown() async {
        await stop()
        servers.withLock { _ = $0.removeValue(forKey: directory) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit {
        // A test that failed before shutdown(): leave no server and no directory behind.
        let state = servers.withLock { $0.removeValue(forKey: directory) }
        if case .running(let running) = state { running.killNow() }
        if state != nil { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Whether a TCP connection to ``host``:``port`` succeeds right now.
    public var acceptsTCPConnections: Bool { canConnect(port: port) }

    /// Runs `sql` with `psql -X -A -t -q` (unaligned, tuples only: one line per row, columns
    /// separated by `|`) as ``user`` over TCP, and returns its standard output without the final
    /// newline.
    /// - Parameter password: The password to log in with; ``password`` when `nil`.
    /// - Throws: ``Failure`` with psql's stderr when it exits with a non-zero status.
    public func psql(_ sql: String, password: String? = nil) async throws -> String {
        guard let psql = tools.psql else { throw Unavailable(description: "psql not found") }
        var environment = tools.environment
        environment["PGPASSWORD"] = password ?? self.password
        environment["PGCONNECT_TIMEOUT"] = "10"
        let arguments = ["-X", "-A", "-t", "-q", "-h", host, "-p", "\(port)", "-U", user, "-d", database, "-c", sql]
        let process = try Spawned(psql, arguments, environment: environment)
        process.send(nil)
        let result = await process.finish(timeout: .seconds(60))
        guard result.status == 0, !result.timedOut else {
            throw Failure(description: "psql exited with status \(result.status): \(lastLines(result.err))")
        }
        var output = String(decoding: result.out, as: UTF8.self)
        if output.hasSuffix("\n") { output.removeLast() }
        return output
    }

    /// Marks the server stopped and returns what ran, if it ran.
    private func takeRunning() -> Running? {
        servers.withLock { servers in
            guard case .running(let running) = servers[directory] else { return nil }
            servers[directory] = .stopped
            return running
        }
    }
}

// MARK: - Every server of the process, for deinit and exit

/// A server's directory exists; the server runs or not.
private enum ServerState: Sendable {
    case running(Running)
    case stopped
}

/// Every server whose directory still exists, by directory.
private let servers = Mutex<[String: ServerState]>([:])

/// Kills the servers that still run when the test process exits (the shared one, leaked ones) and
/// removes their directories. Evaluated once, when the first server starts.
private let cleanUpAtExit: Void = {
    atexit {
        let all = servers.withLock { servers in
            defer { servers = [:] }
            return servers
        }
        for (directory, state) in all {
            if case .running(let running) = state { running.killNow() }
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}()

/// A started server: the child (`postgres`, or `runuser` with `postgres` as its child) and the
/// postmaster's pid.
///
/// Signals go to the postmaster, not to the child: `runuser` turns SIGINT into SIGTERM (a "smart"
/// shutdown that waits for every client) followed by SIGKILL two seconds later, and a SIGKILLed
/// `runuser` would leave the postmaster running.
private struct Running: Sendable {
    let process: Spawned
    let postmaster: pid_t

    /// Sends `signal` to the postmaster, SIGKILLs it after `patience`, and waits for the child's
    /// exit and for every process that holds its stderr (orphaned backends after a SIGKILL).
    func stop(signal: Int32, patience: Duration) async {
        send(signal, to: postmaster)
        let deadline = ContinuousClock.now + patience
        var killed = signal == SIGKILL
        while !hasExited(process.pid) {
            if !killed && ContinuousClock.now >= deadline {
                send(SIGKILL, to: postmaster)
                killed = true
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        _ = await process.finish(timeout: .seconds(10))
    }

    /// SIGKILL and reap, blocking: for deinit and exit, where nothing can be awaited.
    func killNow() {
        send(SIGKILL, to: postmaster)
        var status: Int32 = 0
        while waitpid(process.pid, &status, 0) < 0 && errno == EINTR {}
    }
}

/// `postgres` exited before it was ready (`exited`), or was not ready in time.
private struct LaunchFailure: Error, CustomStringConvertible {
    var exited: Bool
    var description: String
}

// MARK: - Binaries

/// Where the PostgreSQL programs are, and how the server programs are run.
private struct Tools: Sendable {
    var initdb: String
    var postgres: String
    var psql: String?
    var pgIsReady: String?
    /// `runuser` and the `postgres` user's ids, when running as root.
    var runAs: (runuser: String, uid: uid_t, gid: gid_t)?

    /// The environment of every program started: nothing inherited but `LD_LIBRARY_PATH`.
    var environment: [String: String] {
        var environment = ["PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "LC_ALL": "C"]
        environment["LD_LIBRARY_PATH"] = ProcessInfo.processInfo.environment["LD_LIBRARY_PATH"]
        return environment
    }

    static func find() throws(PostgresServer.Unavailable) -> Tools {
        let environment = ProcessInfo.processInfo.environment
        let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let directories: [String]
        if let bin = environment["AIROUTE_POSTGRES_BIN"], !bin.isEmpty {
            directories = [bin]
        } else {
            directories = debianDirectories() + path
        }
        func first(_ name: String, in directories: [String]) -> String? {
            directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        guard let initdb = first("initdb", in: directories), let postgres = first("postgres", in: directories) else {
            throw .init(description: "PostgreSQL not found (set AIROUTE_POSTGRES_BIN to its bin directory)")
        }
        // psql and pg_isready from the server's directory, else from PATH.
        let preferred = [(postgres as NSString).deletingLastPathComponent] + path
        var tools = Tools(
            initdb: initdb, postgres: postgres, psql: first("psql", in: preferred),
            pgIsReady: first("pg_isready", in: preferred))
        if geteuid() == 0 {
            guard let account = getpwnam("postgres") else {
                throw .init(description: "running as root, and there is no postgres user to run PostgreSQL as")
            }
            guard
                let runuser = ["/usr/sbin/runuser", "/sbin/runuser"].first(where: FileManager.default.isExecutableFile)
            else { throw .init(description: "running as root, and runuser is missing") }
            tools.runAs = (runuser, account.pointee.pw_uid, account.pointee.pw_gid)
        }
        return tools
    }

    /// `/usr/lib/postgresql/<version>/bin`, newest version first.
    private static func debianDirectories() -> [String] {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        func key(_ version: String) -> [Int] { version.split(separator: ".").map { Int($0) ?? -1 } }
        return versions.sorted { key($0).lexicographicallyPrecedes(key($1)) }.reversed().map { "\(root)/\($0)/bin" }
    }

    /// `binary arguments`, through `runuser -u postgres --` as root.
    private func server(_ binary: String, _ arguments: [String]) throws -> Spawned {
        let process =
            if let runAs {
                try Spawned(runAs.runuser, ["-u", "postgres", "--", binary] + arguments, environment: environment)
            } else {
                try Spawned(binary, arguments, environment: environment)
            }
        process.send(nil)
        return process
    }

    /// Runs `initdb` for `directory/data` with the superuser `airoute` and `password`.
    func initialize(directory: String, password: String) async throws {
        let passwordFile = "\(directory)/password"
        guard
            FileManager.default.createFile(
                atPath: passwordFile, contents: Data((password + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw PostgresServer.Failure(description: "cannot write \(passwordFile)") }
        defer { try? FileManager.default.removeItem(atPath: passwordFile) }
        if let runAs {
            for path in [directory, passwordFile] where chown(path, runAs.uid, runAs.gid) != 0 {
                throw PostgresServer.Failure(description: "chown \(path) to postgres: errno \(errno)")
            }
        }
        let process = try server(
            initdb,
            [
                "-D", "\(directory)/data", "-U", "airoute", "--auth=scram-sha-256", "--pwfile=\(passwordFile)",
                "-E", "UTF8", "--no-sync",
            ])
        let result = await process.finish(timeout: .seconds(120))
        guard result.status == 0 else {
            throw PostgresServer.Failure(
                description: "initdb exited with status \(result.status): \(lastLines(result.err))")
        }
    }

    /// Starts `postgres` for `directory/data` on `port` and waits (up to 30 s) until it accepts
    /// connections: a TCP connect succeeds, and then `pg_isready` (when installed) says so.
    func launch(directory: String, port: Int) async throws -> Running {
        let data = "\(directory)/data"
        removeStaleLock(data)
        let process = try server(
            postgres,
            [
                "-D", data, "-p", "\(port)", "-k", directory, "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off",
                "-c", "max_connections=200",
            ])
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            if hasExited(process.pid) {
                let result = await process.finish(timeout: .seconds(5))
                throw LaunchFailure(
                    exited: true, description: "postgres exited with status \(result.status): \(lastLines(result.err))")
            }
            if canConnect(port: port), await isReady(port: port) {
                return Running(process: process, postmaster: postmasterPID(of: process, data: data))
            }
            if ContinuousClock.now >= deadline {
                let running = Running(process: process, postmaster: postmasterPID(of: process, data: data))
                await running.stop(signal: SIGKILL, patience: .seconds(5))
                throw LaunchFailure(
                    exited: false,
                    description:
                        "postgres not ready on port \(port) after 30 s: \(lastLines(Data(process.errorSoFar.utf8)))")
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    private func isReady(port: Int) async -> Bool {
        guard let pgIsReady else { return true }
        let arguments = ["-q", "-h", "127.0.0.1", "-p", "\(port)", "-U", "airoute", "-d", "postgres", "-t", "2"]
        guard let process = try? Spawned(pgIsReady, arguments, environment: environment) else { return false }
        process.send(nil)
        return await process.finish(timeout: .seconds(5)).status == 0
    }

    /// The child itself, or (through `runuser`) the child's child.
    private func postmasterPID(of process: Spawned, data: String) -> pid_t {
        guard runAs != nil else { return process.pid }
        let children = try? String(contentsOfFile: "/proc/\(process.pid)/task/\(process.pid)/children", encoding: .utf8)
        let lock = try? String(contentsOfFile: "\(data)/postmaster.pid", encoding: .utf8)
        for text in [children, lock] {
            if let first = text?.split(whereSeparator: \.isWhitespace).first, let pid = pid_t(first) { return pid }
        }
        return process.pid
    }

    /// Removes `postmaster.pid` when the process it names is gone (a killed server). PostgreSQL
    /// would usually override it itself, but not when the pid has been reused meanwhile.
    private func removeStaleLock(_ data: String) {
        let path = "\(data)/postmaster.pid"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let first = text.split(whereSeparator: \.isWhitespace).first, let pid = pid_t(first)
        else { return }
        if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: path) }
    }
}

// MARK: - POSIX helpers

private func makeTemporaryDirectory() throws -> String {
    var template = Array("/tmp/airoute-pg-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
    guard made else { throw PostgresServer.Failure(description: "mkdtemp: errno \(errno)") }
    return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}

private func send(_ signal: Int32, to pid: pid_t) {
    _ = kill(pid, signal)
}

/// Whether the child `pid` has exited (without reaping it, so ``Spawned/finish(timeout:)`` still can).
private func hasExited(_ pid: pid_t) -> Bool {
    var info = siginfo_t()
    if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 { return errno != EINTR }
    return info.si_signo == SIGCHLD
}

/// The last lines of a program's stderr, joined into one line.
private func lastLines(_ data: Data, count: Int = 8) -> String {
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").suffix(count)
    return lines.isEmpty ? "(no output)" : lines.joined(separator: " | ")
}

private func loopback(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port)).bigEndian
    address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
    return address
}

private func tcpSocket() -> Int32 {
    #if canImport(Glibc)
    socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    socket(AF_INET, SOCK_STREAM, 0)
    #endif
}

/// A port of 127.0.0.1 that was free a moment ago (bound to port 0, read back, closed).
private func freePort() throws -> Int {
    let fd = tcpSocket()
    guard fd >= 0 else { throw PostgresServer.Failure(description: "socket: errno \(errno)") }
    defer { close(fd) }
    var address = loopback(port: 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    guard bound else { throw PostgresServer.Failure(description: "bind 127.0.0.1:0: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Whether a TCP connection to 127.0.0.1:`port` succeeds (within a second).
private func canConnect(port: Int) -> Bool {
    let fd = tcpSocket()
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 1, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = loopback(port: port)
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
}
