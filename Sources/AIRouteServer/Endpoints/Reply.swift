import AIRoute
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// The header names the gateway writes (docs/server.md, "Endpoints").
enum GatewayHeader {
    static let pool = HTTPField.Name("x-airoute-pool")!
    static let member = HTTPField.Name("x-airoute-member")!
    static let provider = HTTPField.Name("x-airoute-provider")!
    static let attempts = HTTPField.Name("x-airoute-attempts")!
    static let requestID = HTTPField.Name("x-request-id")!
    static let shouldRetry = HTTPField.Name("x-should-retry")!
}

/// What a handler answers, before the gateway adds its common headers.
struct Reply: Sendable {
    var status: HTTPResponse.Status = .ok
    var headers: HTTPFields = [:]
    var body: ResponseBody
    /// How the call was routed, when it reached the router.
    var routing: RoutingInfo?
    /// Tokens in and out, for the access log and metrics.
    var tokens: (input: Int, output: Int)?

    static let jsonType = "application/json"

    /// A JSON body.
    static func json(_ data: Data, status: HTTPResponse.Status = .ok, routing: RoutingInfo? = nil) -> Reply {
        var headers = HTTPFields()
        headers[.contentType] = jsonType
        return Reply(
            status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(data: data)), routing: routing)
    }

    /// A body with its content type.
    static func bytes(_ data: Data, contentType: String, routing: RoutingInfo? = nil) -> Reply {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Reply(
            status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(data: data)), routing: routing)
    }

    /// An `Encodable` value as compact JSON.
    static func encoding(_ value: some Encodable, routing: RoutingInfo? = nil) throws -> Reply {
        json(try DirectJSONEncoder.encode(value), routing: routing)
    }

    /// OpenAI's error body with its status and retry headers.
    static func failure(_ failure: GatewayFailure, routing: RoutingInfo? = nil) -> Reply {
        let data =
            (try? DirectJSONEncoder.encode(failure.body))
            ?? Data(#"{"error":{"message":"internal error","type":"api_error","param":null,"code":null}}"#.utf8)
        var reply = json(data, status: failure.status, routing: routing ?? failure.body.routing)
        if let seconds = failure.retryAfter {
            reply.headers[.retryAfter] = String(seconds)
            if seconds > 60 { reply.headers[GatewayHeader.shouldRetry] = "false" }
        }
        // Every member was tried already: the router did the retrying an SDK would do.
        if failure.status == .badGateway { reply.headers[GatewayHeader.shouldRetry] = "false" }
        return reply
    }

    /// The routing headers (`x-airoute-*`).
    mutating func addRoutingHeaders(pool fallback: String?) {
        guard let routing else {
            if let fallback { headers[GatewayHeader.pool] = fallback }
            return
        }
        headers[GatewayHeader.pool] = routing.pool
        if let member = routing.member { headers[GatewayHeader.member] = member }
        if let provider = routing.provider { headers[GatewayHeader.provider] = provider }
        headers[GatewayHeader.attempts] = String(routing.attempts.count)
    }
}
