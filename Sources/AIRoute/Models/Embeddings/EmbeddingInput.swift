/// What to embed: one text, several texts, one token array or several token arrays.
///
/// ```swift
/// let one: EmbeddingInput = "a red fox"
/// let many: EmbeddingInput = ["a red fox", "a brown dog"]
/// ```
public enum EmbeddingInput: Codable, Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByArrayLiteral {
    /// `"input": "…"`.
    case string(String)
    /// `"input": ["…", …]`.
    case strings([String])
    /// `"input": [1, 2, …]`: one pre-tokenized input.
    case tokens([Int])
    /// `"input": [[1, 2], …]`: several pre-tokenized inputs.
    case tokenArrays([[Int]])

    /// Creates a single text input.
    public init(stringLiteral value: String) {
        self = .string(value)
    }

    /// Creates several text inputs.
    public init(arrayLiteral elements: String...) {
        self = .strings(elements)
    }

    /// Decodes a string, an array of strings, an array of integers or an array of integer arrays.
    /// An empty array decodes as ``strings(_:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([String].self) {
            self = .strings(value)
        } else if let value = try? container.decode([Int].self) {
            self = .tokens(value)
        } else {
            self = .tokenArrays(try container.decode([[Int]].self))
        }
    }

    /// Encodes the input in its wire shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .strings(let value): try container.encode(value)
        case .tokens(let value): try container.encode(value)
        case .tokenArrays(let value): try container.encode(value)
        }
    }

    /// How many embeddings the input asks for.
    public var count: Int {
        switch self {
        case .string, .tokens: 1
        case .strings(let value): value.count
        case .tokenArrays(let value): value.count
        }
    }

    /// The texts, when the input is text (`nil` for token input).
    public var texts: [String]? {
        switch self {
        case .string(let value): [value]
        case .strings(let value): value
        case .tokens, .tokenArrays: nil
        }
    }

    /// A rough estimate of the input's size in tokens: one per four UTF-8 bytes of text,
    /// or the token count of token input.
    public var estimatedTokens: Int {
        switch self {
        case .string(let value): (value.utf8.count + 3) / 4
        case .strings(let value): value.reduce(0) { $0 + ($1.utf8.count + 3) / 4 }
        case .tokens(let value): value.count
        case .tokenArrays(let value): value.reduce(0) { $0 + $1.count }
        }
    }

    /// The estimated size in tokens of the largest single input (see ``estimatedTokens``): what
    /// a model's context window must hold, since each input is embedded on its own.
    public var largestEstimatedTokens: Int {
        switch self {
        case .string(let value): (value.utf8.count + 3) / 4
        case .strings(let value): value.map { ($0.utf8.count + 3) / 4 }.max() ?? 0
        case .tokens(let value): value.count
        case .tokenArrays(let value): value.map(\.count).max() ?? 0
        }
    }
}
