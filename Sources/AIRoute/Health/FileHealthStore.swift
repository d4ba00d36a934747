import Foundation
import Synchronization

/// Member health persisted in a JSON file shared by every airoute process of a user, so that
/// one-liners in a CI job learn from each other (docs/routing.md, "Health persistence").
///
/// Every update is a read-modify-write of the file under an exclusive advisory lock (`flock` on
/// a sibling `.lock` file), written to a temporary file and renamed over the original: readers
/// never see a torn file and concurrent updates are merged, not lost. Reads are served from an
/// in-memory copy refreshed at each update, so routing never waits for the disk.
///
/// A corrupt, truncated, foreign-version or hostile file is ignored with one warning and
/// rewritten; entries dated in the future (clock skew) are dropped; entries for members that are
/// not in the current configuration expire after ``expiry``. Nothing in the file identifies a
/// key: member ids carry the provider endpoint, the upstream model, the key's variable name and a
/// keyed fingerprint of its value (HMAC-SHA256 under a random secret kept beside the file in
/// `fingerprint.key`, mode 0600), so a new key starts with clean health.
///
/// ```swift
/// let store = FileHealthStore(path: FileHealthStore.defaultPath(environment: env)!, knownMembers: ids)
/// let client = OpenAIClient(configuration: config, health: store)
/// ```
public final class FileHealthStore: HealthStore {
    /// The file's schema version.
    public static let version = 1
    /// The largest file read; anything bigger is treated as hostile.
    public static let maximumFileBytes = 4 * 1024 * 1024
    /// How long an entry for a member that is not configured survives.
    public static let expiry: Duration = .seconds(7 * 24 * 3600)
    /// How far in the future a timestamp may be before it is distrusted.
    public static let skewTolerance: Duration = MemberHealth.clockSkewTolerance
    /// The longest cooldown the router ever sets; an `openUntil` beyond now + this is distrusted.
    public static let longestCooldown: Duration = MemberHealth.longestPlausibleCooldown

    /// The health file.
    public let path: String
    private let lockPath: String
    private let temporaryPath: String
    private let knownMembers: Mutex<Set<String>>
    /// Fingerprints keys under the secret kept beside the file (see the type's description).
    public let fingerprinter: KeyFingerprinter
    private let clock: any RouterClock
    private let warn: @Sendable (String) -> Void
    private let cache = Mutex<[String: MemberHealth]>([:])
    private let warned = Mutex(false)

