import Foundation
import HTTPTypes

/// One HTTP request as a provider adapter describes it, before the transport sends it.
///
/// Adapters build it with pure functions, so request translation is unit-tested without I/O.
struct WireRequest: Sendable {
    /// The method, sent as it is (never rewritten).
    var method: HTTPRequest.Method
    /// The full URL. Never carries a credential (keys go in headers).
    var url: String
    /// Headers, credentials included: the transport never logs or prints them.
    var headers: HTTPFields
    /// The body, if any.
    var body: Data?
    /// Whether the answer is an SSE stream.
    var streaming: Bool = false

    /// A JSON POST.
    static func json(_ url: String, headers: HTTPFields, body: Data, streaming: Bool = false) -> WireRequest {
        var headers = headers
        headers[.contentType] = "application/json"
        return WireRequest(method: .post, url: url, headers: headers, body: body, streaming: streaming)
    }

    /// A GET.
    static func get(_ url: String, headers: HTTPFields) -> WireRequest {
        WireRequest(method: .get, url: url, headers: headers, body: nil)
    }
}
