#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Deterministic content derived from requests: reply text, token counts, vectors, ids.
enum FakeContent {
    /// The `created` timestamp used in every answer (2025-01-01T00:00:00Z), so answers are reproducible.
    static let created = 1_735_689_600

    /// Splits `text` into `count` nearly equal, non-empty slices whose concatenation is the
    /// (possibly repeated) text: a text shorter than `count` characters is repeated, joined by spaces.
    static func slices(of text: String, count: Int) -> [String] {
        var full = text.isEmpty ? " " : text
        while full.count < count { full += " " + (text.isEmpty ? " " : text) }
        return split(full, into: count)
    }

    /// Splits `text` into at most `count` slices (fewer when it has fewer characters), never repeating it.
    static func fragments(of text: String, count: Int) -> [String] {
        guard !text.isEmpty else { return [""] }
        return split(text, into: min(count, text.count))
    }

    private static func split(_ text: String, into count: Int) -> [String] {
        let characters = Array(text)
        let base = characters.count / count
        let extra = characters.count % count
        var result: [String] = []
        var start = 0
        for i in 0..<count {
            let length = base + (i < extra ? 1 : 0)
            result.append(String(characters[start..<start + length]))
            start += length
        }
        return result
    }

    /// The text a streamed reply of `count` chunks actually carries (see ``slices(of:count:)``).
    static func streamedText(_ text: String, chunks count: Int) -> String {
        slices(of: text, count: count).joined()
    }

    /// A crude, deterministic token count: whitespace-separated words, at least 1.
    static func tokenCount(_ strings: [String]) -> Int {
        max(1, strings.reduce(0) { $0 + $1.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).count })
    }

    // MARK: Vectors

    /// A unit vector of `dimensions` floats seeded by `model` and `input` (FNV-1a + SplitMix64).
    static func embedding(model: String, input: String, dimensions: Int) -> [Float] {
        var state = fnv1a(model + "\u{0}" + input)
        var values: [Float] = []
        values.reserveCapacity(dimensions)
        for _ in 0..<dimensions {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            values.append(Float(Double(z >> 11) / Double(1 << 53) * 2 - 1))
        }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? values.map { $0 / norm } : values
    }

    /// The little-endian float32 bytes of `vector`, base64-encoded (OpenAI `encoding_format: base64`).
    static func base64(_ vector: [Float]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(vector.count * 4)
        for value in vector {
            let bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes).base64EncodedString()
    }

    /// A JSON array of the vector's values.
    static func json(_ vector: [Float]) -> JSON {
        .array(vector.map { .double(Double($0)) })
    }

    static func fnv1a(_ string: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in string.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }

    // MARK: Identifiers

    static func id(_ prefix: String, _ requestID: Int) -> String {
        let digits = String(requestID)
        return prefix + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
