import Foundation

/// What the machine running the tests can be expected to do, so that latency promises are checked
/// at their real size in a plain build and with room for the slowdown of a sanitizer build.
///
/// `.ci/run` sets `AIROUTE_SANITIZER=1` for its ThreadSanitizer and AddressSanitizer runs, which
/// are several times slower than a debug build on the same two cores (and run every test at once).
public enum TestMachine {
    /// Whether the tests run under a sanitizer (`AIROUTE_SANITIZER=1`): resident-memory figures are
    /// meaningless there (shadow memory, ASan's quarantine of freed blocks).
    public static let underSanitizer = ProcessInfo.processInfo.environment["AIROUTE_SANITIZER"] == "1"

    /// How many times slower than a debug build the tests may run: 5 under a sanitizer, else 1.
    public static let slowdown = underSanitizer ? 5 : 1

    /// A latency bound that the code promises (for example "a cancelled request's connection is
    /// closed within 1 s"), widened by `slowdown`.
    public static func allowing(_ bound: Duration) -> Duration { bound * slowdown }
}
