import Foundation
import Synchronization
import Testing

@testable import AIRouteCLI

/// ``OutputTarget`` and ``AtomicFile`` on what is not a plain new file: devices, FIFOs, sockets,
/// descriptors and symbolic links. The suite runs as root in CI: the first tests prove that a
/// device path is planned as a write-through before any test writes to one, and the rename step
/// itself refuses anything but a regular file.
@Suite("Output targets")
struct OutputTargetTests {
    // MARK: Devices and descriptors

    @Test func devNullIsWrittenThroughWithAndWithoutForce() throws {
        #expect(try OutputTarget.resolve("/dev/null", overwrite: false) == .device("/dev/null"))
        #expect(try OutputTarget.resolve("/dev/null", overwrite: true) == .device("/dev/null"))
        #expect(try OutputTarget.resolve("/dev/null", overwrite: true).isWrittenThrough)
    }

    @Test func theRenameStepNeverReplacesAnythingButARegularFile() throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let fifo = dir.file("pipe")
        #expect(mkfifo(fifo, 0o644) == 0)
        try FileManager.default.createDirectory(atPath: dir.file("folder"), withIntermediateDirectories: false)
        #expect(symlink("elsewhere", dir.file("link")) == 0)
        for name in ["pipe", "folder", "link"] {
            do {
                try AtomicFile.replace(dir.file(name), with: Data("x".utf8), shown: name, overwrite: true)
                Issue.record("\(name) was replaced")
            } catch let failure as CommandFailure {
                #expect(failure.code == .cannotCreate)
                #expect(failure.message == "cannot write \(name): it is no longer a regular file")
            }
        }
        #expect(kind(fifo) == S_IFIFO)
        #expect(kind(dir.file("folder")) == S_IFDIR)
        #expect(kind(dir.file("link")) == S_IFLNK)
        #expect(dir.entries() == ["folder", "link", "pipe"])
    }

    @Test(arguments: [false, true])
    func devNullStaysACharacterDevice(force: Bool) throws {
        try #require(try OutputTarget.resolve("/dev/null", overwrite: force) == .device("/dev/null"))
        try AtomicFile.write(Data("discarded".utf8), to: "/dev/null", overwrite: force)
        #expect(kind("/dev/null") == S_IFCHR)
        let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: "/dev")) ?? []).filter {
            $0.hasPrefix(".null.airoute-")
        }
        #expect(leftovers.isEmpty)
    }

    @Test func descriptorPathsNameTheProcessDescriptors() throws {
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        defer {
            close(fds[0])
            close(fds[1])
        }
        #expect(OutputTarget.descriptorNumber("/dev/stdout") == 1)
        #expect(OutputTarget.descriptorNumber("/dev/stderr") == 2)
        #expect(OutputTarget.descriptorNumber("/proc/self/fd/7") == 7)
        #expect(OutputTarget.descriptorNumber("/proc/\(getpid())/fd/7") == 7)
        #expect(OutputTarget.descriptorNumber("/dev/fd/x") == -1)
        #expect(OutputTarget.descriptorNumber("/dev/null") == nil)
        #expect(try OutputTarget.resolve("/dev/fd/\(fds[1])", overwrite: false) == .descriptor(fds[1]))
        try AtomicFile.write(Data("through".utf8), to: "/dev/fd/\(fds[1])", overwrite: false)
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = read(fds[0], &buffer, buffer.count)
        #expect(count == 7 && Array(buffer[0..<7]) == Array("through".utf8))
        #expect(fcntl(fds[1], F_GETFD) >= 0, "the descriptor stays open")
    }

    @Test func aDescriptorThatCannotBeWrittenIsRefused() {
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        close(fds[1])
        defer { close(fds[0]) }
        #expect(
            message("/dev/fd/\(fds[0])")
                == "cannot write /dev/fd/\(fds[0]): descriptor \(fds[0]) is open for reading only")
        // A closed descriptor: the highest one allowed (the suite's other tests, running at once,
        // reuse low numbers as soon as they are closed, so fds[1] may be open again by now).
        let closed = Int32(sysconf(Int32(_SC_OPEN_MAX)) - 1)
        #expect(fcntl(closed, F_GETFD) == -1)
        #expect(message("/dev/fd/\(closed)") == "cannot write /dev/fd/\(closed): descriptor \(closed) is not open")
        #expect(message("/dev/fd/99999999999") == "cannot write /dev/fd/99999999999: no such descriptor")
    }

    @Test func aFIFOIsWrittenThroughToItsReaderWithoutForce() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let fifo = dir.file("pipe")
        try #require(mkfifo(fifo, 0o644) == 0)
        #expect(try OutputTarget.resolve(fifo, overwrite: false) == .device(fifo))
        let reader = BackgroundReader.fifo(fifo)
        let payload = Data((0..<200_000).map { UInt8($0 % 251) })
        try AtomicFile.write(payload, to: fifo, overwrite: false)
        #expect(await reader.received() == payload)
        #expect(kind(fifo) == S_IFIFO)
        #expect(dir.entries() == ["pipe"])
    }

    @Test func aSocketIsConnectedToAndWrittenThrough() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let path = dir.file("s")
        let listener = try #require(BackgroundReader.socket(path))
        #expect(try OutputTarget.resolve(path, overwrite: false) == .socket(path))
        try AtomicFile.write(Data("to the socket".utf8), to: path, overwrite: false)
        #expect(await listener.received() == Data("to the socket".utf8))
        #expect(kind(path) == S_IFSOCK)
    }

    // MARK: Symbolic links

    @Test func aLinkToAFileNeedsForceAndStaysALink() throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        dir.write("real.wav", Data("old".utf8))
        #expect(symlink("real.wav", dir.file("link.wav")) == 0)
        #expect(message(dir.file("link.wav")) == "refusing to overwrite \(dir.file("link.wav")) (use --force)")
        #expect(throws: CommandFailure.self) {
            try AtomicFile.write(Data("new".utf8), to: dir.file("link.wav"), overwrite: false)
        }
        #expect(dir.read("real.wav") == Data("old".utf8))
        try AtomicFile.write(Data("new".utf8), to: dir.file("link.wav"), overwrite: true)
        #expect(kind(dir.file("link.wav")) == S_IFLNK)
        #expect(linkText(dir.file("link.wav")) == "real.wav")
        #expect(dir.read("real.wav") == Data("new".utf8))
        #expect(dir.entries() == ["link.wav", "real.wav"])
    }

    @Test func aChainOfLinksReplacesTheFileAtItsEnd() throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        dir.write("c.txt", Data("old".utf8))
        #expect(symlink("c.txt", dir.file("b")) == 0)
        #expect(symlink(dir.file("b"), dir.file("a")) == 0)
        try AtomicFile.write(Data("new".utf8), to: dir.file("a"), overwrite: true)
        #expect(kind(dir.file("a")) == S_IFLNK && kind(dir.file("b")) == S_IFLNK)
        #expect(linkText(dir.file("a")) == dir.file("b") && linkText(dir.file("b")) == "c.txt")
        #expect(dir.read("c.txt") == Data("new".utf8))
        #expect(dir.entries() == ["a", "b", "c.txt"])
    }

    @Test func aLinkIntoAnotherDirectoryIsReplacedThereKeepingItsMode() throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let manager = FileManager.default
        try manager.createDirectory(atPath: dir.file("links"), withIntermediateDirectories: false)
        try manager.createDirectory(atPath: dir.file("files"), withIntermediateDirectories: false)
        dir.write("files/out.mp3", Data("old".utf8))
        chmod(dir.file("files/out.mp3"), 0o600)
        #expect(symlink("../files/out.mp3", dir.file("links/out.mp3")) == 0)
        try AtomicFile.write(Data("new".utf8), to: dir.file("links/out.mp3"), overwrite: true)
        #expect(kind(dir.file("links/out.mp3")) == S_IFLNK)
        #expect(dir.read("files/out.mp3") == Data("new".utf8))
        #expect(dir.entries("links") == ["out.mp3"])
        #expect(dir.entries("files") == ["out.mp3"])
        let mode = try manager.attributesOfItem(atPath: dir.file("files/out.mp3"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aDanglingLinkIsRefusedAndLeftAsItIs() throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        #expect(symlink("missing.wav", dir.file("link.wav")) == 0)
        #expect(symlink("link.wav", dir.file("outer.wav")) == 0)
        for force in [false, true] {
            #expect(
                message(dir.file("link.wav"), overwrite: force)
                    == "cannot write \(dir.file("link.wav")): it is a symbolic link to \(dir.file("missing.wav")), which does not exist"
            )
            #expect(
                message(dir.file("outer.wav"), overwrite: force)?.hasSuffix(
                    "\(dir.file("missing.wav")), which does not exist") == true)
            #expect(throws: CommandFailure.self) {
                try AtomicFile.write(Data("x".utf8), to: dir.file("outer.wav"), overwrite: force)
            }
        }
        #expect(dir.entries() == ["link.wav", "outer.wav"])
        #expect(linkText(dir.file("link.wav")) == "missing.wav")
    }

    @Test func directoriesBlockDevicesAndUnwritableFilesAreRefused() throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("folder"), withIntermediateDirectories: false)
        #expect(symlink("folder", dir.file("to-folder")) == 0)
        #expect(message(dir.file("folder"), overwrite: true) == "cannot write \(dir.file("folder")): it is a directory")
        #expect(
            message(dir.file("to-folder"), overwrite: true)
                == "cannot write \(dir.file("to-folder")): it is a directory")
        #expect(symlink("loop", dir.file("loop")) == 0)
        #expect(
            message(dir.file("loop"), overwrite: true)
                == "cannot write \(dir.file("loop")): too many levels of symbolic links")
        #expect(message("", overwrite: true) == "cannot write '': the file name is empty")
        if let block = Self.blockDevice() {
            #expect(message(block, overwrite: true) == "cannot write \(block): it is a block device")
        }
        if geteuid() != 0 {
            dir.write("locked.wav", Data("keep".utf8))
            chmod(dir.file("locked.wav"), 0o444)
            #expect(
                message(dir.file("locked.wav"), overwrite: true)
                    == "cannot write \(dir.file("locked.wav")): permission denied")
            #expect(dir.read("locked.wav") == Data("keep".utf8))
        }
    }

    // MARK: Helpers

    /// The check's message for `path`, or `nil` when it may be written.
    private func message(_ path: String, overwrite: Bool = false) -> String? {
        do {
            try AtomicFile.check(path, overwrite: overwrite)
            return nil
        } catch {
            #expect(error.code == .cannotCreate)
            return error.message
        }
    }

    private func kind(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    private func linkText(_ path: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    /// A block device of this machine, if one is visible (only looked at, never written).
    private static func blockDevice() -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/dev")) ?? []
        return names.sorted().map { "/dev/" + $0 }.first { path in
            var info = stat()
            return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFBLK
        }
    }
}

