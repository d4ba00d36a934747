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
