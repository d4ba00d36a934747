import Foundation

/// What an output path names, and so how it is written (``AtomicFile``):
///
/// - a new path, or an existing regular file (with `--force`): a temporary file beside it,
///   renamed over it — through symbolic links, in the directory of the file they lead to, so the
///   links stay links;
/// - a character device or a FIFO (`/dev/null`, a named pipe): opened and written through,
///   never truncated nor replaced, with or without `--force`;
/// - a socket: connected to and written through;
/// - a descriptor path (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`, which `>(cmd)` expands to):
///   the process's own descriptor, written as is.
///
/// Anything else — a directory, a dangling symbolic link, a block device, a target that cannot
/// be written — is refused with a one-line message and ``ExitCode/cannotCreate``, before any
/// request is sent and without changing anything.
enum OutputTarget: Equatable {
    /// A path that does not exist yet: created from a temporary file.
    case create(String)
    /// An existing regular file (the real path, symbolic links resolved): replaced atomically.
    case replace(String)
    /// A character device or FIFO: opened without truncation and written through.
    case device(String)
    /// A UNIX-domain socket: connected to and written through.
    case socket(String)
    /// An open descriptor of this process: written as is, never closed.
    case descriptor(Int32)

    /// Whether the target is written in place rather than through a temporary file.
    var isWrittenThrough: Bool {
        switch self {
        case .create, .replace: false
        case .device, .socket, .descriptor: true
        }
    }

    /// Works out how `path` is written, refusing what cannot be.
    ///
    /// - Parameter overwrite: whether an existing regular file may be replaced (`--force`).
    /// - Throws: ``CommandFailure`` with ``ExitCode/cannotCreate``.
    static func resolve(_ path: String, overwrite: Bool) throws(CommandFailure) -> OutputTarget {
        guard !path.isEmpty else { throw CommandFailure("cannot write '': the file name is empty", .cannotCreate) }
        if let fd = descriptorNumber(path) {
            guard fd >= 0 else { throw CommandFailure("cannot write \(path): no such descriptor", .cannotCreate) }
            return .descriptor(try writableDescriptor(fd, path: path))
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let error = errno
            var link = stat()
            if error == ENOENT, lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
                throw CommandFailure(
                    "cannot write \(path): it is a symbolic link to \(missingTarget(of: path)), which does not exist",
                    .cannotCreate)
            }
            if error == ENOENT {
                try checkDirectory(of: path, for: path)
                return .create(path)
            }
            if error == ELOOP {
                throw CommandFailure("cannot write \(path): too many levels of symbolic links", .cannotCreate)
            }
            try checkDirectory(of: path, for: path)
            throw failure(path, error)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            guard overwrite else { throw CommandFailure("refusing to overwrite \(path) (use --force)", .cannotCreate) }
            let real = try realPath(path)
            try checkDirectory(of: real, for: path)
            try checkWritable(real, shown: path)
            return .replace(real)
        case S_IFCHR, S_IFIFO:
            try checkWritable(path, shown: path)
            return .device(path)
        case S_IFSOCK:
            return .socket(path)
        case S_IFDIR:
            throw CommandFailure("cannot write \(path): it is a directory", .cannotCreate)
        case S_IFBLK:
            throw CommandFailure("cannot write \(path): it is a block device", .cannotCreate)
        default:
            throw CommandFailure("cannot write \(path): it is not a file", .cannotCreate)
        }
    }

    /// Whether `-o path` means standard output: `-`, `/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`.
    static func isStandardOutput(_ path: String) -> Bool {
        path == "-" || descriptorNumber(path) == 1
    }

    /// The descriptor a descriptor path names: `/dev/stdout` 1, `/dev/stderr` 2, `/dev/stdin` 0,
    /// `/dev/fd/N`, `/proc/self/fd/N`, `/proc/thread-self/fd/N` and `/proc/PID/fd/N` for this
    /// process; -1 for such a path with a number that is not a descriptor; `nil` for any other path.
    static func descriptorNumber(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdin": return 0
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default: break
        }
        let prefixes = ["/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/", "/proc/\(getpid())/fd/"]
        guard let prefix = prefixes.first(where: path.hasPrefix) else { return nil }
        let number = path.dropFirst(prefix.count)
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }), let fd = Int32(number) else {
            return -1
        }
        return fd
    }

    /// `fd` when it is open for writing.
    private static func writableDescriptor(_ fd: Int32, path: String) throws(CommandFailure) -> Int32 {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0 else {
            throw CommandFailure("cannot write \(path): descriptor \(fd) is not open", .cannotCreate)
        }
        guard flags & O_ACCMODE != O_RDONLY else {
            throw CommandFailure("cannot write \(path): descriptor \(fd) is open for reading only", .cannotCreate)
        }
        return fd
    }

    /// Checks that the directory a file is created in exists, is a directory and is writable.
    /// `shown` is the path as the user gave it, for the message.
    static func checkDirectory(of path: String, for shown: String) throws(CommandFailure) {
        let directory = PathName.directory(of: path)
        var info = stat()
        if stat(directory, &info) != 0 {
            let error = errno
            switch error {
            case ENOENT:
                throw CommandFailure("cannot write \(shown): the directory \(directory) does not exist", .cannotCreate)
            case ENOTDIR: throw CommandFailure("cannot write \(shown): \(directory) is not a directory", .cannotCreate)
            default:
                throw CommandFailure(
                    "cannot write \(shown): \(directory): \(AtomicFile.describe(error))", .cannotCreate)
            }
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw CommandFailure("cannot write \(shown): \(directory) is not a directory", .cannotCreate)
        }
        if access(directory, W_OK | X_OK) != 0 {
            let reason = errno == EROFS ? "is on a read-only file system" : "is not writable"
            throw CommandFailure("cannot write \(shown): the directory \(directory) \(reason)", .cannotCreate)
        }
    }

    /// Checks that an existing file or device may be written.
    private static func checkWritable(_ path: String, shown: String) throws(CommandFailure) {
        guard access(path, W_OK) != 0 else { return }
        throw failure(shown, errno)
    }

    /// The real path of an existing file: every symbolic link resolved.
    private static func realPath(_ path: String) throws(CommandFailure) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return path }
        guard let resolved = realpath(path, nil) else { throw failure(path, errno) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Where a dangling chain of symbolic links ends: the first path in it that does not exist.
    private static func missingTarget(of path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count > 0 else { return current }
            let target = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !target.hasPrefix("/"), current.contains("/") {
                current = PathName.directory(of: current) + "/" + target
            } else {
                current = target
            }
            var info = stat()
            if lstat(current, &info) != 0 { return current }
        }
        return current
    }

    static func failure(_ path: String, _ error: Int32) -> CommandFailure {
        CommandFailure("cannot write \(path): \(AtomicFile.describe(error))", .cannotCreate)
    }
}
