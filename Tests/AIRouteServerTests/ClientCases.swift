import AIRouteTesting
import Testing

/// One run of a client program against a freshly started gateway: how the fake upstream is
/// scripted for it, and how many requests each upstream model must have received afterwards.
struct ClientCase: Sendable, CustomTestStringConvertible {
    /// The case's name in the program (its argv).
    var name: String
    /// Extra lines for the configuration's `defaults:` section.
    var defaults: [String] = []
    /// Scripts the fake before the gateway starts.
    var script: @Sendable (FakeProviderServer) -> Void = { _ in }
    /// Requests each model must have received; every model not listed, none.
    var upstream: [String: Int] = [:]

    var testDescription: String { name }
}

extension ClientCase {
    /// Both chat members behave as `behaviors`, then answer normally.
    static func bothChatMembers(_ behaviors: [FakeBehavior]) -> @Sendable (FakeProviderServer) -> Void {
        { fake in
            fake.script(model: "chat-a", behaviors)
            fake.script(model: "chat-b", behaviors)
        }
    }

    /// A reply of five two-letter chunks, `ab` `cd` … , so a test knows the text sent before a fault.
    static func lettered(_ behavior: FakeBehavior) -> FakeBehavior {
        behavior.withText("abcdefghij").withChunks(5)
    }

    /// The tool call `sdk_suite.py` expects (its WEATHER_CALL) when it offers its weather tool.
    static let weatherCall = FakeToolCall(
        name: "get_weather", arguments: #"{"city":"Paris","unit":"celsius"}"#, id: "call_weather_1")

    /// The cases of `Clients/sdk_suite.py`, in its order (`sdk_suite.py --list`).
    static let python: [ClientCase] = [
        ClientCase(name: "chat", upstream: ["chat-a": 1]),
        ClientCase(name: "routing_headers", upstream: ["chat-a": 1]),
        ClientCase(name: "stream_plain", upstream: ["chat-a": 1]),
        ClientCase(name: "stream_usage", upstream: ["chat-a": 1]),
        ClientCase(
            name: "stream_tool_call",
            script: { $0.setDefault(model: "chat-a", behavior: .ok(chunks: 6, toolCall: weatherCall)) },
            upstream: ["chat-a": 1]),
        ClientCase(
            name: "stream_error_mid_stream",
            script: {
                $0.script(
                    model: "chat-a", [lettered(.cut(afterChunks: 2)), lettered(.inBandError(afterChunks: 2))])
            },
            upstream: ["chat-a": 2]),
        ClientCase(
            name: "failover", script: { $0.script(model: "chat-a", [.status(503)]) },
            upstream: ["chat-a": 1, "chat-b": 1]),
        ClientCase(
            name: "stream_failover", script: { $0.script(model: "chat-a", [.cut(afterChunks: 0), .status(503)]) },
            upstream: ["chat-a": 2, "chat-b": 2]),
        ClientCase(name: "embeddings", upstream: ["embed-a": 3]),
        ClientCase(name: "speech", upstream: ["tts-a": 2]),
        ClientCase(name: "transcription", upstream: ["stt-a": 6]),
        ClientCase(name: "image", upstream: ["image-a": 2]),
        ClientCase(name: "models"),
        ClientCase(name: "unknown_pool"),
        ClientCase(
            name: "bad_request",
            script: {
                $0.script(
                    model: "chat-a",
                    [
                        .status(
                            400, code: "invalid_value",
                            message: "Invalid value for 'temperature': 9 is greater than the maximum of 2 "
                                + "(request made with key \(SDKGateway.upstreamKey)).")
                    ])
            },
            upstream: ["chat-a": 1]),
        ClientCase(name: "wrong_key"),
        ClientCase(name: "key_limited_to_another_pool", upstream: ["embed-a": 1]),
        ClientCase(
            name: "every_member_fails", script: bothChatMembers([.status(500)]), upstream: ["chat-a": 1, "chat-b": 1]),
        ClientCase(
            name: "rate_limited", script: bothChatMembers([.rateLimited(retryAfter: "120")]),
            upstream: ["chat-a": 1, "chat-b": 1]),
        ClientCase(
            name: "rate_limit_retried", script: bothChatMembers([.rateLimited(retryAfter: "1")]),
            upstream: ["chat-a": 2, "chat-b": 1]),
        ClientCase(
            name: "cooling_down", defaults: ["failure_threshold: 1", "cooldown: 2m"],
            script: bothChatMembers([.status(503)]), upstream: ["chat-a": 1, "chat-b": 1]),
    ]

    /// The cases of `Clients/stream_fetch.mjs`.
    static let node: [ClientCase] = [
        ClientCase(name: "stream", upstream: ["chat-a": 1]),
        ClientCase(
            name: "error_mid_stream", script: { $0.script(model: "chat-a", [lettered(.inBandError(afterChunks: 2))]) },
            upstream: ["chat-a": 1]),
    ]
}
