import Synchronization

/// The router's source of randomness, injectable so that strategies are deterministic in tests.
public protocol RandomSource: Sendable {
    /// A uniformly distributed value in `0..<1`.
    func nextUnit() -> Double
}

/// The system's random generator.
///
/// Draws come from a SplitMix64 sequence seeded once per process from the system generator:
/// `SystemRandomNumberGenerator` makes a `getrandom` system call per draw on Linux (~0.8 µs,
/// most of a 10-member routing decision; see BENCHMARKS.md). Load balancing needs uniform
/// values, not unpredictable ones.
public struct SystemRandomSource: RandomSource {
    private static let state: Mutex<UInt64> = {
        var system = SystemRandomNumberGenerator()
        return Mutex(system.next())
    }()

    /// Creates the system source.
    public init() {}
    /// A uniformly distributed value in `0..<1`.
    public func nextUnit() -> Double {
        let bits = Self.state.withLock { s -> UInt64 in
            SplitMix64.next(&s)
        }
        return Double(bits >> 11) / Double(1 << 53)
    }
}

/// A seeded SplitMix64 generator: the same seed gives the same sequence.
///
/// For tests: `@_spi(Testing) import AIRouter` to inject one where a strategy must be repeatable.
@_spi(Testing) public final class SeededRandomSource: RandomSource {
    private let state: Mutex<UInt64>

    /// Creates a generator from a seed.
    public init(seed: UInt64) { state = Mutex(seed) }

    /// A uniformly distributed value in `0..<1`.
    public func nextUnit() -> Double {
        let bits = state.withLock { s -> UInt64 in
            SplitMix64.next(&s)
        }
        return Double(bits >> 11) / Double(1 << 53)
    }
}
