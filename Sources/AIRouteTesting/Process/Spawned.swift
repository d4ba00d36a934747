import Foundation
import Synchronization

/// Starts a child process with only descriptors 0, 1 and 2 open: how the tests run the `airoute`
/// binary and the official-SDK client programs.
///
/// Foundation's `Process` lets the child inherit every descriptor the test process has open —
/// including sockets of other tests running in parallel — so a connection another test closes
/// stays open until the child exits. This spawns with explicit closes instead, and never blocks a
/// cooperative thread: output is read on dedicated threads and the exit is polled. (Foundation's
/// `Process.run` also reads past a buffer while it lists the open descriptors: AddressSanitizer
/// reports a heap-buffer-overflow in `findMaximumOpenFromProcSelfFD`.)
public final class Spawned: Sendable {
    /// The child's process id.
    public let pid: pid_t
    private let stdinFD: Int32
    private let out: FDReader
    private let err: FDReader

    /// The child could not be started.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed.
        public var description: String
    }

    /// Starts `path` with `arguments` and exactly `environment` (through ``ChildLauncher``).
    public init(_ path: String, _ arguments: [String], environment: [String: String]) throws {
        var inPipe: [Int32] = [-1, -1]
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        let pid: pid_t
        do {
            pid = try ChildLauncher.spawn(
                path, arguments, environment: environment, defaultSignals: [SIGINT, SIGPIPE],
                standardDescriptors: { actions in
                    guard pipe(&inPipe) == 0, pipe(&outPipe) == 0, pipe(&errPipe) == 0 else {
                        throw Failure(description: "pipe: \(errno)")
                    }
                    for fd in inPipe + outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
                    posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
                    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
                    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
                },
                parentEnds: {
                    close(inPipe[0])
                    close(outPipe[1])
                    close(errPipe[1])
                })
        } catch {
            for fd in [inPipe[1], outPipe[0], errPipe[0]] where fd >= 0 { close(fd) }
            throw error
        }
        self.pid = pid
        self.stdinFD = inPipe[1]
        self.out = FDReader(outPipe[0])
        self.err = FDReader(errPipe[0])
    }

    /// Writes `data` to the child's stdin on a dedicated thread, then closes it.
    public func send(_ data: Data?) {
        let fd = stdinFD
        Thread.detachNewThread {
            if let data {
                data.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                        if n < 0 && errno == EINTR { continue }
                        if n <= 0 { break }
                        offset += n
                    }
                }
            }
            close(fd)
        }
    }

    /// Sends SIGINT.
    public func interrupt() { kill(pid, SIGINT) }

    /// Sends SIGTERM.
    public func terminate() { kill(pid, SIGTERM) }

    /// What the child wrote to stderr so far.
    public var errorSoFar: String { String(decoding: err.soFar, as: UTF8.self) }

    /// Waits for the exit (polling), killing the child after `timeout`; returns the exit status
    /// (or 128 + signal), whether it timed out, and the output.
    public func finish(timeout: Duration) async -> (status: Int32, timedOut: Bool, out: Data, err: Data) {
        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        var timedOut = false
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { break }
            if ContinuousClock.now > deadline && !timedOut {
                timedOut = true
                kill(pid, SIGKILL)
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (code, timedOut, await out.wait(), await err.wait())
    }
}

/// Reads a descriptor to its end on a dedicated thread; what arrived so far can be read meanwhile.
final class FDReader: Sendable {
    private let result = Mutex<(data: Data, done: Bool)>((Data(), false))

    init(_ fd: Int32) {
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                self.result.withLock { $0.data.append(contentsOf: buffer[0..<n]) }
            }
            close(fd)
            self.result.withLock { $0.done = true }
        }
    }

    /// What has been read so far.
    var soFar: Data { result.withLock { $0.data } }

    func wait() async -> Data {
        while true {
            if let data = result.withLock({ $0.done ? $0.data : nil }) { return data }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