/// Reads one descriptor to its end on a dedicated thread: a FIFO's reader (whose open waits for
/// the writer) or a listening socket's one connection.
final class BackgroundReader: Sendable {
    private let result = Mutex<Data?>(nil)

    /// Runs `open` on a dedicated thread, then reads the descriptor it returns to its end.
    init(_ open: @escaping @Sendable () -> Int32) {
        Thread.detachNewThread { [self] in
            let fd = open()
            var data = Data()
            var buffer = [UInt8](repeating: 0, count: 65536)
            while fd >= 0 {
                let n = read(fd, &buffer, buffer.count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                data.append(contentsOf: buffer[0..<n])
            }
            if fd >= 0 { close(fd) }
            result.withLock { $0 = data }
        }
    }

    /// The reader of the FIFO at `path`.
    static func fifo(_ path: String) -> BackgroundReader {
        BackgroundReader { open(path, O_RDONLY | O_CLOEXEC) }
    }

    /// A UNIX-domain stream socket listening at `path`, reading its first connection.
    static func socket(_ path: String) -> BackgroundReader? {
        #if os(Linux)
        let fd = Foundation.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = Foundation.socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard fd >= 0, bound == 0, listen(fd, 1) == 0 else { return nil }
        return BackgroundReader {
            defer { close(fd) }
            return accept(fd, nil, nil)
        }
    }

    /// What was read, once the writer closed; `nil` after 10 seconds without an end.
    func received() async -> Data? {
        for _ in 0..<2000 {
            if let data = result.withLock({ $0 }) { return data }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }
}
