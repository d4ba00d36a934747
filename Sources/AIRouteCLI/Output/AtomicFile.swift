import Foundation

/// Writes output files atomically: the bytes go to a temporary file in the target's own
/// directory (`.NAME.airoute-XXXXXX`, created with `O_EXCL`, mode 0644 less the umask), are
/// flushed with `fsync`, and the file is renamed over the target. On any failure or
/// cancellation the temporary file is removed and the target is left as it was.
///
/// Without `overwrite` the final step is `link(2)` + `unlink(2)`, which fails rather than
/// replace a file that appeared meanwhile.
enum AtomicFile {
    /// Checks, before any request is sent, that `path` can be written: its directory exists, is
    /// a directory and is writable, and `path` is not a directory nor (without `overwrite`) an
    /// existing file.
    ///
    /// - Throws: ``CommandFailure`` with ``ExitCode/cannotCreate`` and a one-line message naming the path.
    static func check(_ path: String, overwrite: Bool) throws(CommandFailure) {
        let directory = PathName.directory(of: path)
        var info = stat()
        if stat(directory, &info) != 0 {
            let error = errno
            switch error {
            case ENOENT: throw CommandFailure("cannot write \(path): the directory \(directory) does not exist", .cannotCreate)
            case ENOTDIR: throw CommandFailure("cannot write \(path): \(directory) is not a directory", .cannotCreate)
            default: throw CommandFailure("cannot write \(path): \(directory): \(describe(error))", .cannotCreate)
            }
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw CommandFailure("cannot write \(path): \(directory) is not a directory", .cannotCreate)
        }
        if access(directory, W_OK | X_OK) != 0 {
            let reason = errno == EROFS ? "is on a read-only file system" : "is not writable"
            throw CommandFailure("cannot write \(path): the directory \(directory) \(reason)", .cannotCreate)
        }
        if lstat(path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR {
                throw CommandFailure("cannot write \(path): it is a directory", .cannotCreate)
            }
            if !overwrite { throw CommandFailure("refusing to overwrite \(path) (use --force)", .cannotCreate) }
        }
    }

    /// Writes `data` to `path` atomically.
    ///
    /// - Throws: ``CommandFailure`` (``ExitCode/cannotCreate``) when the file cannot be written or
    ///   exists without `overwrite`; `CancellationError` when the task was cancelled (the target
    ///   is then untouched).
    static func write(_ data: Data, to path: String, overwrite: Bool) throws {
        try Task.checkCancellation()
        let (fd, temporary) = try createTemporary(for: path)
        var committed = false
        defer {
            if !committed { unlink(temporary) }
        }
        do {
            try writeAll(fd, data, path: path)
            if fsync(fd) != 0 { throw failure(path, errno) }
        } catch {
            close(fd)
            throw error
        }
        if close(fd) != 0 { throw failure(path, errno) }
        try Task.checkCancellation()
        try commit(temporary, to: path, overwrite: overwrite)
        committed = true
        syncDirectory(PathName.directory(of: path))
    }

    /// Creates the temporary file beside `path`; returns its descriptor and path.
    static func createTemporary(for path: String) throws(CommandFailure) -> (Int32, String) {
        let directory = PathName.directory(of: path)
        let prefix = (path.contains("/") ? directory + "/" : "") + "." + shortened(PathName.base(of: path)) + ".airoute-"
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        for _ in 0..<32 {
            let suffix = String((0..<6).map { _ in alphabet.randomElement()! })
            let candidate = prefix + suffix
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 { return (fd, candidate) }
            if errno != EEXIST { throw failure(path, errno) }
        }
        throw CommandFailure("cannot write \(path): could not create a temporary file in \(directory)", .cannotCreate)
    }

    /// Moves the finished temporary file to `path`: `rename(2)` when overwriting, otherwise
    /// `link(2)` (which refuses an existing target) then `unlink(2)`; file systems without hard
    /// links fall back to a check and `rename(2)`.
    static func commit(_ temporary: String, to path: String, overwrite: Bool) throws(CommandFailure) {
        if overwrite {
            if rename(temporary, path) != 0 { throw failure(path, errno) }
            return
        }
        if link(temporary, path) == 0 {
            unlink(temporary)
            return
        }
        let error = errno
        switch error {
        case EEXIST:
            throw CommandFailure("refusing to overwrite \(path) (use --force)", .cannotCreate)
        case EPERM, ENOTSUP, EOPNOTSUPP, EXDEV, EMLINK, ENOSYS:
            var info = stat()
            if lstat(path, &info) == 0 { throw CommandFailure("refusing to overwrite \(path) (use --force)", .cannotCreate) }
            if rename(temporary, path) != 0 { throw failure(path, errno) }
        default:
            throw failure(path, error)
        }
    }

    /// Writes every byte, retrying short writes and `EINTR`; checks for cancellation between chunks.
    private static func writeAll(_ fd: Int32, _ data: Data, path: String) throws {
        let chunk = 1 << 20
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                try Task.checkCancellation()
                let written = Foundation.write(fd, base + offset, min(chunk, raw.count - offset))
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure(path, errno)
                }
                offset += written
            }
        }
    }

    /// Flushes the directory entry (best effort), so the rename survives a crash.
    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// A base name short enough that the temporary name stays within `NAME_MAX`.
    private static func shortened(_ name: String) -> String {
        var result = ""
        for character in name {
            guard result.utf8.count + character.utf8.count <= 200 else { break }
            result.append(character)
        }
        return result
    }

    private static func failure(_ path: String, _ error: Int32) -> CommandFailure {
        CommandFailure("cannot write \(path): \(describe(error))", .cannotCreate)
    }

    /// `strerror` in lower case: `no space left on device`.
    static func describe(_ error: Int32) -> String {
        let text = String(cString: strerror(error))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
