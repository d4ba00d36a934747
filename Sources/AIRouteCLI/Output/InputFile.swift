import Foundation

/// Reads an input file with clear, path-naming errors (exit 66 when it cannot be read, 65 when
/// it is empty or larger than a limit — checked from its size before reading when possible).
enum InputFile {
    /// Reads `path`, refusing more than `limit` bytes.
    ///
    /// - Parameter tooLarge: the message for a file over the limit, given its size.
    static func read(_ path: String, limit: Int, tooLarge: (Int) -> String) throws(CommandFailure) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let error = errno
            switch error {
            case ENOENT: throw CommandFailure("no such file: \(path)", .noInput)
            case EACCES: throw CommandFailure("cannot read \(path): permission denied", .noInput)
            case ENOTDIR: throw CommandFailure("no such file: \(path) (a parent is not a directory)", .noInput)
            default: throw CommandFailure("cannot read \(path): \(AtomicFile.describe(error))", .noInput)
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw CommandFailure("cannot read \(path): \(AtomicFile.describe(errno))", .noInput)
        }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR { throw CommandFailure("\(path) is a directory, not a file", .noInput) }
        let regular = kind == S_IFREG
        if regular {
            let size = Int(info.st_size)
            if size == 0 { throw CommandFailure("\(path) is empty", .dataError) }
            if size > limit { throw CommandFailure(tooLarge(size), .dataError) }
        }
        let data = try readAll(fd, path: path, limit: limit)
        if data.isEmpty { throw CommandFailure("\(path) is empty", .dataError) }
        if data.count > limit { throw CommandFailure(tooLarge(data.count), .dataError) }
        return data
    }

    /// Reads until end of file or until more than `limit` bytes were read.
    private static func readAll(_ fd: Int32, path: String, limit: Int) throws(CommandFailure) -> Data {
        var data = Data()
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while data.count <= limit {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, chunk) }
            if count < 0 {
                if errno == EINTR { continue }
                let error = errno
                let reason = error == EISDIR ? "it is a directory" : AtomicFile.describe(error)
                throw CommandFailure("cannot read \(path): \(reason)", .noInput)
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }
}
