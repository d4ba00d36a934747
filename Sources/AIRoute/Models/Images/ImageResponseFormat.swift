/// How generated images are returned: `url` (a link that expires) or `b64_json` (the bytes,
/// base64-encoded).
public struct ImageResponseFormat: OpenStringValue {
    /// The wire spelling.
    public var rawValue: String

    /// Creates the format spelled `rawValue` on the wire.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A temporary URL.
    public static let url = ImageResponseFormat(rawValue: "url")
    /// Base64-encoded image bytes.
    public static let b64JSON = ImageResponseFormat(rawValue: "b64_json")
}
