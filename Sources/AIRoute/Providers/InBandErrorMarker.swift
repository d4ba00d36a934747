import Foundation

/// The cheap test run before parsing a provider's successful answer, or one streamed event, as a
/// possible in-band error: whether the bytes contain `"error"` (the key of an error object, or the
/// `"type":"error"` of Anthropic's). It runs on every answer and every chunk, so it searches bytes
/// directly instead of going through `String` and Foundation's bridged `contains`.
enum InBandErrorMarker {
    /// How far into a whole response body the marker is looked for: error objects are small and
    /// start with their error.
    static let bodyPrefix = 4096

    private static let needle: StaticString = "\"error\""

    /// Whether the first `bodyPrefix` bytes of a response body contain the marker.
    static func present(inBody body: Data) -> Bool {
        body.prefix(bodyPrefix).withUnsafeBytes { contains($0) }
    }

    /// Whether a streamed event's data contains the marker anywhere.
    static func present(inEvent text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ contains(UnsafeRawBufferPointer($0)) }) {
            return found
        }
        return Array(text.utf8).withUnsafeBytes { contains($0) }
    }

    private static func contains(_ haystack: UnsafeRawBufferPointer) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard let base = haystack.baseAddress, haystack.count >= count else { return false }
        let end = base + haystack.count
        var cursor = base
        // memchr (vectorised) finds each quote; only there are the next bytes compared.
        while end - cursor >= count, let quote = memchr(cursor, Int32(needle.utf8Start.pointee), end - cursor) {
            let candidate = UnsafeRawPointer(quote)
            if end - candidate < count { return false }
            if memcmp(candidate, needle.utf8Start, count) == 0 { return true }
            cursor = candidate + 1
        }
        return false
    }
}
