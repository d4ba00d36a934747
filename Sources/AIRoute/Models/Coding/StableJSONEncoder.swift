import Foundation

/// The one `JSONEncoder` configuration for JSON that is read back byte for byte: keys sorted and
/// slashes written as they are (`"a/b"`, not `"a\/b"`), so the same value always gives the same
/// text.
///
/// It writes the bodies translated for Anthropic and Gemini, tool-call arguments rebuilt from a
/// provider's object, the mock provider's answers and the CLI's `--json` output. Request bodies in
/// OpenAI's format take ``DirectJSONEncoder`` instead (no sorting, several times faster).
package enum StableJSONEncoder {
    /// Compact output: one line, no spaces.
    package static let compact = make([])

    /// Indented output, for a person at a terminal.
    package static let pretty = make([.prettyPrinted])

    private static func make(_ formatting: JSONEncoder.OutputFormatting) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting.union([.sortedKeys, .withoutEscapingSlashes])
        return encoder
    }
}
