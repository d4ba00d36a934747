/// A PostgreSQL server named by a URL, `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE?sslmode=…`
/// (docs/shared-health.md, "Configuration"). Parsing only; AIRoutePostgres connects.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// How TLS is used, as libpq's `sslmode` (the subset airoute supports).
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Never.
        case disable
        /// When the server offers it, without verifying its certificate (libpq's default).
        case prefer
        /// Always, without verifying the certificate.
        case require
        /// Always, verifying the certificate chain and the host name.
        case verifyFull = "verify-full"
    }

    /// The host name or address.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// The role to log in as.
    public var user: String
    /// The password, if any (never shown by ``description``).
    public var password: Secret?
    /// The database.
    public var database: String
    /// TLS.
    public var tls: TLSMode

    /// Creates a location.
    public init(
        host: String, port: Int = 5432, user: String, password: Secret? = nil, database: String,
        tls: TLSMode = .prefer
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// `postgres://user@host:port/database` — never the password.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// Parses a URL; the error says what is wrong without repeating a password.
    public static func parse(_ text: String) -> Result<PostgresLocation, ParseProblem> {
        let schemes = ["postgres://", "postgresql://"]
        guard let scheme = schemes.first(where: { text.hasPrefix($0) }) else {
            return .failure(ParseProblem(message: "expected a URL starting with postgres:// or postgresql://"))
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var user = ""
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let info = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = info.firstIndex(of: ":") {
                user = String(info[..<colon])
                password = String(info[info.index(after: colon)...])
            } else {
                user = String(info)
            }
        }
        guard let decodedUser = percentDecoded(user), let decodedPassword = password.map(percentDecoded) ?? "",
            let database = percentDecoded(String(path))
        else { return .failure(ParseProblem(message: "the URL has a malformed %-escape")) }
        guard !decodedUser.isEmpty else { return .failure(ParseProblem(message: "the URL names no user (USER@HOST)")) }
        guard let (host, port) = hostAndPort(rest) else {
            return .failure(ParseProblem(message: "expected HOST or HOST:PORT after '@' (a port is 1-65535)"))
        }
        var tls = TLSMode.prefer
        for parameter in query.split(separator: "&") where !parameter.isEmpty {
            let parts = parameter.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == "sslmode" else {
                return .failure(ParseProblem(message: "unsupported URL parameter '\(parts[0])' (only sslmode)"))
            }
            guard let mode = TLSMode(rawValue: parts[1]) else {
                let modes = TLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                return .failure(ParseProblem(message: "sslmode must be one of \(modes)"))
            }
            tls = mode
        }
        return .success(
            PostgresLocation(
                host: host, port: port, user: decodedUser,
                password: password == nil || decodedPassword.isEmpty ? nil : Secret(decodedPassword),
                database: database.isEmpty ? decodedUser : database, tls: tls))
    }

    /// What is wrong with a URL.
    public struct ParseProblem: Error, Sendable, Hashable {
        /// One line, without the password.
        public var message: String
    }

    /// Whether the URL as written in the file (before `${…}` expansion) carries a password itself
    /// rather than through a variable.
    public static func hasLiteralPassword(_ raw: String) -> Bool {
        let scheme = Array(raw.utf8)
        guard let start = (0..<max(scheme.count - 2, 0)).first(where: { scheme[$0..<$0 + 3].elementsEqual("://".utf8) })
        else { return false }
        let authority = raw.dropFirst(start + 3).prefix { $0 != "/" && $0 != "?" }
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
            return false
        }
        let password = authority[authority.index(after: colon)..<at]
        return !password.isEmpty && !password.hasPrefix("${")
    }

    private static func hostAndPort(_ text: Substring) -> (String, Int)? {
        var host = text
        var port = 5432
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let after = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let value = Int(after.dropFirst()), (1...65535).contains(value) else {
                    return nil
                }
                port = value
            }
        } else if let colon = host.lastIndex(of: ":") {
            guard let value = Int(host[host.index(after: colon)...]), (1...65535).contains(value) else { return nil }
            port = value
            host = host[..<colon]
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "@" || $0 == "/" }) else { return nil }
        return (String(host), port)
    }

    private static func percentDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
