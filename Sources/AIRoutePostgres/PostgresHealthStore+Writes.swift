import AIRouter
import PostgresNIO
import Synchronization

/// The transitions waiting to be written, in order; the oldest are dropped past ``capacity``.
final class Outbox: Sendable {
    /// How many transitions wait at most (a long outage keeps the newest).
    static let capacity = 4096
    let stream: AsyncStream<HealthTransition>
    private let continuation: AsyncStream<HealthTransition>.Continuation
    /// Sent and not yet written or dropped.
    private let pending = Atomic<Int>(0)

    init() {
        (stream, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(Self.capacity))
    }

    func send(_ transition: HealthTransition) {
        pending.add(1, ordering: .relaxed)
        if case .dropped = continuation.yield(transition) { pending.subtract(1, ordering: .relaxed) }
    }

    func finished() { pending.subtract(1, ordering: .relaxed) }

    var isEmpty: Bool { pending.load(ordering: .relaxed) <= 0 }

    func close() { continuation.finish() }
}

extension PostgresHealthStore {
    enum LeaseOutcome: Sendable {
        case won(SharedHealthRow)
        case lost(SharedHealthRow)
        /// PostgreSQL has no row for the member: the fleet does not know it is open.
        case unknownToTheFleet
    }

    /// Writes queued transitions while ``run()`` runs; one at a time, each within `write_timeout`.
    func drainOutbox() async {
        var timeouts = 0
        for await transition in outbox.stream {
            defer { outbox.finished() }
            guard let connection = liveConnection() else {
                warnings.warn(
                    Self.outage, "shared health: PostgreSQL is unreachable; a circuit change stays in this process")
                continue
            }
            do {
                let written = try await withDeadline(settings.writeTimeout) { [self] in
                    try await write(transition, on: connection)
                }
                for row in written.rows { apply(row, reloading: written.authoritative) }
                timeouts = 0
            } catch let error as DeadlineExceeded {
                writeFailed(error, doing: "writing a circuit change")
                timeouts += 1
                // Three writes in a row without an answer: the connection is presumed dead.
                if timeouts >= 3 {
                    timeouts = 0
                    try? await connection.close()
                }
            } catch {
                writeFailed(error, doing: "writing a circuit change")
            }
        }
    }

    /// Waits until every queued transition is written or dropped, or `timeout` passes (a CLI
    /// command before it exits).
    public func flush(timeout: Duration) async {
        let end = ContinuousClock.now + timeout
        while !outbox.isEmpty && ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// One transition's statement; the rows it returns, to merge as notifications would — or,
    /// when the write was refused, the current row to merge whatever its version (`authoritative`).
    func write(
        _ transition: HealthTransition, on connection: PostgresConnection
    ) async throws -> (rows: [SharedHealthRow], authoritative: Bool) {
        let now = clock.now().secondsSince1970
        switch transition {
        case .open(let member, let health, let at):
            var binds = PostgresBindings()
            binds.append(member)
            binds.append(health.openUntil?.secondsSince1970)
            binds.append(health.openReason?.rawValue)
            binds.append(health.ejections)
            binds.append(health.lastErrorClass?.rawValue)
            binds.append(health.lastErrorStatus)
            binds.append(health.lastErrorAt?.secondsSince1970)
            binds.append(at.secondsSince1970)
            binds.append(processID)
            binds.append(health.consecutiveFailures)
            return (try await rows(schema.open, binds, on: connection), false)
        case .failure(let member, let health, let at):
            var binds = PostgresBindings()
            binds.append(member)
            binds.append(health.lastErrorClass?.rawValue)
            binds.append(health.lastErrorStatus)
            binds.append(health.lastErrorAt?.secondsSince1970)
            binds.append(at.secondsSince1970)
            binds.append(processID)
            return (try await rows(schema.failure, binds, on: connection), false)
        case .reset(let member, let at):
            var binds = PostgresBindings()
            binds.append(member)
            binds.append(at.secondsSince1970)
            binds.append(processID)
            return (try await rows(schema.reset, binds, on: connection), false)
        case .close(let member, let at):
            var binds = PostgresBindings()
            binds.append(member)
            binds.append(at.secondsSince1970)
            binds.append(processID)
            let closed = try await rows(schema.close, binds, on: connection)
            guard closed.isEmpty else { return (closed, false) }
            // Not closed: a cooldown that another process set is still running; take it back.
            var select = PostgresBindings()
            select.append(member)
            return (try await rows(schema.selectOne, select, on: connection), true)
        case .release(let member):
            var binds = PostgresBindings()
            binds.append(member)
            binds.append(now)
            binds.append(processID)
            return (try await rows(schema.release, binds, on: connection), false)
        }
    }

    /// The conditional write that gives the fleet one prober.
    func lease(
        _ member: String, at now: Timestamp, until: Timestamp, on connection: PostgresConnection
    ) async throws -> LeaseOutcome {
        var binds = PostgresBindings()
        binds.append(member)
        binds.append(now.secondsSince1970)
        binds.append(until.secondsSince1970)
        binds.append(processID)
        let result = try await send(PostgresQuery(unsafeSQL: schema.lease, binds: binds), on: connection)
        for try await (won, json) in result.decode((Bool, String).self) {
            guard let row = SharedHealthRow.decode(json) else { return .unknownToTheFleet }
            return won ? .won(row) : .lost(row)
        }
        return .unknownToTheFleet
    }

    /// Sends a query, unless the connection has closed: PostgresNIO never completes a query written
    /// to a closed channel, and the task awaiting it would wait forever.
    @discardableResult
    func send(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> PostgresRowSequence {
        guard !connection.isClosed else { throw ConnectionClosed() }
        return try await connection.query(query, logger: logger)
    }

    /// Runs a statement returning `row_to_json` text; malformed rows are skipped with a warning.
    func rows(
        _ sql: String, _ binds: PostgresBindings, on connection: PostgresConnection
    ) async throws
        -> [SharedHealthRow]
    {
        let result = try await send(PostgresQuery(unsafeSQL: sql, binds: binds), on: connection)
        var rows: [SharedHealthRow] = []
        for try await json in result.decode(String.self) {
            if let row = SharedHealthRow.decode(json) {
                rows.append(row)
            } else {
                warnings.warn("malformed", "ignoring a malformed shared health row (\(schema.qualifiedTable))")
            }
        }
        return rows
    }
}

/// The connection closed before a query could be sent.
struct ConnectionClosed: Error, CustomStringConvertible {
    var description: String { "the connection is closed" }
}
