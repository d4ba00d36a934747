import AIRouteTesting
import AsyncHTTPClient
import HTTPTypes
import Logging
import NIOHTTP1
import Testing

@testable import AIRoute

/// The transport sends what a wire format describes and hands back what the provider answered.
@Suite struct HTTPTransportTests {
    static func transport() -> HTTPTransport {
        HTTPTransport(
            client: SharedHTTPClients.client(connectTimeout: .seconds(5)), clock: SystemClock(),
            logger: Logger(label: "airoute.test"))
    }

    /// A method other than GET or POST goes out as it is, never quietly as a POST.
    @Test(arguments: [HTTPRequest.Method.delete, .put, .patch, .get, .post])
    func sendsTheMethodItIsGiven(_ method: HTTPRequest.Method) async throws {
        try await FakeProviderServer.withServer { server in
            let member = WireTestSupport.member(.openai, model: "m", key: "k", baseURL: server.baseURL)
            let wire = WireRequest(
                method: method, url: server.baseURL + "/v1/models", headers: [.accept: "application/json"])
            let response = try await Self.transport().send(
                wire, member: member, deadline: SystemClock().now() + .seconds(20))
            _ = await HTTPTransport.readBounded(response.body, limit: 1024)
            #expect(server.requests.map(\.method) == [method.rawValue])
            #expect(server.requests.first?.header("accept") == "application/json")
        }
    }

    /// An error status is not the transport's to interpret: it returns the answer, status and all.
    @Test func returnsAnErrorAnswerInsteadOfMappingIt() async throws {
        try await FakeProviderServer.withServer { server in
            let member = WireTestSupport.member(.openai, model: "m", key: "k", baseURL: server.baseURL)
            let wire = WireRequest.get(server.baseURL + "/no/such/path", headers: [:])
            let response = try await Self.transport().send(
                wire, member: member, deadline: SystemClock().now() + .seconds(20))
            let body = await HTTPTransport.readBounded(response.body, limit: 4096)
            #expect(response.status.code >= 400)
            #expect(!body.isEmpty)
        }
    }

    /// Configured headers travel in order; a name that is not an HTTP token fails the member as a
    /// configuration mistake (the call fails over) instead of being dropped or sent.
    /// Without a bootstrapped tracer, airoute's clients have none (AsyncHTTPClient would otherwise
    /// open a no-op span per request, with its attributes and a URL parse).
    @Test func clientsCarryNoNoOpTracer() async throws {
        let client = HTTPTransport.makeClient(connectTimeout: .seconds(1))
        #expect(client.tracer == nil)
        try await client.shutdown()
        #expect(SharedHTTPClients.client(connectTimeout: .seconds(5)).tracer == nil)
    }

    /// The host the plain-HTTP key check judges, the same from the cache as from the first parse.
    @Test(
        arguments: [
            ("http://127.0.0.1:8080/v1/chat/completions", "127.0.0.1"),
            ("HTTP://Example.COM/v1", "example.com"),
            ("http://user:pw@evil.example:80/x", "evil.example"),
            ("http://[::1]:11434/api", "[::1]"),
            ("https://api.openai.com/v1/chat/completions", nil),
            ("ftp://127.0.0.1/", nil),
        ] as [(String, String?)])
    func plainHTTPHostsAreParsedOnceAndAlike(url: String, host: String?) {
        #expect(HTTPTransport.plainHTTPHost(of: url) == host)
        #expect(HTTPTransport.plainHTTPHost(of: url) == host)
    }

    @Test func configuredHeadersAreCheckedAtTheBoundary() throws {
        let good = WireTestSupport.member(
            .openai, model: "m", key: "k", headers: [("x-first", "1"), ("X-Second", "2")])
        let chat = ChatCompletionRequest(model: "p", messages: [.user("x")])
        let request = try OpenAIWire().chatRequest(chat, member: good, stream: false)
        #expect(request.headers.map(\.name.canonicalName) == ["x-first", "x-second", "authorization", "content-type"])
        let bad = WireTestSupport.member(.openai, model: "m", key: "k", headers: [("x(bad)", "1")])
        let error = #expect(throws: UpstreamFailure.self) {
            try OpenAIWire().chatRequest(chat, member: bad, stream: false)
        }
        #expect(error?.errorClass == .notFound)
        #expect(error?.message.contains("x(bad)") == true)
    }
}
