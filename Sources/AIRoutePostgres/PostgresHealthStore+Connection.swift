import AIRouter
import Crypto
import Foundation
import NIOCore
import NIOSSL
import PostgresNIO
import Synchronization

extension PostgresHealthStore {
    /// The warning topic of everything an outage causes: one line a minute in all.
    static let outage = "outage"
    /// How often rows of members unseen for ``expiry`` are deleted.
    static let expiryInterval: Duration = .seconds(3600)
    /// Rows no process has written for this long are deleted.
    public static let expiry: Duration = .seconds(7 * 24 * 3600)

    /// Connects to the server of `settings` within `connect_timeout`, creates the table if needed
    /// and reads the fingerprint salt; then returns the store (call ``run()`` to share).
    ///
    /// When PostgreSQL cannot be reached, the salt comes from `secretCache` (written at the last
    /// successful start) so that member ids still agree with the fleet once it returns; without
    /// one, ids are local to this process until it restarts with the database reachable.
    ///
    /// - Parameters:
    ///   - settings: the `state:` section (backend `postgres`).
    ///   - location: the server.
    ///   - clock: for cooldowns, leases and expiry; the system clock by default.
    ///   - secretCache: a file (mode 0600) keeping the salt between starts; `nil` for none.
    ///   - warn: warnings (at most one a minute per kind).
    ///   - inform: notices, such as sharing resuming after an outage.
    public static func open(
        settings: StateSettings, location: PostgresLocation, clock: any RouterClock = SystemClock(),
        secretCache: String? = nil, warn: @escaping @Sendable (String) -> Void = { _ in },
        inform: @escaping @Sendable (String) -> Void = { _ in }
    ) async -> PostgresHealthStore {
        let probe = PostgresHealthStore(
            settings: settings, location: location, salt: [UInt8](repeating: 0, count: 32), clock: clock,
            warn: { _ in }, inform: { _ in })
        var salt: [UInt8]?
        var connection: PostgresConnection?
        var failure: String?
        do {
            let (made, stored) = try await probe.establish()
            connection = made
            salt = stored
            if let secretCache { SecretCache.write(stored, to: secretCache) }
        } catch {
            failure = describe(error)
        }
        let cached = secretCache.flatMap(SecretCache.read)
        let store = PostgresHealthStore(
            settings: settings, location: location, salt: salt ?? cached ?? randomSalt(), clock: clock, warn: warn,
            inform: inform)
        if let failure {
            let consequence =
                cached == nil
                ? "health stays in this process until airoute restarts with the database reachable"
                : "routing on local state until it can be reached"
            store.warnings.warn(
                outage, "shared health: cannot reach \(location) (\(failure)); \(consequence)")
        }
        store.initial.withLock { $0 = connection }
        store.connectedAtStart.store(connection != nil, ordering: .relaxed)
        return store
    }

