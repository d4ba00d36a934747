/// How a server sends embedding vectors: `float` (JSON numbers) or `base64` (little-endian
/// float32). ``EmbeddingResponse`` decodes both into `[Float]`.
public struct EmbeddingEncodingFormat: OpenStringValue {
    /// The wire spelling.
    public var rawValue: String

    /// Creates the format spelled `rawValue` on the wire.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// JSON arrays of numbers.
    public static let float = EmbeddingEncodingFormat(rawValue: "float")
    /// Base64 strings of little-endian float32 values: about a quarter of the bytes.
    public static let base64 = EmbeddingEncodingFormat(rawValue: "base64")
}
