#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Embedding vectors: OpenAI's embeddings `list` object plus how the call was routed.
///
/// ```swift
/// let response = try await client.embeddings.create(model: "embeddings", input: ["a", "b"])
/// let vectors = response.data.map(\.embedding)   // [[Float]], in input order
/// ```
///
/// Vectors always decode to `[Float]`, whether the server sent JSON numbers or base64, and
/// always encode as JSON numbers.
public struct EmbeddingResponse: Codable, Hashable, Sendable {
    /// Always `list`.
    public var object: String
    /// One embedding per input, in input order.
    public var data: [Embedding]
    /// The upstream model that served the request.
    public var model: String
    /// Token usage: as the provider reported it, or airoute's estimate (``Usage/isEstimated``)
    /// when it reported none.
    public var usage: Usage
    /// How the call was routed.
    public var routing: RoutingInfo
    /// Top-level fields this type does not declare (`id`, `created`… of some servers), kept as
    /// sent and written back when encoded.
    public var extra: [String: JSONValue]

    /// Creates a response; without `usage`, it is marked unreported (estimated by the client).
    public init(
        object: String = "list", data: [Embedding], model: String, usage: Usage = Usage(isEstimated: true),
        routing: RoutingInfo = .unrouted, extra: [String: JSONValue] = [:]
    ) {
        self.object = object
        self.data = data
        self.model = model
        self.usage = usage
        self.routing = routing
        self.extra = extra
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case object, data, model, usage, routing
    }

    /// Decodes a response; `routing` and `usage` may be absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            object: try container.decodeIfPresent(String.self, forKey: .object) ?? "list",
            data: try container.decode([Embedding].self, forKey: .data),
            model: try container.decodeIfPresent(String.self, forKey: .model) ?? "",
            usage: try container.decodeIfPresent(Usage.self, forKey: .usage) ?? Usage(isEstimated: true),
            routing: try container.decodeRouting(forKey: .routing),
            extra: try decoder.decodeExtraParameters(reservedBy: CodingKeys.self)
        )
    }

    /// Encodes the OpenAI object with `routing` and ``extra`` inline.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(object, forKey: .object)
        try container.encode(data, forKey: .data)
        try container.encode(model, forKey: .model)
        try container.encode(usage, forKey: .usage)
        try container.encode(routing, forKey: .routing)
        try encoder.encodeExtraParameters(extra, reservedBy: CodingKeys.self)
    }

    /// Thrown when decoding an embedding that is a list of vectors, one per token (a llama.cpp
    /// model served without pooling), instead of one vector.
    public struct PerTokenVectorsError: Error, Hashable, Sendable, CustomStringConvertible {
        /// How many vectors (tokens) came back for the input.
        public var tokens: Int
        /// The length of each vector.
        public var dimensions: Int

        /// A one-line explanation naming the shape that came back.
        public var description: String {
            "the provider returned one vector per token (\(tokens)×\(dimensions)) instead of one pooled vector;"
                + " enable pooling on the server (llama.cpp: --pooling mean)"
        }
    }

    /// The vectors, ordered by ``Embedding/index``.
    public var vectors: [[Float]] {
        data.sorted { $0.index < $1.index }.map(\.embedding)
    }

    /// Token usage of an embeddings request.
    public struct Usage: Codable, Hashable, Sendable {
        /// Tokens in the input.
        public var promptTokens: Int
        /// Equal to ``promptTokens``.
        public var totalTokens: Int
        /// Whether airoute estimated these counts because the provider reported none
        /// (encoded as `"estimated": true` only then).
        public var isEstimated: Bool

        /// Creates usage; `totalTokens` defaults to `promptTokens`.
        public init(promptTokens: Int = 0, totalTokens: Int? = nil, isEstimated: Bool = false) {
            self.promptTokens = promptTokens
            self.totalTokens = totalTokens ?? promptTokens
            self.isEstimated = isEstimated
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case promptTokens = "prompt_tokens"
            case totalTokens = "total_tokens"
            case isEstimated = "estimated"
        }

        /// Encodes usage as OpenAI does; `estimated` only when airoute estimated it.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(promptTokens, forKey: .promptTokens)
            try container.encode(totalTokens, forKey: .totalTokens)
            if isEstimated { try container.encode(true, forKey: .isEstimated) }
        }

        /// Decodes usage, tolerating servers that omit either field.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                promptTokens: try container.decodeIfPresent(Int.self, forKey: .promptTokens) ?? 0,
                totalTokens: try container.decodeIfPresent(Int.self, forKey: .totalTokens),
                isEstimated: try container.decodeIfPresent(Bool.self, forKey: .isEstimated) ?? false
            )
        }
    }

    /// One embedding vector.
    public struct Embedding: Codable, Hashable, Sendable {
        /// Always `embedding`.
        public var object: String
        /// The position of the input this vector embeds.
        public var index: Int
        /// The vector.
        public var embedding: [Float]

        /// Creates an embedding.
        public init(object: String = "embedding", index: Int, embedding: [Float]) {
            self.object = object
            self.index = index
            self.embedding = embedding
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case object, index, embedding
        }

        /// Decodes an embedding whose vector is a JSON array of numbers or a base64 string of
        /// little-endian float32 values.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let vector: [Float]
            if let base64 = try? container.decode(String.self, forKey: .embedding) {
                guard let floats = Self.floats(base64: base64) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .embedding, in: container,
                        debugDescription: "Not base64 of little-endian float32 values.")
                }
                vector = floats
            } else {
                do {
                    vector = try container.decode([Float].self, forKey: .embedding)
                } catch {
                    guard let perToken = try? container.decode([[Float]].self, forKey: .embedding) else { throw error }
                    throw PerTokenVectorsError(tokens: perToken.count, dimensions: perToken.first?.count ?? 0)
                }
            }
            self.init(
                object: try container.decodeIfPresent(String.self, forKey: .object) ?? "embedding",
                index: try container.decodeIfPresent(Int.self, forKey: .index) ?? 0,
                embedding: vector
            )
        }

        /// The floats of a base64 string of little-endian float32 values, or `nil` if the string
        /// is not base64 or its length is not a multiple of four bytes.
        static func floats(base64: String) -> [Float]? {
            guard let data = Data(base64Encoded: base64), data.count % 4 == 0 else { return nil }
            return data.withUnsafeBytes { raw in
                (0..<data.count / 4).map { i in
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
                }
            }
        }
    }
}
