import Foundation
import Synchronization

/// Where a command reads and writes: the real standard streams, or buffers in tests.
public struct IO: Sendable {
    /// Writes bytes to standard output; returns `false` when the reader has gone (EPIPE).
    public var writeOut: @Sendable (Data) -> Bool
    /// Writes bytes to standard error.
    public var writeErr: @Sendable (Data) -> Void
    /// Reads all of standard input.
    public var readIn: @Sendable () -> Data
    /// Whether standard input is a terminal.
    public var stdinIsTerminal: Bool
    /// Whether standard output is a terminal.
    public var stdoutIsTerminal: Bool
    /// Whether standard error is a terminal.
    public var stderrIsTerminal: Bool

    /// Creates an IO.
    public init(
        writeOut: @escaping @Sendable (Data) -> Bool, writeErr: @escaping @Sendable (Data) -> Void,
        readIn: @escaping @Sendable () -> Data, stdinIsTerminal: Bool, stdoutIsTerminal: Bool, stderrIsTerminal: Bool
    ) {
        self.writeOut = writeOut
        self.writeErr = writeErr
        self.readIn = readIn
        self.stdinIsTerminal = stdinIsTerminal
        self.stdoutIsTerminal = stdoutIsTerminal
        self.stderrIsTerminal = stderrIsTerminal
    }

    /// The process's standard streams.
    public static var standard: IO {
        IO(
            writeOut: { writeAll(1, $0) }, writeErr: { _ = writeAll(2, $0) },
            readIn: { FileHandle.standardInput.readDataToEndOfFile() }, stdinIsTerminal: isatty(0) == 1,
            stdoutIsTerminal: isatty(1) == 1, stderrIsTerminal: isatty(2) == 1)
    }

    /// Writes all bytes to a file descriptor, retrying short writes; `false` on error.
    static func writeAll(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            guard var pointer = raw.baseAddress else { return true }
            var remaining = raw.count
            while remaining > 0 {
                let written = write(fd, pointer, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                remaining -= written
                pointer += written
            }
            return true
        }
    }

    /// An IO over in-memory buffers, for tests.
    public static func capture(
        stdin: Data = Data(), stdinIsTerminal: Bool = false, terminal: Bool = false
    )
        -> (IO, CapturedOutput)
    {
        let captured = CapturedOutput()
        let io = IO(
            writeOut: { captured.append(out: $0) }, writeErr: { captured.append(err: $0) }, readIn: { stdin },
            stdinIsTerminal: stdinIsTerminal, stdoutIsTerminal: terminal, stderrIsTerminal: terminal)
        return (io, captured)
    }
}

/// What a command wrote, captured for tests.
public final class CapturedOutput: Sendable {
    private let buffers = Mutex<(out: Data, err: Data)>((Data(), Data()))
    func append(out data: Data) -> Bool {
        buffers.withLock { $0.out.append(data) }
        return true
    }
    func append(err data: Data) { buffers.withLock { $0.err.append(data) } }
    /// Standard output as bytes.
    public var outData: Data { buffers.withLock { $0.out } }
    /// Standard output as text.
    public var out: String { String(decoding: outData, as: UTF8.self) }
    /// Standard error as text.
    public var err: String { String(decoding: buffers.withLock { $0.err }, as: UTF8.self) }
}
