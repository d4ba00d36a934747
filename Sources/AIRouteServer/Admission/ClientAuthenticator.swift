import AIRouter
import HTTPTypes

/// Checks the client key of a request against `server.keys` (docs/server.md, "Security").
///
/// Keys are compared in constant time with respect to their content: every configured key is
/// compared, byte by byte over the longer length, whatever matched before.
struct ClientAuthenticator: Sendable {
    /// Who a request is from.
    enum Caller: Sendable {
        /// No keys are configured: everyone is admitted.
        case anonymous
        /// A configured key.
        case key(ServerSettings.ClientKey)

        /// The label for logs and metrics (never the key).
        var name: String {
            switch self {
            case .anonymous: "-"
            case .key(let key): key.name
            }
        }

        /// Whether this caller may name `pool`.
        func mayUse(_ pool: String) -> Bool {
            guard case .key(let key) = self, let pools = key.pools else { return true }
            return pools.contains(pool)
        }
    }

    private let keys: [(key: ServerSettings.ClientKey, bytes: [UInt8])]

    init(keys: [ServerSettings.ClientKey]) {
        self.keys = keys.map { ($0, Array($0.key.reveal().utf8)) }
    }

    /// Whether requests need a key.
    var isEnabled: Bool { !keys.isEmpty }

    /// The caller the request's `Authorization: Bearer` (or `api-key`) header names, or `nil` when
    /// it names no configured key.
    func authenticate(_ fields: HTTPFields) -> Caller? {
        guard isEnabled else { return .anonymous }
        guard let presented = Self.presentedKey(fields) else { return nil }
        var found: ServerSettings.ClientKey?
        for entry in keys where Self.constantTimeEquals(entry.bytes, presented) {
            found = entry.key
        }
        return found.map(Caller.key)
    }

    static func presentedKey(_ fields: HTTPFields) -> [UInt8]? {
        if let authorization = fields[.authorization] {
            let utf8 = Array(authorization.utf8)
            let prefix = Array("bearer ".utf8)
            guard utf8.count > prefix.count,
                zip(utf8.prefix(prefix.count), prefix).allSatisfy({ ($0 | 0x20) == $1 })
            else { return nil }
            return Array(utf8.dropFirst(prefix.count).drop { $0 == 0x20 })
        }
        if let apiKey = fields[HTTPField.Name("api-key")!] { return Array(apiKey.utf8) }
        return nil
    }

    /// Equality whose time depends on the lengths only, never on where the bytes differ.
    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        let count = max(lhs.count, rhs.count)
        var difference = UInt8(truncatingIfNeeded: lhs.count ^ rhs.count) | (lhs.count == rhs.count ? 0 : 1)
        for index in 0..<count {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}
