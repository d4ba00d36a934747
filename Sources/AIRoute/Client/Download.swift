import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

extension OpenAIClient {
    /// How long a download may take in total.
    static let downloadTimeout: Duration = .seconds(60)

    /// Downloads a file a provider linked to (a generated image's temporary `url`), bounded in
    /// size and time.
    ///
    /// No credentials are sent. Only `https` URLs are fetched (plain `http` only from a loopback
    /// host); redirects are not followed.
    ///
    /// - Parameters:
    ///   - url: the `https` URL.
    ///   - maxBytes: the largest body accepted.
    /// - Throws: ``AIRouter/UpstreamFailure`` for a refused URL, an error status, a body over
    ///   `maxBytes`, a timeout or a transport error; `CancellationError` when cancelled.
    public func download(_ url: String, maxBytes: Int) async throws -> Data {
        try Self.checkDownloadURL(url)
        let client = try engine.httpClient()
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        let deadline = NIODeadline.now() + .nanoseconds(Int64(Self.downloadTimeout.seconds * 1e9))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: deadline)
        } catch {
            throw HTTPTransport.transportFailure(error)
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            throw UpstreamFailure(
                status == 404 || status == 403 ? .notFound : .transient, status: status,
                message: "the download answered HTTP \(status)")
        }
        if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > maxBytes {
            throw UpstreamFailure(.transient, message: "the download is larger than \(maxBytes / 1_000_000) MB")
        }
        do {
            var buffer = try await response.body.collect(upTo: maxBytes)
            return buffer.readData(length: buffer.readableBytes) ?? Data()
        } catch is NIOTooManyBytesError {
            throw UpstreamFailure(.transient, message: "the download is larger than \(maxBytes / 1_000_000) MB")
        } catch {
            throw HTTPTransport.transportFailure(error)
        }
    }

    /// Accepts `https` URLs, and `http` ones only to a loopback host.
    static func checkDownloadURL(_ url: String) throws(UpstreamFailure) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty
        else { throw UpstreamFailure(.invalidRequest, message: "not a downloadable URL") }
        switch scheme {
        case "https": return
        case "http" where host == "localhost" || host == "::1" || host.hasPrefix("127."): return
        case "http":
            throw UpstreamFailure(.invalidRequest, message: "refusing to download over plain http from \(host)")
        default: throw UpstreamFailure(.invalidRequest, message: "cannot download a '\(scheme)' URL")
        }
    }
}
