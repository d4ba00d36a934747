/// A `HOST:PORT` address to listen on (`127.0.0.1:4000`, `[::1]:4000`, `localhost:0`, `0.0.0.0:8080`).
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// Why a text is not a listen address.
    public struct Problem: Error, Sendable, Hashable {
        /// One line saying what is wrong.
        public var message: String
    }

    /// The host: a name, an IPv4 address, or an IPv6 address without brackets.
    public var host: String
    /// The port; 0 asks for a free one.
    public var port: Int

    /// Parses `HOST:PORT` (IPv6 hosts in brackets).
    public static func parse(_ text: String) -> Result<ListenAddress, Problem> {
        let trimmed = text.trimmingBlanks()
        let host: Substring
        let portText: Substring
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]"), trimmed[trimmed.index(after: close)...].hasPrefix(":") else {
                return .failure(Problem(message: "'\(trimmed)' is not HOST:PORT (an IPv6 host is written [::1]:4000)"))
            }
            host = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
            portText = trimmed[trimmed.index(close, offsetBy: 2)...]
        } else {
            guard let colon = trimmed.lastIndex(of: ":"), !trimmed[..<colon].contains(":") else {
                return .failure(Problem(message: "'\(trimmed)' is not HOST:PORT, like 127.0.0.1:4000"))
            }
            host = trimmed[..<colon]
            portText = trimmed[trimmed.index(after: colon)...]
        }
        guard !host.isEmpty else {
            return .failure(
                Problem(message: "'\(trimmed)' has no host: write 127.0.0.1:PORT, or 0.0.0.0:PORT for every interface"))
        }
        guard let port = Int(portText), (0...65535).contains(port), portText.allSatisfy(\.isASCII) else {
            return .failure(Problem(message: "'\(trimmed)' has no valid port (0-65535)"))
        }
        return .success(ListenAddress(host: String(host), port: port))
    }

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Whether only this machine can connect: `localhost`, `127.0.0.0/8` or `::1`.
    public var isLoopback: Bool {
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered == "::1" || lowered == "0:0:0:0:0:0:0:1" { return true }
        // Plain decimal octets only: the resolver reads a leading zero as octal (0127.0.0.1 is 87.0.0.1).
        let octets = lowered.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0).map(String.init) == String($0) }
    }

    /// `HOST:PORT`, brackets around an IPv6 host.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
