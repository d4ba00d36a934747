/// SplitMix64: a fast, well-mixed pseudo-random stream from a 64-bit seed (Steele, Lea and
/// Flood, 2014). Deterministic for a given seed: the one generator behind ``SystemRandomSource``,
/// ``SeededRandomSource``, the mock provider and the fake server.
package struct SplitMix64: Sendable {
    private var state: UInt64

    /// Creates a stream from a seed.
    package init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 { Self.next(&state) }

    /// Advances `state` one step and returns the next 64 random bits.
    package static func next(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
