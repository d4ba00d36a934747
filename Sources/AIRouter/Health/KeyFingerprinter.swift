import Crypto

/// Fingerprints API keys for member identity: a keyed hash (HMAC-SHA256 under a secret that
/// the health store keeps), so a new key value starts with clean health while nothing stored
/// lets anyone confirm a guessed key without that secret. Never the key, never an unkeyed hash.
public struct KeyFingerprinter: Sendable, Hashable {
    /// The secret's length in bytes.
    public static let secretLength = 32

    private let secret: [UInt8]

    /// A fingerprinter under `secret` (at least 16 bytes; use ``secretLength`` random bytes).
    public init(secret: [UInt8]) {
        precondition(secret.count >= 16, "a fingerprint secret needs at least 16 bytes")
        self.secret = secret
    }

    /// A fingerprinter under a fresh random secret: for health that is never persisted.
    public static func random() -> KeyFingerprinter {
        KeyFingerprinter(secret: Array(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }))
    }

    /// Twelve hexadecimal digits (48 bits) of HMAC-SHA256(secret, key).
    public func fingerprint(_ key: Secret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(key.reveal().utf8), using: SymmetricKey(data: secret))
        return mac.prefix(6).hexDigits
    }
}
