/// FNV-1a, 64-bit: a tiny, stable hash for the mock provider's deterministic answers.
///
/// Unlike `hashValue` (seeded per process), the same bytes give the same hash in every run and
/// on every machine, so mock ids, vectors, tones and colours are reproducible.
struct FNV1a64: Sendable {
    /// The FNV-1a 64-bit offset basis.
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    /// The FNV-1a 64-bit prime.
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash so far.
    private(set) var value: UInt64 = Self.offsetBasis

    /// Creates a hasher at the offset basis.
    init() {}

    /// Mixes in bytes.
    mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= Self.prime
        }
    }

    /// Mixes in a string's UTF-8 bytes followed by a 0 separator, so that ("ab", "c") and
    /// ("a", "bc") hash differently.
    mutating func combine(_ string: String) {
        combine(string.utf8)
        combine(CollectionOfOne(0))
    }

    /// Mixes in an integer's 8 little-endian bytes.
    mutating func combine(_ integer: Int) {
        let bits = UInt64(bitPattern: Int64(integer))
        combine((0..<8).map { UInt8(truncatingIfNeeded: bits >> ($0 * 8)) })
    }

    /// The hash of a string's UTF-8 bytes.
    static func hash(_ string: String) -> UInt64 {
        var hasher = FNV1a64()
        hasher.combine(string.utf8)
        return hasher.value
    }

    /// The hash of some bytes.
    static func hash(bytes: some Sequence<UInt8>) -> UInt64 {
        var hasher = FNV1a64()
        hasher.combine(bytes)
        return hasher.value
    }
}

extension SplitMix64 {
    /// A uniform value in [-1, 1), from the top 24 bits (exact in a `Float`).
    mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) / Float(1 << 23) - 1
    }
}

extension UInt64 {
    /// The value as 16 lower-case hex digits.
    var hex16: String {
        let digits = String(self, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
