import Foundation

/// Streams the `value` of a `{"value": …}` object that arrives as JSON text in fragments: the
/// wrapper's opening (`{"value":`) and its closing `}` are dropped, everything between is passed on
/// as it comes.
///
/// Anthropic's structured output wraps a schema whose type is not `object` this way
/// (``AnthropicWire/StructuredOutput``). A run of `}` and whitespace at the end of what arrived is
/// held back until more text follows, since its last `}` may be the wrapper's. Text that does not
/// open with `{"value":` is kept whole and unwrapped by parsing at the end.
struct WrappedValueStream: Sendable {
    private enum Phase: Sendable {
        /// The wrapper's opening has not been read whole yet.
        case opening
        /// Passing the value on.
        case value
        /// The text did not open as expected: everything is kept for the end.
        case unexpected
    }

    private var phase = Phase.opening
    /// Everything received, for the parse at the end when the opening was unexpected.
    private var received = ""
    /// Trailing `}` and whitespace held back.
    private var held = ""
    /// Whether any of the value was passed on (leading whitespace is not).
    private var started = false

    /// The part of the value `fragment` completes, possibly empty.
    mutating func feed(_ fragment: String) -> String {
        received += fragment
        switch phase {
        case .unexpected:
            return ""
        case .opening:
            switch Self.scanOpening(received) {
            case .needMore:
                return ""
            case .mismatch:
                phase = .unexpected
                return ""
            case .matched(let rest):
                phase = .value
                return pass(String(rest))
            }
        case .value:
            return pass(fragment)
        }
    }

    /// What is left at the end: the held-back text less the wrapper's `}`, or the whole value
    /// when the text did not open as expected.
    mutating func finish() -> String {
        switch phase {
        case .value:
            var rest = held
            if let last = rest.lastIndex(of: "}") { rest = String(rest[..<last]) }
            held = ""
            while rest.last?.isWhitespace == true { rest.removeLast() }
            return rest
        case .opening, .unexpected:
            guard let value = JSONValue(parsing: Data(received.utf8)) else { return received }
            return (value[AnthropicWire.StructuredOutput.wrapperKey] ?? value).jsonText
        }
    }

    private mutating func pass(_ text: String) -> String {
        held += text
        let keep = held.reversed().prefix { $0 == "}" || $0.isWhitespace }.count
        var out = String(held.dropLast(keep))
        held = String(held.suffix(keep))
        if !started {
            out = String(out.drop { $0.isWhitespace })
            started = !out.isEmpty
        }
        return out
    }

    private enum Opening {
        case needMore
        case mismatch
        case matched(Substring)
    }

    /// Reads `{ "value" :` (with any whitespace) from the start of `text`.
    private static func scanOpening(_ text: String) -> Opening {
        let expected = Array("{\"\(AnthropicWire.StructuredOutput.wrapperKey)\":")
        var next = 0
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            // Whitespace is allowed around the tokens, never inside the key.
            let insideKey = next > 1 && next < expected.count - 1
            if character.isWhitespace && !insideKey { continue }
            guard character == expected[next] else { return .mismatch }
            next += 1
            if next == expected.count { return .matched(text[index...]) }
        }
        return .needMore
    }
}
