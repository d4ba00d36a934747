import Foundation

/// Writes output to targets that are not files: opened (or connected to) and written in place,
/// never truncated, replaced nor created.
enum WriteThrough {
    /// Writes to a character device or FIFO. The open has neither `O_CREAT` nor `O_TRUNC`, so if
    /// the path became something else since it was checked nothing is changed; a FIFO's open
    /// waits for its reader, as a shell's `>` does.
    static func device(_ path: String, _ data: Data) throws {
        let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw OutputTarget.failure(path, errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw OutputTarget.failure(path, errno) }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFCHR || kind == S_IFIFO else {
            throw CommandFailure("cannot write \(path): it is no longer a device or pipe", .cannotCreate)
        }
        try AtomicFile.writeAll(fd, data, path: path)
    }

    /// Connects to a UNIX-domain stream socket and writes to it.
    static func socket(_ path: String, _ data: Data) throws {
        #if os(Linux)
        let fd = Foundation.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = Foundation.socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw OutputTarget.failure(path, errno) }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw CommandFailure("cannot write \(path): the socket's path is too long to connect to", .cannotCreate)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else { throw OutputTarget.failure(path, errno) }
        try AtomicFile.writeAll(fd, data, path: path)
    }

    /// Writes to one of this process's descriptors as it is (its offset and append mode kept);
    /// the descriptor stays open.
    static func descriptor(_ fd: Int32, _ data: Data, shown: String) throws {
        try AtomicFile.writeAll(fd, data, path: shown)
    }
}
