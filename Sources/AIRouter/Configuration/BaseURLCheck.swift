import Foundation

/// What a provider's base URL may be, for configuration files and for the base-URL variables
/// of the built-in configuration alike.
enum BaseURLCheck {
    /// Why `text` cannot be a base URL (naming it as `name`), or `nil` when it can.
    ///
    /// - Parameters:
    ///   - sendsKey: whether an API key would go to it.
    ///   - allowInsecureHTTP: whether plain http to a non-loopback host was explicitly allowed.
    static func problem(_ text: String, name: String, sendsKey: Bool, allowInsecureHTTP: Bool) -> String? {
        // Whitespace and control characters (a trailing space, an injected CRLF) have no place in a
        // URL; Foundation's parser accepts some of them.
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            return "\(name) cannot contain spaces or control characters"
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            return "\(name) must be an http:// or https:// URL"
        }
        if url.query != nil || url.fragment != nil || url.user != nil {
            return "\(name) cannot hold a query, fragment or user name"
        }
        let loopback = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased()) || host.hasPrefix("127.")
        if scheme == "http" && !loopback && sendsKey && !allowInsecureHTTP {
            return "\(name) uses plain http to a non-loopback host, which would send the API key unencrypted; "
                + "use https or set allow_insecure_http: true"
        }
        return nil
    }
}