    /// The default location: `$AIROUTE_STATE_DIR/health.json`, else
    /// `$XDG_STATE_HOME/airoute/health.json`, else `~/.local/state/airoute/health.json`.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let dir = environment["AIROUTE_STATE_DIR"], !dir.isEmpty { return dir + "/health.json" }
        return stateDirectory(environment: environment).map { $0 + "/health.json" }
    }

    /// `$XDG_STATE_HOME/airoute` or `~/.local/state/airoute` (also where the REPL keeps its history).
    public static func stateDirectory(environment: [String: String]) -> String? {
        if let dir = environment["AIROUTE_STATE_DIR"], !dir.isEmpty { return dir }
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") { return xdg + "/airoute" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/airoute"
    }

    /// Opens (creating if needed) the health file at `path`.
    ///
    /// - Parameters:
    ///   - path: the file; its directory is created with mode 0700.
    ///   - knownMembers: the health ids of the configured members (``AIRouter/RouteMember/healthID``);
    ///     other entries expire after ``expiry``.
    ///   - clock: for expiry and skew checks.
    ///   - warn: receives at most one warning per store about an unreadable file.
    public init(
        path: String, knownMembers: Set<String> = [], clock: any RouterClock = SystemClock(),
        warn: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.path = path
        self.lockPath = path + ".lock"
        self.temporaryPath = path + ".tmp"
        self.knownMembers = Mutex(knownMembers)
        self.clock = clock
        self.warn = warn
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let secret = Self.loadOrCreateSecret(at: directory + "/fingerprint.key")
        fingerprinter = secret.map(KeyFingerprinter.init(secret:)) ?? .random()
        // Under the exclusive lock no writer is between writing its temporary file and renaming
        // it, so a temporary file that exists now was left by a writer that was killed: remove it.
        if secret == nil {
            warnOnce("cannot read or create \(directory)/fingerprint.key; health is kept in memory only")
        }
        let loaded =
            withLock(exclusive: true) { () -> [String: MemberHealth]? in
                unlink(temporaryPath)
                return readFile()
            } ?? nil
        cache.withLock { $0 = loaded ?? [:] }
    }

    /// Sets the health ids of the configured members; other entries expire after ``expiry``.
    public func setKnownMembers(_ members: Set<String>) { knownMembers.withLock { $0 = members } }

    /// The cached health of one member.
    public func health(of member: String) -> MemberHealth {
        cache.withLock { $0[member] ?? MemberHealth() }
    }

    /// The cached health of every member.
    public func snapshot() -> [String: MemberHealth] { cache.withLock { $0 } }

    /// Re-reads the file into the cache (other processes may have written it).
    public func refresh() {
        if let members = withLock(exclusive: false, { readFile() }) ?? nil { cache.withLock { $0 = members } }
    }

    /// Merges one member's update into the file under the lock, then refreshes the cache.
    public func update<R>(_ member: String, _ body: (inout MemberHealth) -> R) -> R {
        let outcome = withLock(exclusive: true) { () -> (R, [String: MemberHealth]) in
            var members = readFile() ?? cache.withLock { $0 }
            let before = members[member]
            let result = body(&members[member, default: MemberHealth()])
            // Taking a healthy member changes nothing: no write (the common case on every call).
            if members[member] != (before ?? MemberHealth()) {
                prune(&members)
                writeFile(members)
            }
            return (result, members)
        }
        if let outcome {
            cache.withLock { $0 = outcome.1 }
            return outcome.0
        }
        // The lock could not be taken (unwritable directory): keep health in memory only.
        return cache.withLock { body(&$0[member, default: MemberHealth()]) }
    }

    /// Writes several members' health into the file at once (one locked read-modify-write), e.g.
    /// a gateway saving the health it kept in memory. Entries not in `members` are kept.
    public func merge(_ members: [String: MemberHealth]) {
        guard !members.isEmpty else { return }
        let merged = withLock(exclusive: true) { () -> [String: MemberHealth] in
            var current = readFile() ?? cache.withLock { $0 }
            current.merge(members) { _, new in new }
            prune(&current)
            writeFile(current)
            return current
        }
        cache.withLock { $0 = merged ?? $0.merging(members) { _, new in new } }
    }

    // MARK: File access

    private struct FileFormat: Codable {
        var version: Int
        var members: [String: MemberHealth]
    }

    /// Runs `body` holding the advisory lock; `nil` when the lock file cannot be opened.
    private func withLock<T>(exclusive: Bool, _ body: () -> T) -> T? {
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            warnOnce("cannot open \(lockPath) (\(String(cString: strerror(errno)))); health is kept in memory only")
            return nil
        }
        defer { close(fd) }
        while flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0 {
            guard errno == EINTR else { return nil }
        }
        defer { flock(fd, LOCK_UN) }
        return body()
    }

    /// Reads and validates the file; `nil` when it does not exist. An unreadable file yields an
    /// empty state and one warning (the next update rewrites it).
    private func readFile() -> [String: MemberHealth]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: Self.maximumFileBytes + 1)) ?? Data()
        if data.isEmpty { return [:] }
        guard data.count <= Self.maximumFileBytes else {
            warnOnce("ignoring \(path): larger than \(Self.maximumFileBytes / 1_048_576) MiB; it will be rewritten")
            return [:]
        }
        guard let file = try? SharedJSONDecoder.decoder.decode(FileFormat.self, from: data) else {
            warnOnce("ignoring \(path): not a valid airoute health file; it will be rewritten")
            return [:]
        }
        guard file.version == Self.version else {
            warnOnce(
                "ignoring \(path): health file version \(file.version), expected \(Self.version); it will be rewritten")
            return [:]
        }
        var members = file.members
        sanitize(&members)
        return members
    }

    private func writeFile(_ members: [String: MemberHealth]) {
        let file = FileFormat(version: Self.version, members: members)
        guard let data = try? StableJSONEncoder.compact.encode(file) else { return }
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            warnOnce("cannot write \(temporaryPath) (\(String(cString: strerror(errno)))); health is not persisted")
            return
        }
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == data.count, rename(temporaryPath, path) == 0 else {
            unlink(temporaryPath)
            warnOnce("cannot replace \(path); health is not persisted")
            return
        }
    }

    /// Drops entries whose numbers are impossible or whose times lie in the future (clock skew).
    private func sanitize(_ members: inout [String: MemberHealth]) {
        let now = clock.now()
        let future = now + Self.skewTolerance
        members = members.filter { _, h in
            let counts = [h.consecutiveFailures, h.ejections, h.successes, h.failures]
            guard counts.allSatisfy({ $0 >= 0 }) else { return false }
            let times = [h.lastSeen, h.lastErrorAt].compactMap { $0 }
            guard times.allSatisfy({ $0.secondsSince1970.isFinite && $0 <= future }) else { return false }
            if let until = h.openUntil, !(until.secondsSince1970.isFinite && until <= now + Self.longestCooldown) {
                return false
            }
            if let latency = h.latencyMs, !(latency.isFinite && latency >= 0) { return false }
            if let ttft = h.timeToFirstTokenMs, !(ttft.isFinite && ttft >= 0) { return false }
            return true
        }
    }

    /// Expires entries for members outside the configuration that were not seen for ``expiry``.
    private func prune(_ members: inout [String: MemberHealth]) {
        let knownMembers = knownMembers.withLock { $0 }
        guard !knownMembers.isEmpty else { return }
        let cutoff = Timestamp(secondsSince1970: clock.now().secondsSince1970 - Self.expiry.seconds)
        members = members.filter { id, h in knownMembers.contains(id) || (h.lastSeen ?? cutoff) > cutoff }
    }

    private func warnOnce(_ message: String) {
        let first = warned.withLock { w -> Bool in
            defer { w = true }
            return !w
        }
        if first { warn(message) }
    }

    /// Reads the fingerprint secret, or creates it (random, mode 0600, `O_EXCL` so two processes
    /// starting at once agree on one); `nil` when neither works.
    static func loadOrCreateSecret(at path: String) -> [UInt8]? {
        for _ in 0..<3 {
            if let data = readSecret(at: path) {
                if data.count == KeyFingerprinter.secretLength { return data }
                // Still being written by another process (or damaged): wait briefly, then give up on it.
                usleep(10_000)
                continue
            }
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                if errno == EEXIST { continue }
                return nil
            }
            var generator = SystemRandomNumberGenerator()
            let secret = (0..<KeyFingerprinter.secretLength).map { _ in
                UInt8.random(in: .min ... .max, using: &generator)
            }
            let written = secret.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            guard written == secret.count else {
                unlink(path)
                return nil
            }
            return secret
        }
        return nil
    }

    /// The file's bytes, at most one more than a secret's (to tell a longer file); `nil` when it
    /// cannot be opened. Plain POSIX reads: Foundation's `contents(atPath:)` leaked its buffer
    /// here when another process was creating the file (found by LeakSanitizer).
    private static func readSecret(at path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: KeyFingerprinter.secretLength + 1)
        var count = 0
        while count < buffer.count {
            let n = buffer.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress! + count, raw.count - count) }
            if n > 0 {
                count += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        return Array(buffer.prefix(count))
    }
}
