import AsyncHTTPClient
import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Synchronization
import Tracing

/// Sends ``WireRequest``s over one shared AsyncHTTPClient, enforcing airoute's transport rules:
/// no retries or redirects underneath the router, keys only to their provider's origin and never
/// over plain HTTP to a remote host, bounded reads of every body, and transport errors mapped onto
/// ``UpstreamFailure`` with secret-free messages.
///
/// It knows no wire format: it returns the status, headers and body of whatever the provider
/// answered, and the backend that sent the request maps an error answer with its own format.
package final class HTTPTransport: Sendable {
    /// The largest error body read (the rest is discarded).
    static let maxErrorBodyBytes = 64 * 1024
    /// The longest wait a provider hint is parsed to (members' `max_retry_after` caps it further).
    static let retryAfterCap = RoutingSettings().maxRetryAfter
    /// The largest successful non-streaming body accepted.
    static let maxBodyBytes = 64 * 1024 * 1024

    let client: HTTPClient
    let clock: any RouterClock
    let logger: Logger

    init(client: HTTPClient, clock: any RouterClock, logger: Logger) {
        self.client = client
        self.clock = clock
        self.logger = logger
    }

    /// HTTP/1.1 connections to one provider host at once in the process-wide clients (the CLI's
    /// and the library's). A request beyond it waits for a connection and fails once
    /// `connect_timeout` passes, so a caller that holds more requests open to one provider — the
    /// gateway, up to its `max_concurrent_requests` — makes its own client with a larger limit
    /// (``makeClient(connectTimeout:maxConnectionsPerHost:)``): 64 failed every stream past the
    /// 64th held through `airoute serve` (BENCHMARKS.md, "Gateway").
    package static let defaultMaxConnectionsPerHost = 64

    /// The HTTP client airoute creates: no redirects, no connection-establishment retries, at
    /// most `maxConnectionsPerHost` connections to one host (opened on demand, none in advance).
    package static func makeClient(
        connectTimeout: Duration, maxConnectionsPerHost: Int = defaultMaxConnectionsPerHost
    ) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(Int64(connectTimeout.seconds * 1e9))),
            decompression: .disabled)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = maxConnectionsPerHost
        // AsyncHTTPClient takes the process's tracer when the configuration is made: the no-op
        // one unless the program bootstrapped another. With it, every request still opened a
        // span, set its attributes and parsed its URL for them, all for nothing: about 11 % of a
        // non-streamed call's CPU (BENCHMARKS.md, "Client CPU"). No tracer skips all of it; a
        // real tracer is kept.
        if configuration.tracing.tracer is NoOpTracer { configuration.tracing.tracer = nil }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Sends the request and returns the answer's head, whatever its status: what a status means
    /// is the caller's wire format's to say. Throws an ``UpstreamFailure`` for a refused
    /// destination or a transport error.
    func send(_ wire: WireRequest, member: RouteMember, deadline: Timestamp) async throws -> HTTPClientResponse {
        try checkDestination(wire, member: member)
        var request = HTTPClientRequest(url: wire.url)
        request.method = HTTPMethod(rawValue: wire.method.rawValue)
        request.headers.reserveCapacity(wire.headers.count)
        for field in wire.headers { request.headers.add(name: field.name.rawName, value: field.value) }
        if let body = wire.body { request.body = .bytes(ByteBuffer(data: body)) }
        let remaining = max(0, (deadline - clock.now()).seconds)
        logger.debug(
            "sending request",
            metadata: ["airoute.member": "\(member.model.id)", "airoute.provider": "\(member.provider.name)"])
        do {
            return try await client.execute(request, deadline: .now() + .nanoseconds(Int64(remaining * 1e9)))
        } catch {
            throw Self.transportFailure(error)
        }
    }

    /// Reads a whole successful body, up to ``maxBodyBytes``.
    static func collect(_ body: HTTPClientResponse.Body) async throws -> Data {
        do {
            var buffer = try await body.collect(upTo: maxBodyBytes)
            return buffer.readData(length: buffer.readableBytes) ?? Data()
        } catch is NIOTooManyBytesError {
            throw UpstreamFailure(.transient, message: "the provider's answer exceeded \(maxBodyBytes / 1_048_576) MiB")
        } catch {
            throw transportFailure(error)
        }
    }

    /// Reads at most `limit` bytes of a body, ignoring errors (an error body is best effort).
    static func readBounded(_ body: HTTPClientResponse.Body, limit: Int) async -> Data {
        var data = Data()
        do {
            for try await buffer in body {
                let room = limit - data.count
                if room <= 0 { break }
                data.append(contentsOf: buffer.readableBytesView.prefix(room))
            }
        } catch {}
        return data
    }

    /// Refuses to send a credential where it could leak: over plain HTTP to a non-loopback host
    /// (unless the provider allows it).
    func checkDestination(_ wire: WireRequest, member: RouteMember) throws(UpstreamFailure) {
        guard member.provider.apiKey != nil, !member.provider.allowInsecureHTTP,
            wire.url.utf8.prefix(5).map({ $0 | 0x20 }).elementsEqual("http:".utf8)  // parse only plain-http URLs
        else { return }
        guard let host = Self.plainHTTPHost(of: wire.url) else { return }
        if host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.") { return }
        throw UpstreamFailure(
            .auth,
            message: "refusing to send the API key of provider '\(member.provider.name)' over plain http to \(host); "
                + "use https or set allow_insecure_http: true")
    }

    /// The lower-cased host of a plain `http` URL (empty when it has none), `nil` for any other
    /// URL. Parsed by `URLComponents`, as AsyncHTTPClient's own `URL` reads it, once per URL: a
    /// provider's calls go to a handful of URLs, and the parse was 1 % of a non-streamed call's CPU.
    static func plainHTTPHost(of url: String) -> String? {
        if let known = plainHTTPHosts.withLock({ $0[url] }) { return known }
        let host: String?
        if let components = URLComponents(string: url), components.scheme?.lowercased() == "http" {
            host = (components.host ?? "").lowercased()
        } else {
            host = nil
        }
        plainHTTPHosts.withLock { hosts in
            if hosts.count >= 1024 { hosts.removeAll() }  // bounded: URLs with ever-changing paths
            hosts[url] = .some(host)
        }
        return host
    }

    private static let plainHTTPHosts = Mutex<[String: String?]>([:])

    /// Maps what reading from a provider threw onto an ``UpstreamFailure`` with a short,
    /// secret-free message (AsyncHTTPClient, NIO and stream-decoding errors are transient);
    /// cancellation stays `CancellationError`. The one mapping for every provider call, streams
    /// included.
    static func transportFailure(_ error: any Error) -> any Error {
        failure(error) ?? CancellationError()
    }

    /// The ``UpstreamFailure`` that `error` means, `nil` for a cancellation (see
    /// ``transportFailure(_:)``).
    static func failure(_ error: any Error) -> UpstreamFailure? {
        if error is CancellationError { return nil }
        if let failure = error as? UpstreamFailure { return failure }
        if let malformed = error as? ServerSentEventError {
            return UpstreamFailure(.transient, message: "malformed stream: \(malformed)")
        }
        let message: String
        if let httpError = error as? HTTPClientError {
            switch httpError {
            case .connectTimeout: message = "connect timeout"
            case .deadlineExceeded: message = "no response before the deadline"
            case .readTimeout: message = "read timeout"
            case .remoteConnectionClosed: message = "the provider closed the connection"
            case .cancelled: return nil
            case .tlsHandshakeTimeout: message = "TLS handshake timeout"
            case .invalidURL, .emptyHost, .emptyScheme: message = "invalid base_url"
            default: message = "HTTP error: \(httpError)"
            }
        } else if let ioError = error as? IOError {
            switch ioError.errnoCode {
            case ECONNREFUSED: message = "connection refused"
            case ECONNRESET: message = "connection reset"
            case ETIMEDOUT: message = "connect timeout"
            default: message = "I/O error: \(ioError.description)"
            }
        } else {
            let text = String(describing: error)
            if text.contains("connectionRefused") || text.contains("Connection refused") {
                message = "connection refused"
            } else if text.contains("NXDOMAIN") || text.contains("lookup") {
                message = "host not found"
            } else {
                message = "transport error: \(text.prefix(160))"
            }
        }
        return UpstreamFailure(.transient, message: message)
    }
}
