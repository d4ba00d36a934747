import AIRoute
import Foundation
import HTTPTypes
import NIOCore

extension GatewayCore {
    /// `POST /v1/embeddings`: vectors as JSON numbers, or as base64 when `encoding_format` says so
    /// (the official Python SDK asks for base64 by default).
    func embeddings(
        _ body: ByteBuffer, headers: HTTPFields, caller: ClientAuthenticator.Caller, exchange: inout Exchange
    ) async throws -> Reply {
        let request = try admitted(EmbeddingRequest.self, body, headers: headers, caller: caller, exchange: &exchange)
        let client = self.client
        let response = try await answer { () async throws(RouteError) in try await client.embeddings.create(request) }
        var reply: Reply
        if request.encodingFormat == .base64 {
            reply = try Reply.encoding(Base64Embeddings(response), routing: response.routing)
        } else {
            reply = try Reply.encoding(response, routing: response.routing)
        }
        reply.tokens = (response.usage.promptTokens, 0)
        return reply
    }
}

/// An embedding response whose vectors are base64 strings of little-endian float32 values, as
/// OpenAI sends them for `encoding_format: base64`.
struct Base64Embeddings: Encodable {
    let response: EmbeddingResponse

    init(_ response: EmbeddingResponse) { self.response = response }

    private struct Item: Encodable {
        let object: String
        let index: Int
        let embedding: String
    }

    enum CodingKeys: String, CodingKey { case object, data, model, usage, routing }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(response.object, forKey: .object)
        try container.encode(
            response.data.map { Item(object: $0.object, index: $0.index, embedding: Self.base64($0.embedding)) },
            forKey: .data)
        try container.encode(response.model, forKey: .model)
        try container.encode(response.usage, forKey: .usage)
        try container.encode(response.routing, forKey: .routing)
    }

    static func base64(_ vector: [Float]) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(vector.count * 4)
        for value in vector {
            let bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes).base64EncodedString()
    }
}