    /// Keeps the connection and the subscription until the task is cancelled: reconnects with
    /// backoff, re-subscribes and reloads the table after an outage, writes queued transitions
    /// and deletes expired rows. Pending writes are flushed (within `write_timeout`) when cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.drainOutbox() }
            group.addTask { await self.maintainConnection() }
            group.addTask { for await _ in self.stop.stream {} }
            // Until shutdown() (or cancellation); a process whose ids differ from the fleet's
            // also ends here, keeping its health to itself.
            await group.next()
            group.cancelAll()
        }
        outbox.close()
        if let connection = live.withLock({ $0.take() }) { try? await connection.close() }
        if let connection = initial.withLock({ $0.take() }) { try? await connection.close() }
    }

    /// Writes what is queued (within `write_timeout`), then ends ``run()``.
    public func shutdown() async {
        await flush(timeout: settings.writeTimeout)
        stop.continuation.finish()
    }

    /// Waits until the process is connected and has loaded the fleet's state, at most `timeout`;
    /// `false` when it is not sharing by then (routing goes on with local state).
    @discardableResult
    public func waitUntilSharing(timeout: Duration) async -> Bool {
        let end = ContinuousClock.now + timeout
        while !isSharing && ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return isSharing
    }

    /// Where ``open(settings:location:clock:secretCache:warn:inform:)`` may keep the salt of this
    /// table between starts: a file in `directory` named after the server, database and table.
    public static func saltCachePath(directory: String, settings: StateSettings, location: PostgresLocation) -> String {
        let identity = "\(location.host):\(location.port)/\(location.database) \(settings.schema).\(settings.table)"
        let digest = SHA256.hash(data: Array(identity.utf8))
        return directory + "/postgres-salt-" + digest.prefix(8).hexDigits + ".key"
    }

    private func maintainConnection() async {
        var delay: Duration = .milliseconds(100)
        let wasLost = Atomic(false)
        while !Task.isCancelled {
            let connection: PostgresConnection
            if let adopted = initial.withLock({ $0.take() }) {
                connection = adopted
            } else {
                do {
                    let (made, stored) = try await establish()
                    guard stored == salt else {
                        try? await made.close()
                        warnings.warn(
                            Self.outage,
                            "shared health: this process started without reaching \(location), so its member ids "
                                + "differ from the fleet's; it keeps health to itself until it restarts")
                        return
                    }
                    connection = made
                } catch {
                    warnings.warn(
                        Self.outage,
                        "shared health: cannot reach \(location) (\(Self.describe(error))); routing on local state, "
                            + "retrying")
                    try? await Task.sleep(for: delay)
                    delay = min(delay * 2, .seconds(5))
                    continue
                }
            }
            delay = .milliseconds(100)
            await serve(connection) {
                if wasLost.load(ordering: .relaxed) {
                    self.warnings.reset(Self.outage)
                    self.inform("shared health: reconnected to \(self.location); sharing again")
                }
            }
            live.withLock { $0 = nil }
            try? await connection.close()
            if Task.isCancelled { return }
            wasLost.store(true, ordering: .relaxed)
            warnings.warn(
                Self.outage, "shared health: lost the connection to \(location); routing on local state, reconnecting")
        }
    }

    /// Listens, reloads, then passes notifications in until the connection closes or the task is cancelled.
    private func serve(_ connection: PostgresConnection, onShared: @escaping @Sendable () -> Void) async {
        do {
            try await connection.listen(on: schema.channel) { notifications in
                let missed = try await reload(on: connection)
                live.withLock { $0 = connection }
                for transition in missed { outbox.send(transition) }
                onShared()
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        do {
                            for try await notification in notifications { self.receive(notification.payload) }
                        } catch {}
                    }
                    group.addTask { try? await connection.closeFuture.get() }
                    group.addTask {
                        while !Task.isCancelled {
                            try? await Task.sleep(for: Self.expiryInterval)
                            if Task.isCancelled { break }
                            try? await self.expire(on: connection)
                        }
                    }
                    await group.next()
                    // Whatever ended first (the connection, or cancellation at shutdown), the
                    // connection goes: waiting for its close future is not cancellable.
                    let _: EventLoopFuture<Void> = connection.close()
                    group.cancelAll()
                }
            }
        } catch {
            if !Task.isCancelled {
                warnings.warn(Self.outage, "shared health: \(Self.describe(error)); routing on local state")
            }
        }
    }

    /// Loads every row (the fleet's state); returns the opens of local circuits the fleet missed,
    /// to announce once the connection is live.
    func reload(on connection: PostgresConnection) async throws -> [HealthTransition] {
        let rows = try await rows(schema.selectAll, PostgresBindings(), on: connection)
        for row in rows { apply(row, reloading: true) }
        let now = clock.now()
        let shared = Dictionary(rows.map { ($0.member, $0.openUntil ?? 0) }, uniquingKeysWith: max)
        let missed = snapshot().filter { member, health in
            guard let until = health.openUntil, until > now else { return false }
            return until.secondsSince1970 > (shared[member] ?? 0)
        }
        return missed.map { member, health in .open(member: member, health: health, at: now) }
    }

    /// Deletes rows nobody wrote for ``expiry``.
    func expire(on connection: PostgresConnection) async throws {
        var binds = PostgresBindings()
        binds.append(clock.now().secondsSince1970 - Self.expiry.seconds)
        try await send(PostgresQuery(unsafeSQL: schema.expire, binds: binds), on: connection)
    }

    /// Connects within `connect_timeout`, creates the table if needed, expires old rows and
    /// returns the connection with the table's fingerprint salt.
    func establish() async throws -> (PostgresConnection, [UInt8]) {
        let configuration = try connectionConfiguration()
        let id = connections.add(1, ordering: .relaxed).newValue
        let logger = logger
        let connection = try await withDeadline(settings.connectTimeout, late: { try? await $0.close() }) {
            try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
        }
        do {
            let salt = try await withDeadline(settings.connectTimeout) { [self] in
                try await prepare(connection)
            }
            return (connection, salt)
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Creates the schema, table, meta table and trigger (once, under an advisory lock), checks
    /// the version and returns the salt.
    private func prepare(_ connection: PostgresConnection) async throws -> [UInt8] {
        // The usual case, at every reconnection of every replica: the table exists at this
        // version. Read it without DDL (CREATE OR REPLACE TRIGGER locks the table exclusively).
        if let existing = try await existingSalt(on: connection) {
            try await expire(on: connection)
            return existing
        }
        var name = PostgresBindings()
        name.append(settings.schema)
        let exists = try await send(PostgresQuery(unsafeSQL: schema.schemaExists, binds: name), on: connection)
        var count = "0"
        for try await value in exists.decode(String.self) { count = value }
        if count == "0" { try await send(PostgresQuery(unsafeSQL: schema.createSchema), on: connection) }
        try await send("BEGIN", on: connection)
        do {
            var lock = PostgresBindings()
            lock.append(schema.advisoryLock)
            try await send(PostgresQuery(unsafeSQL: "SELECT pg_advisory_xact_lock($1)", binds: lock), on: connection)
            for statement in schema.creation {
                try await send(PostgresQuery(unsafeSQL: statement), on: connection)
            }
            let version = try await metaValue("schema_version", default: SharedHealthSchema.version, on: connection)
            guard version == SharedHealthSchema.version else {
                throw SchemaMismatch(table: schema.qualifiedTable, version: version)
            }
            let hex = try await metaValue("fingerprint_salt", default: Self.randomSalt().hexDigits, on: connection)
            try await send("COMMIT", on: connection)
            guard let salt = Self.bytes(hex), salt.count >= 16 else {
                throw SchemaMismatch(table: schema.qualifiedTable, version: "with a damaged fingerprint salt")
            }
            try await expire(on: connection)
            return salt
        } catch {
            _ = try? await send("ROLLBACK", on: connection)
            throw error
        }
    }

    /// The salt of a table that exists at this version; `nil` when the table or its `_meta` row is
    /// missing (then it is created). A table of another version is an error.
    private func existingSalt(on connection: PostgresConnection) async throws -> [UInt8]? {
        var name = PostgresBindings()
        name.append(schema.metaRelation)
        let found = try await send(PostgresQuery(unsafeSQL: schema.relationExists, binds: name), on: connection)
        var exists = false
        for try await value in found.decode(Bool.self) { exists = value }
        guard exists else { return nil }
        let rows = try await send(PostgresQuery(unsafeSQL: schema.metaRows), on: connection)
        var meta: [String: String] = [:]
        for try await (key, value) in rows.decode((String, String).self) { meta[key] = value }
        guard let version = meta["schema_version"], let hex = meta["fingerprint_salt"] else { return nil }
        guard version == SharedHealthSchema.version else {
            throw SchemaMismatch(table: schema.qualifiedTable, version: version)
        }
        guard let salt = Self.bytes(hex), salt.count >= 16 else {
            throw SchemaMismatch(table: schema.qualifiedTable, version: "with a damaged fingerprint salt")
        }
        return salt
    }

    private func metaValue(
        _ name: String, default value: String, on connection: PostgresConnection
    ) async throws
        -> String
    {
        var binds = PostgresBindings()
        binds.append(name)
        binds.append(value)
        let result = try await send(PostgresQuery(unsafeSQL: schema.metaValue, binds: binds), on: connection)
        var stored = value
        for try await text in result.decode(String.self) { stored = text }
        return stored
    }

    private func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch location.tls {
        case .disable: tls = .disable
        case .prefer, .require:
            var unverified = TLSConfiguration.makeClientConfiguration()
            unverified.certificateVerification = .none
            let context = try NIOSSLContext(configuration: unverified)
            tls = location.tls == .prefer ? .prefer(context) : .require(context)
        case .verifyFull:
            tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password?.reveal(),
            database: location.database, tls: tls)
        configuration.options.connectTimeout = .nanoseconds(Int64(settings.connectTimeout.seconds * 1e9))
        return configuration
    }

    static func randomSalt() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<KeyFingerprinter.secretLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    static func bytes(_ hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
        }
        return bytes
    }
}

/// The table exists with a version this airoute does not write.
struct SchemaMismatch: Error, CustomStringConvertible {
    let table: String
    let version: String
    var description: String {
        "\(table) is at schema version \(version); this airoute writes \(SharedHealthSchema.version)"
    }
}

/// The fingerprint salt kept on disk between starts.
enum SecretCache {
    static func read(_ path: String) -> [UInt8]? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return PostgresHealthStore.bytes(text.trimmingCharacters(in: .whitespacesAndNewlines)).flatMap {
            $0.count >= 16 ? $0 : nil
        }
    }

    static func write(_ salt: [UInt8], to path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = path + ".tmp"
        let fd = Foundation.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        let data = Array(salt.hexDigits.utf8)
        let written = data.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        Foundation.close(fd)
        if written != data.count || rename(temporary, path) != 0 { unlink(temporary) }
    }
}
