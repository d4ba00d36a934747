import AIRouter
import Foundation

/// One member's shared circuit state: a row of the health table, as `row_to_json` gives it in a
/// query result or a notification (docs/shared-health.md, "The table").
///
/// Only circuit facts are shared: when the member is open until, why, how many times it opened
/// in a row, and who holds the half-open probe lease until when. Latency and time to first token
/// stay in each process.
struct SharedHealthRow: Sendable, Hashable, Decodable {
    var member: String
    /// Incremented by every write; a process applies a row only when it is newer than the last it saw.
    var version: Int64
    var openUntil: Double?
    var openReason: String?
    var ejections: Int
    /// Failures towards `failure_threshold` since the last success, counted by every process.
    var consecutiveFailures: Int
    var probeUntil: Double?
    var probeHolder: String?
    var lastErrorClass: String?
    var lastErrorStatus: Int?
    var lastErrorAt: Double?
    /// When the last transition happened (the writer's clock).
    var updatedAt: Double
    /// The process that wrote it (``PostgresHealthStore/processID``).
    var changedBy: String

    enum CodingKeys: String, CodingKey {
        case member, version, ejections
        case openUntil = "open_until"
        case openReason = "open_reason"
        case consecutiveFailures = "consecutive_failures"
        case probeUntil = "probe_until"
        case probeHolder = "probe_holder"
        case lastErrorClass = "last_error_class"
        case lastErrorStatus = "last_error_status"
        case lastErrorAt = "last_error_at"
        case updatedAt = "updated_at"
        case changedBy = "changed_by"
    }

    /// The longest member id accepted.
    static let maximumMemberLength = 1024

    /// Decodes a row from its JSON text; `nil` for anything malformed.
    static func decode(_ json: String) -> SharedHealthRow? {
        guard json.utf8.count <= 16 * 1024 else { return nil }
        return try? JSONDecoder().decode(SharedHealthRow.self, from: Data(json.utf8))
    }

    /// Why the row cannot be trusted at `now`, or `nil` when it can.
    func problem(at now: Timestamp) -> String? {
        let skew = MemberHealth.clockSkewTolerance.seconds
        let future = now.secondsSince1970 + skew
        let latestUntil = now.secondsSince1970 + MemberHealth.longestPlausibleCooldown.seconds + skew
        if member.isEmpty || member.utf8.count > Self.maximumMemberLength { return "a malformed member id" }
        if version < 1 { return "version \(version)" }
        if !(0...64).contains(ejections) { return "ejections \(ejections)" }
        if !(0...1_000_000).contains(consecutiveFailures) { return "a failure count of \(consecutiveFailures)" }
        if !updatedAt.isFinite || updatedAt > future { return "a time in the future" }
        for time in [openUntil, probeUntil] {
            if let time, !(time.isFinite && time <= latestUntil) { return "a cooldown beyond the longest possible" }
        }
        if let lastErrorAt, !(lastErrorAt.isFinite && lastErrorAt <= future) { return "a time in the future" }
        if let openReason, ErrorClass(rawValue: openReason) == nil { return "an unknown error class" }
        if openUntil != nil && openReason == nil { return "an open circuit without a reason" }
        if let lastErrorStatus, !(100...599).contains(lastErrorStatus) { return "an impossible HTTP status" }
        if probeUntil != nil && (probeHolder ?? "").isEmpty { return "a probe lease without a holder" }
        return nil
    }

    /// Merges this row into a process's view of the member (docs/shared-health.md, "Merging").
    ///
    /// - An open row lengthens the local cooldown, never shortens it.
    /// - A closed row closes the local circuit unless the local cooldown ends after the close was
    ///   written (a failure here that the fleet has not heard of yet).
    /// - The count of consecutive failures is the fleet's (every process adds its own).
    /// - Another process's lease keeps this process from probing until it ends; a row without a
    ///   lease lifts one that came from another process (never this process's own).
    func merge(into health: inout MemberHealth, holdsLease: Bool, me: String) {
        if let openUntil {
            let until = Timestamp(secondsSince1970: openUntil)
            if health.openUntil.map({ until > $0 }) ?? true {
                health.openUntil = until
                health.openReason = openReason.flatMap(ErrorClass.init(rawValue:))
            }
            health.ejections = max(health.ejections, ejections)
        } else if let local = health.openUntil, local.secondsSince1970 <= updatedAt {
            health.openUntil = nil
            health.openReason = nil
            health.ejections = 0
            health.consecutiveFailures = 0
            if !holdsLease { health.probeUntil = nil }
        }
        if health.openUntil == nil || openUntil != nil { health.consecutiveFailures = consecutiveFailures }
        if let lastErrorAt, health.lastErrorAt.map({ lastErrorAt > $0.secondsSince1970 }) ?? true {
            health.lastErrorAt = Timestamp(secondsSince1970: lastErrorAt)
            health.lastErrorClass = lastErrorClass.flatMap(ErrorClass.init(rawValue:))
            health.lastErrorStatus = lastErrorStatus
        }
        if let probeUntil, probeHolder != me {
            let until = Timestamp(secondsSince1970: probeUntil)
            if health.probeUntil.map({ until > $0 }) ?? true { health.probeUntil = until }
        } else if probeUntil == nil, !holdsLease {
            health.probeUntil = nil
        }
    }
}
