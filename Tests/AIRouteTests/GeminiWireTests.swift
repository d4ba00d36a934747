import Foundation
import HTTPTypes
import Testing

@testable import AIRoute

struct GeminiWireTests {
    let wire = GeminiWire()
    static let key = "AIzaSyD-test-key-0123456789"
    let member = WireTestSupport.member(.gemini, model: "gemini-2.0-flash", key: GeminiWireTests.key)

    // MARK: Request

    @Test func chatURLsAndHeadersNeverCarryTheKey() throws {
        let request = ChatCompletionRequest(model: "pool", messages: [.user("Hi")])
        let plain = try wire.chatRequest(request, member: member, stream: false)
        #expect(plain.url == "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent")
        #expect(!plain.streaming)
        let streamed = try wire.chatRequest(request, member: member, stream: true)
        #expect(
            streamed.url
                == "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse"
        )
        #expect(streamed.streaming)
        let embed = try wire.embeddingsRequest(.init(model: "e", input: "x"), member: member)
        let batch = try wire.embeddingsRequest(.init(model: "e", input: ["x", "y"]), member: member)
        let models = try wire.modelsRequest(provider: member.provider)
        for wireRequest in [plain, streamed, embed, batch, models] {
            #expect(!wireRequest.url.contains(Self.key))
            #expect(!wireRequest.url.contains("key="))
            #expect(WireTestSupport.header(wireRequest, "x-goog-api-key") == Self.key)
            #expect(WireTestSupport.header(wireRequest, "authorization") == nil)
        }
        #expect(WireTestSupport.header(plain, "content-type") == "application/json")
    }

    @Test func modelIDsArePercentEncoded() throws {
        let odd = WireTestSupport.member(.gemini, model: "tuned:model/../x?key=1#f", key: "k")
        let url = try wire.chatRequest(.init(model: "p", messages: [.user("x")]), member: odd, stream: false).url
        #expect(
            url
                == "https://generativelanguage.googleapis.com/v1beta/models/tuned%3Amodel%2F..%2Fx%3Fkey%3D1%23f:generateContent"
        )
        let prefixed = WireTestSupport.member(.gemini, model: "models/gemini-1.5-pro", key: "k")
        #expect(
            try wire.chatRequest(.init(model: "p", messages: [.user("x")]), member: prefixed, stream: false).url
                == "https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-pro:generateContent")
    }

    @Test func systemInstructionContentsAndGenerationConfig() throws {
        var request = ChatCompletionRequest(
            model: "pool",
            messages: [.system("Be brief."), .user("Hi"), .assistant("Hello!"), .developer("No emoji."), .user("Bye")],
            temperature: 1.5, topP: 0.9, maxTokens: 300, n: 2, stop: "END", seed: 7)
        request.extra = ["top_k": 40, "reasoning_effort": "low"]
        let body = try WireTestSupport.json(wire.chatRequest(request, member: member, stream: false))
        #expect(body["systemInstruction"] == ["parts": [["text": "Be brief.\n\nNo emoji."]]])
        #expect(
            body["contents"]
                == [
                    ["role": "user", "parts": [["text": "Hi"]]],
                    ["role": "model", "parts": [["text": "Hello!"]]],
                    ["role": "user", "parts": [["text": "Bye"]]],
                ])
        #expect(
            body["generationConfig"]
                == [
                    "temperature": 1.5, "topP": 0.9, "maxOutputTokens": 300, "stopSequences": ["END"],
                    "candidateCount": 2, "seed": 7, "topK": 40,
                ])
        #expect(body["reasoning_effort"] == nil)
        #expect(body["tools"] == nil)
        #expect(body["toolConfig"] == nil)
    }

    @Test func consecutiveRolesAreMerged() throws {
        let body = try WireTestSupport.json(
            wire.chatRequest(.init(model: "p", messages: [.user("a"), .user("b")]), member: member, stream: false))
        #expect(body["contents"] == [["role": "user", "parts": [["text": "a"], ["text": "b"]]]])
        #expect(body["generationConfig"] == nil)
    }

    @Test func imageParts() throws {
        let message = ChatMessage(
            role: .user,
            content: .parts([
                .text("Compare"), .imageURL("data:image/jpeg;base64,/9j/4AAQSkZJRg=="),
                .imageURL("https://example.com/a/fox.png?size=large"),
            ]))
        let body = try WireTestSupport.json(
            wire.chatRequest(.init(model: "p", messages: [message]), member: member, stream: false))
        #expect(
            body["contents"]
                == [
                    [
                        "role": "user",
                        "parts": [
                            ["text": "Compare"],
                            ["inlineData": ["mimeType": "image/jpeg", "data": "/9j/4AAQSkZJRg=="]],
                            [
                                "fileData": [
                                    "mimeType": "image/png", "fileUri": "https://example.com/a/fox.png?size=large",
                                ]
                            ],
                        ],
                    ]
                ])
    }

    @Test func toolsToolChoiceAndSchemaSanitizing() throws {
        let weather = Tool(
            function: .init(
                name: "get_weather", description: "Weather",
                parameters: [
                    "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                    "additionalProperties": false,
                    "properties": [
                        "city": ["type": "string", "format": "uri", "description": "City"],
                        "unit": ["type": ["string", "null"], "enum": ["c", "f"]],
                        "days": ["type": "array", "items": ["type": "integer", "additionalProperties": false]],
                        "kind": ["const": "forecast"],
                    ],
                    "required": ["city"],
                ], strict: true))
        let noArgs = Tool(function: .init(name: "now", parameters: ["type": "object", "properties": [:]]))
        var request = ChatCompletionRequest(model: "p", messages: [.user("x")], tools: [weather, noArgs])
        var body = try WireTestSupport.json(wire.chatRequest(request, member: member, stream: false))
        #expect(
            body["tools"]
                == [
                    [
                        "functionDeclarations": [
                            [
                                "name": "get_weather", "description": "Weather",
                                "parameters": [
                                    "type": "object",
                                    "properties": [
                                        "city": ["type": "string", "description": "City"],
                                        "unit": ["type": "string", "nullable": true, "enum": ["c", "f"]],
                                        "days": ["type": "array", "items": ["type": "integer"]],
                                        "kind": ["enum": ["forecast"]],
                                    ],
                                    "required": ["city"],
                                ],
                            ],
                            ["name": "now"],
                        ]
                    ]
                ])
        let expectations: [(ToolChoice, JSONValue)] = [
            (.auto, ["functionCallingConfig": ["mode": "AUTO"]]),
            (.none, ["functionCallingConfig": ["mode": "NONE"]]),
            (.required, ["functionCallingConfig": ["mode": "ANY"]]),
            (.function(name: "now"), ["functionCallingConfig": ["mode": "ANY", "allowedFunctionNames": ["now"]]]),
        ]
        for (choice, expected) in expectations {
            request.toolChoice = choice
            body = try WireTestSupport.json(wire.chatRequest(request, member: member, stream: false))
            #expect(body["toolConfig"] == expected)
        }
    }

    @Test func jsonResponseFormats() throws {
        var request = ChatCompletionRequest(model: "p", messages: [.user("x")], responseFormat: .jsonObject)
        var body = try WireTestSupport.json(wire.chatRequest(request, member: member, stream: false))
        #expect(body["generationConfig"] == ["responseMimeType": "application/json"])
        request.responseFormat = .jsonSchema(
            .init(
                name: "city",
                schema: ["type": "object", "properties": ["name": ["type": "string"]], "additionalProperties": false],
                strict: true))
        body = try WireTestSupport.json(wire.chatRequest(request, member: member, stream: false))
        #expect(
            body["generationConfig"]
                == [
                    "responseMimeType": "application/json",
                    "responseSchema": ["type": "object", "properties": ["name": ["type": "string"]]],
                ])
    }

    @Test func responseSchemaReferencesAreInlinedAndAnEmptyObjectIsJSONMode() throws {
        let schema: JSONValue = [
            "type": "object",
            "properties": [
                "home": ["$ref": "#/$defs/city", "description": "Where they live"],
                "visited": ["type": "array", "items": ["$ref": "#/definitions/city"]],
                "next": ["$ref": "#/$defs/missing"],
            ],
            "required": ["home"],
            "$defs": [
                "city": ["type": "object", "properties": ["name": ["type": "string"]], "additionalProperties": false]
            ],
            "definitions": ["city": ["type": "object", "properties": ["name": ["type": "string"]]]],
        ]
        var request = ChatCompletionRequest(
            model: "p", messages: [.user("x")], responseFormat: .jsonSchema(.init(name: "person", schema: schema)))
        var body = try WireTestSupport.json(wire.chatRequest(request, member: member, stream: false))
        let city: JSONValue = ["type": "object", "properties": ["name": ["type": "string"]]]
        #expect(
            body["generationConfig"]
                == [
                    "responseMimeType": "application/json",
                    "responseSchema": [
                        "type": "object",
                        "properties": [
                            "home": [
                                "type": "object", "properties": ["name": ["type": "string"]],
                                "description": "Where they live",
                            ],
                            "visited": ["type": "array", "items": city],
                            "next": [:],
                        ],
                        "required": ["home"],
                    ],
                ])
        request.responseFormat = .jsonSchema(.init(name: "anything", schema: ["type": "object"]))
        body = try WireTestSupport.json(wire.chatRequest(request, member: member, stream: false))
        #expect(body["generationConfig"] == ["responseMimeType": "application/json"])
    }

    @Test func recursiveReferencesAreCutOff() {
        let schema: JSONValue = [
            "$ref": "#/$defs/node",
            "$defs": ["node": ["type": "object", "properties": ["child": ["$ref": "#/$defs/node"]]]],
        ]
        var depth = 0
        var node = GeminiWire.inliningReferences(schema)
        while let child = node["properties"]?["child"] {
            depth += 1
            node = child
        }
        #expect(depth == GeminiWire.maxReferenceDepth)
        #expect(node == [:])
    }

    @Test func functionCallAndResponseRoundTrip() throws {
        let messages: [ChatMessage] = [
            .user("Weather in Paris?"),
            .assistant(toolCalls: [
                ToolCall(id: "call_0", function: .init(name: "get_weather", arguments: #"{"city":"Paris"}"#)),
                ToolCall(id: "call_1", function: .init(name: "get_time", arguments: "")),
            ]),
            .tool(id: "call_0", content: #"{"temp":18}"#),
            .tool(id: "call_1", content: "12:00"),
            .user("Thanks"),
        ]
        let body = try WireTestSupport.json(
            wire.chatRequest(.init(model: "p", messages: messages), member: member, stream: false))
        #expect(
            body["contents"]
                == [
                    ["role": "user", "parts": [["text": "Weather in Paris?"]]],
                    [
                        "role": "model",
                        "parts": [
                            [
                                "functionCall": ["name": "get_weather", "args": ["city": "Paris"]],
                                "thoughtSignature": "skip_thought_signature_validator",
                            ],
                            ["functionCall": ["name": "get_time", "args": [:]]],
                        ],
                    ],
                    [
                        "role": "user",
                        "parts": [
                            ["functionResponse": ["name": "get_weather", "response": ["content": ["temp": 18]]]],
                            ["functionResponse": ["name": "get_time", "response": ["content": "12:00"]]],
                            ["text": "Thanks"],
                        ],
                    ],
                ])
    }

    @Test func toolResultWithoutItsCallIsRejected() throws {
        let error = #expect(throws: UpstreamFailure.self) {
            try wire.chatRequest(
                .init(model: "p", messages: [.user("x"), .tool(id: "nope", content: "1")]), member: member,
                stream: false)
        }
        #expect(error?.errorClass == .invalidRequest)
    }

    // MARK: Response

    static let textResponse = #"""
        {
          "candidates": [
            {
              "content": {"parts": [{"text": "Hello"}, {"text": ", world."}], "role": "model"},
              "finishReason": "STOP",
              "avgLogprobs": -0.0123,
              "index": 0
            }
          ],
          "usageMetadata": {
            "promptTokenCount": 8, "candidatesTokenCount": 4, "totalTokenCount": 22, "thoughtsTokenCount": 10,
            "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 8}]
          },
          "modelVersion": "gemini-2.0-flash",
          "responseId": "Gy1MaJGYLoHCjMcP3Y-H8A0"
        }
        """#

    static let functionCallResponse = #"""
        {
          "candidates": [
            {
              "content": {
                "parts": [
                  {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}, "thoughtSignature": "CiIBVKhc7o"},
                  {"functionCall": {"name": "get_time", "args": {}}}
                ],
                "role": "model"
              },
              "finishReason": "STOP",
              "index": 0
            }
          ],
          "usageMetadata": {"promptTokenCount": 50, "candidatesTokenCount": 12, "totalTokenCount": 62},
          "modelVersion": "gemini-2.5-flash"
        }
        """#

    @Test func textResponseTranslation() throws {
        let response = try wire.chatResponse(Data(Self.textResponse.utf8), member: member)
        #expect(response.id == "Gy1MaJGYLoHCjMcP3Y-H8A0")
        #expect(response.model == "gemini-2.0-flash")
        #expect(response.text == "Hello, world.")
        #expect(response.finishReason == .stop)
        #expect(response.usage.promptTokens == 8)
        #expect(response.usage.completionTokens == 14)
        #expect(response.usage.totalTokens == 22)
        #expect(response.usage.completionTokensDetails == ["reasoning_tokens": 10])
    }

    @Test func functionCallResponseTranslation() throws {
        let response = try wire.chatResponse(Data(Self.functionCallResponse.utf8), member: member)
        #expect(response.finishReason == .toolCalls)
        #expect(response.message?.content == nil)
        #expect(
            response.toolCalls == [
                ToolCall(id: "call_0", function: .init(name: "get_weather", arguments: #"{"city":"Paris"}"#)),
                ToolCall(id: "call_1", function: .init(name: "get_time", arguments: "{}")),
            ])
        #expect(response.usage == Usage(promptTokens: 50, completionTokens: 12, totalTokens: 62))
    }

    @Test(arguments: [
        ("STOP", FinishReason.stop), ("MAX_TOKENS", .length), ("SAFETY", .contentFilter),
        ("RECITATION", .contentFilter), ("BLOCKLIST", .contentFilter), ("PROHIBITED_CONTENT", .contentFilter),
        ("MALFORMED_FUNCTION_CALL", FinishReason(rawValue: "malformed_function_call")),
    ])
    func finishReasons(reason: String, expected: FinishReason) throws {
        let body = #"{"candidates":[{"content":{"parts":[{"text":"x"}],"role":"model"},"finishReason":"\#(reason)"}]}"#
        #expect(try wire.chatResponse(Data(body.utf8), member: member).finishReason == expected)
    }

    @Test func blockedPromptIsAContentFilterFailure() throws {
        let body =
            #"{"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[]},"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9}}"#
        let error = #expect(throws: UpstreamFailure.self) { try wire.chatResponse(Data(body.utf8), member: member) }
        #expect(error?.errorClass == .contentFilter)
        #expect(error?.code == "SAFETY")
    }

    // MARK: Streaming

    static let stream =
        "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"The \"}],\"role\": \"model\"},\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 9,\"totalTokenCount\": 9},\"modelVersion\": \"gemini-2.0-flash\",\"responseId\": \"r1\"}\r\n\r\n"
        + "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"sky is blue.\"}],\"role\": \"model\"},\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 9,\"candidatesTokenCount\": 4,\"totalTokenCount\": 13},\"modelVersion\": \"gemini-2.0-flash\",\"responseId\": \"r1\"}\r\n\r\n"
        + "data: {\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": {\"name\": \"get_weather\",\"args\": {\"city\": \"Paris\"}}}],\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 9,\"candidatesTokenCount\": 10,\"totalTokenCount\": 19},\"modelVersion\": \"gemini-2.0-flash\",\"responseId\": \"r1\"}\r\n\r\n"

    @Test func streamTranslation() throws {
        let result = try WireTestSupport.run(
            wire.streamTranslator(member: member), try WireTestSupport.events(Self.stream))
        #expect(!result.finished)  // Gemini has no terminal event…
        #expect(result.complete)  // …but a finish reason arrived
        #expect(result.chunks.count == 3)
        #expect(result.chunks[0].choices[0].delta.role == .assistant)
        #expect(result.chunks[1].choices[0].delta.role == nil)
        #expect(result.chunks.allSatisfy { $0.id == "r1" && $0.model == "gemini-2.0-flash" })
        #expect(result.chunks[0].usage == nil)
        let accumulator = WireTestSupport.accumulate(result.chunks)
        #expect(accumulator.text == "The sky is blue.")
        #expect(
            accumulator.toolCalls.map(\.toolCall) == [
                ToolCall(id: "call_r1_0", function: .init(name: "get_weather", arguments: #"{"city":"Paris"}"#))
            ])
        #expect(accumulator.finishReason == .toolCalls)
        #expect(accumulator.usage == Usage(promptTokens: 9, completionTokens: 10, totalTokens: 19))
    }

    @Test func streamCutBeforeTheFinishReasonIsIncomplete() throws {
        let cut = Self.stream.components(separatedBy: "\r\n\r\n").prefix(2).joined(separator: "\r\n\r\n") + "\r\n\r\n"
        let result = try WireTestSupport.run(wire.streamTranslator(member: member), try WireTestSupport.events(cut))
        #expect(WireTestSupport.accumulate(result.chunks).text == "The sky is blue.")
        #expect(!result.complete)
        let empty = try WireTestSupport.run(wire.streamTranslator(member: member), [])
        #expect(!empty.complete)
    }

    @Test(arguments: [
        (503, "UNAVAILABLE", ErrorClass.transient), (429, "RESOURCE_EXHAUSTED", .rateLimited),
        (500, "INTERNAL", .transient), (400, "INVALID_ARGUMENT", .invalidRequest),
    ])
    func inBandStreamError(code: Int, status: String, expected: ErrorClass) throws {
        let stream =
            "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hi\"}],\"role\": \"model\"},\"index\": 0}]}\r\n\r\n"
            + "data: {\"error\": {\"code\": \(code),\"message\": \"The model is overloaded.\",\"status\": \"\(status)\"}}\r\n\r\n"
        let error = #expect(throws: UpstreamFailure.self) {
            try WireTestSupport.run(wire.streamTranslator(member: member), try WireTestSupport.events(stream))
        }
        #expect(error?.errorClass == expected)
    }

    @Test func malformedStreamEventIsTransient() throws {
        let stream = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \r\n\r\n"
        let error = #expect(throws: UpstreamFailure.self) {
            try WireTestSupport.run(wire.streamTranslator(member: member), try WireTestSupport.events(stream))
        }
        #expect(error?.errorClass == .transient)
    }

    @Test func blockedPromptInAStream() throws {
        let stream =
            "data: {\"promptFeedback\": {\"blockReason\": \"PROHIBITED_CONTENT\"},\"usageMetadata\": {\"promptTokenCount\": 4}}\r\n\r\n"
        let error = #expect(throws: UpstreamFailure.self) {
            try WireTestSupport.run(wire.streamTranslator(member: member), try WireTestSupport.events(stream))
        }
        #expect(error?.errorClass == .contentFilter)
    }

    // MARK: Embeddings

    @Test func singleEmbedding() throws {
        let request = EmbeddingRequest(model: "e", input: "a red fox", dimensions: 256)
        let embed = WireTestSupport.member(.gemini, model: "text-embedding-004", key: Self.key)
        let wireRequest = try wire.embeddingsRequest(request, member: embed)
        #expect(
            wireRequest.url == "https://generativelanguage.googleapis.com/v1beta/models/text-embedding-004:embedContent"
        )
        #expect(
            try WireTestSupport.json(wireRequest)
                == ["content": ["parts": [["text": "a red fox"]]], "outputDimensionality": 256])
        let response = try wire.embeddingsResponse(
            Data(#"{"embedding":{"values":[0.013168523,-0.008711934,-0.046782676]}}"#.utf8), request: request,
            member: embed)
        #expect(response.object == "list")
        #expect(response.model == "text-embedding-004")
        #expect(response.data == [.init(index: 0, embedding: [0.013168523, -0.008711934, -0.046782676])])
        #expect(response.usage == .init(isEstimated: true))  // Gemini reports none: the client estimates it
    }

    @Test func batchEmbeddings() throws {
        let request = EmbeddingRequest(model: "e", input: ["a", "b"])
        let embed = WireTestSupport.member(.gemini, model: "text-embedding-004", key: Self.key)
        let wireRequest = try wire.embeddingsRequest(request, member: embed)
        #expect(
            wireRequest.url
                == "https://generativelanguage.googleapis.com/v1beta/models/text-embedding-004:batchEmbedContents")
        #expect(
            try WireTestSupport.json(wireRequest)
                == [
                    "requests": [
                        ["model": "models/text-embedding-004", "content": ["parts": [["text": "a"]]]],
                        ["model": "models/text-embedding-004", "content": ["parts": [["text": "b"]]]],
                    ]
                ])
        let body = #"{"embeddings":[{"values":[0.1,0.2]},{"values":[0.3,0.4]}]}"#
        let response = try wire.embeddingsResponse(Data(body.utf8), request: request, member: embed)
        #expect(response.vectors == [[0.1, 0.2], [0.3, 0.4]])
        #expect(response.data.map(\.index) == [0, 1])

        let short = #"{"embeddings":[{"values":[0.1,0.2]}]}"#
        let error = #expect(throws: UpstreamFailure.self) {
            try wire.embeddingsResponse(Data(short.utf8), request: request, member: embed)
        }
        #expect(error?.errorClass == .transient)
    }

    @Test func tokenInputIsRejected() throws {
        let error = #expect(throws: UpstreamFailure.self) {
            try wire.embeddingsRequest(.init(model: "e", input: .tokens([1, 2, 3])), member: member)
        }
        #expect(error?.errorClass == .invalidRequest)
    }

    // MARK: Errors

    func failure(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> UpstreamFailure {
        wire.failure(
            status: status, headers: headers, body: Data(body.utf8), now: WireTestSupport.now, cap: .seconds(3600))
    }

    static func googleError(_ code: Int, _ status: String, _ message: String, details: String = "") -> String {
        #"{"error":{"code":\#(code),"message":"\#(message)","status":"\#(status)""#
            + (details.isEmpty ? "" : #","details":[\#(details)]"#) + "}}"
    }

    @Test func apiKeyInvalidIsAuth() {
        let body = Self.googleError(
            400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
            details:
                #"{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}}"#
        )
        let failure = failure(400, body)
        #expect(failure.errorClass == .auth)
        #expect(failure.status == 400)
        #expect(failure.retryAfter == nil)
    }

    @Test func rateLimitWithRetryDelay() {
        let body = Self.googleError(
            429, "RESOURCE_EXHAUSTED",
            "You exceeded your current quota, please check your plan and billing details. Please retry in 26.4s.",
            details:
                #"{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests","quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier","quotaDimensions":{"model":"gemini-2.0-flash","location":"global"},"quotaValue":"15"}]},{"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"Learn more","url":"https://ai.google.dev/gemini-api/docs/rate-limits"}]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"26s"}"#
        )
        let failure = failure(429, body)
        #expect(failure.errorClass == .rateLimited)
        #expect(failure.retryAfter == .seconds(26))
    }

    @Test func dailyQuotaIsQuota() {
        let body = Self.googleError(
            429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details.",
            details:
                #"{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"3600s"}"#
        )
        let failure = failure(429, body)
        #expect(failure.errorClass == .quota)
        #expect(failure.retryAfter == .seconds(3600))
    }

    @Test func otherErrorMappings() {
        let cases: [(Int, String, ErrorClass)] = [
            (401, Self.googleError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."), .auth),
            (403, Self.googleError(403, "PERMISSION_DENIED", "The caller does not have permission"), .auth),
            (404, Self.googleError(404, "NOT_FOUND", "models/gemini-9 is not found for API version v1beta"), .notFound),
            (
                429, Self.googleError(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."),
                .rateLimited
            ),
            (500, Self.googleError(500, "INTERNAL", "An internal error has occurred."), .transient),
            (503, Self.googleError(503, "UNAVAILABLE", "The model is overloaded. Please try again later."), .transient),
            (504, Self.googleError(504, "DEADLINE_EXCEEDED", "Deadline expired."), .transient),
            (400, Self.googleError(400, "INVALID_ARGUMENT", "Invalid JSON payload received."), .invalidRequest),
            (
                400,
                Self.googleError(
                    400, "INVALID_ARGUMENT",
                    "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."),
                .contextLength
            ),
            (
                400, Self.googleError(400, "FAILED_PRECONDITION", "User location is not supported for the API use."),
                .auth
            ),
            (402, Self.googleError(402, "FAILED_PRECONDITION", "Billing required."), .quota),
        ]
        for (status, body, expected) in cases {
            #expect(failure(status, body).errorClass == expected, "\(status) \(body)")
        }
    }

    @Test func retryAfterHeaderOnOverload() {
        let failure = failure(503, Self.googleError(503, "UNAVAILABLE", "overloaded"), headers: [("Retry-After", "7")])
        #expect(failure.errorClass == .transient)
        #expect(failure.retryAfter == .seconds(7))
    }

    @Test func errorMessagesAreRedacted() {
        let failure = failure(
            400, Self.googleError(400, "INVALID_ARGUMENT", "API key AIzaSyD-leaked-0123456789 not valid"))
        #expect(!failure.message.contains("leaked"))
    }

    // MARK: Other operations

    @Test func unsupportedOperations() throws {
        #expect(throws: UpstreamFailure.self) {
            try wire.speechRequest(.init(model: "s", input: "x", voice: "alloy"), member: member)
        }
        #expect(throws: UpstreamFailure.self) {
            try wire.imageRequest(.init(model: "i", prompt: "x"), member: member)
        }
    }

    @Test func modelsList() throws {
        let request = try wire.modelsRequest(provider: member.provider)
        #expect(request.method.rawValue == "GET")
        #expect(request.url.hasPrefix("https://generativelanguage.googleapis.com/v1beta/models"))
        let body =
            #"{"models":[{"name":"models/gemini-2.0-flash","version":"2.0","displayName":"Gemini 2.0 Flash"},{"name":"models/text-embedding-004"}],"nextPageToken":"abc"}"#
        #expect(try wire.modelsResponse(Data(body.utf8)) == ["gemini-2.0-flash", "text-embedding-004"])
    }
}
