/// Where the model stops: one string or up to four strings.
///
/// ```swift
/// var request = ChatCompletionRequest(model: "text-generation", messages: [.user("Count")])
/// request.stop = "5"            // "stop": "5"
/// request.stop = ["5", "five"]  // "stop": ["5", "five"]
/// ```
public enum StopSequences: Codable, Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByArrayLiteral {
    /// `"stop": "…"`.
    case single(String)
    /// `"stop": ["…", …]`.
    case multiple([String])

    /// Creates a single stop sequence.
    public init(stringLiteral value: String) {
        self = .single(value)
    }

    /// Creates several stop sequences.
    public init(arrayLiteral elements: String...) {
        self = .multiple(elements)
    }

    /// Decodes a string or an array of strings.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let single = try? container.decode(String.self) {
            self = .single(single)
        } else {
            self = .multiple(try container.decode([String].self))
        }
    }

    /// Encodes a string or an array of strings.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .single(let single): try container.encode(single)
        case .multiple(let multiple): try container.encode(multiple)
        }
    }

    /// The stop sequences as an array.
    public var sequences: [String] {
        switch self {
        case .single(let single): [single]
        case .multiple(let multiple): multiple
        }
    }
}
