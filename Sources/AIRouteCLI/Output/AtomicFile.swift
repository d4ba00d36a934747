import Foundation

/// Writes output files without ever damaging what they replace. How depends on what the path
/// names (``OutputTarget``): a new path or an existing regular file (with `--force`, through any
/// symbolic links) gets a temporary file in the final file's own directory
/// (`.NAME.airoute-XXXXXX`, created with `O_EXCL`), flushed with `fsync` and renamed over it; a
/// character device, FIFO, socket or descriptor path (`/dev/null`, a named pipe, `/dev/stdout`,
/// `>(cmd)`) is written through, never replaced. On any failure or cancellation the temporary
/// file is removed and the target is left as it was.
///
/// Without `overwrite` the final step is `link(2)` + `unlink(2)`, which fails rather than
/// replace a file that appeared meanwhile; and nothing but a regular file is ever renamed over.
enum AtomicFile {
    /// Checks, before any request is sent, that `path` can be written — the same decision
    /// ``write(_:to:overwrite:)`` makes: its directory exists and is writable, and `path` is not a
    /// directory, a dangling symbolic link, a block device nor (without `overwrite`) an existing file.
    ///
    /// - Throws: ``CommandFailure`` with ``ExitCode/cannotCreate`` and a one-line message naming the path.
    static func check(_ path: String, overwrite: Bool) throws(CommandFailure) {
        _ = try OutputTarget.resolve(path, overwrite: overwrite)
    }

    /// Writes `data` to `path`: atomically for files, through for devices, FIFOs, sockets and descriptors.
    ///
    /// - Throws: ``CommandFailure`` (``ExitCode/cannotCreate``) when the target cannot be written or
    ///   exists without `overwrite`; `CancellationError` when the task was cancelled (a file target
    ///   is then untouched).
    static func write(_ data: Data, to path: String, overwrite: Bool) throws {
        try Task.checkCancellation()
        switch try OutputTarget.resolve(path, overwrite: overwrite) {
        case .create(let target): try replace(target, with: data, shown: path, overwrite: overwrite)
        case .replace(let target): try replace(target, with: data, shown: path, overwrite: true)
        case .device(let device): try WriteThrough.device(device, data)
        case .socket(let socket): try WriteThrough.socket(socket, data)
        case .descriptor(let fd): try WriteThrough.descriptor(fd, data, shown: path)
        }
    }

    /// Writes `data` to a temporary file beside `target` and moves it over `target`, keeping the
    /// permission bits (and, for root, the owner) of a file it replaces.
    static func replace(_ target: String, with data: Data, shown: String, overwrite: Bool) throws {
        let (fd, temporary) = try createTemporary(for: target, shown: shown)
        var committed = false
        defer {
            if !committed { unlink(temporary) }
        }
        do {
            var existing = stat()
            if stat(target, &existing) == 0, existing.st_mode & S_IFMT == S_IFREG {
                _ = fchmod(fd, existing.st_mode & 0o777)
                if geteuid() == 0 { _ = fchown(fd, existing.st_uid, existing.st_gid) }
            }
            try writeAll(fd, data, path: shown)
            if fsync(fd) != 0 { throw OutputTarget.failure(shown, errno) }
        } catch {
            close(fd)
            throw error
        }
        if close(fd) != 0 { throw OutputTarget.failure(shown, errno) }
        try Task.checkCancellation()
        try commit(temporary, to: target, shown: shown, overwrite: overwrite)
        committed = true
        syncDirectory(PathName.directory(of: target))
    }

    /// Creates the temporary file beside `path`; returns its descriptor and path.
    static func createTemporary(for path: String, shown: String) throws(CommandFailure) -> (Int32, String) {
        let directory = PathName.directory(of: path)
        let prefix =
            (path.contains("/") ? directory + "/" : "") + "." + shortened(PathName.base(of: path)) + ".airoute-"
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        for _ in 0..<32 {
            let suffix = String((0..<6).map { _ in alphabet.randomElement()! })
            let candidate = prefix + suffix
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 { return (fd, candidate) }
            if errno != EEXIST { throw OutputTarget.failure(shown, errno) }
        }
        throw CommandFailure("cannot write \(shown): could not create a temporary file in \(directory)", .cannotCreate)
    }

    /// Moves the finished temporary file to `path`: `rename(2)` when overwriting, otherwise
    /// `link(2)` (which refuses an existing target) then `unlink(2)`; file systems without hard
    /// links fall back to a check and `rename(2)`. Whatever the plan said, only a regular file
    /// (or nothing) at `path` is ever replaced: a device, FIFO, socket, link or directory that
    /// appeared there stays.
    static func commit(_ temporary: String, to path: String, shown: String, overwrite: Bool) throws(CommandFailure) {
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            throw CommandFailure("cannot write \(shown): it is no longer a regular file", .cannotCreate)
        }
        if overwrite {
            if rename(temporary, path) != 0 { throw OutputTarget.failure(shown, errno) }
            return
        }
        if link(temporary, path) == 0 {
            unlink(temporary)
            return
        }
        let error = errno
        switch error {
        case EEXIST:
            throw CommandFailure("refusing to overwrite \(shown) (use --force)", .cannotCreate)
        case EPERM, ENOTSUP, EOPNOTSUPP, EXDEV, EMLINK, ENOSYS:
            if lstat(path, &info) == 0 {
                throw CommandFailure("refusing to overwrite \(shown) (use --force)", .cannotCreate)
            }
            if rename(temporary, path) != 0 { throw OutputTarget.failure(shown, errno) }
        default:
            throw OutputTarget.failure(shown, error)
        }
    }

    /// Writes every byte, retrying short writes and `EINTR`; checks for cancellation between chunks.
    static func writeAll(_ fd: Int32, _ data: Data, path: String) throws {
        let chunk = 1 << 20
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                try Task.checkCancellation()
                let written = Foundation.write(fd, base + offset, min(chunk, raw.count - offset))
                if written < 0 {
                    if errno == EINTR { continue }
                    throw OutputTarget.failure(path, errno)
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

    /// `strerror` in lower case: `no space left on device`.
    static func describe(_ error: Int32) -> String {
        let text = String(cString: strerror(error))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
