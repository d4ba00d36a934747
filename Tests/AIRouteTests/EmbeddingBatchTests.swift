import AIRoute
import AIRouteTesting
import Foundation
import Testing

/// `client.embeddings.create` with more inputs than a member takes in one request: split to the
/// member's limit (OpenAI 2,048, Gemini 100, or `max_batch_inputs`), joined in input order.
/// The fake server refuses oversized batches as the real APIs do.
@Suite(.timeLimit(.minutes(1)))
struct EmbeddingBatchTests {
    let inputs = (0..<5000).map { "line \($0)" }

    func catalog(_ members: [FakeCatalog.Member]) -> FakeCatalog {
        var catalog = FakeCatalog(members: members)
        catalog.operation = .embeddings
        return catalog
    }

    @Test func fiveThousandInputsGoToAnOpenAIMemberInThreeRequestsInOrder() async throws {
        try await withClient(catalog([.init(id: "m", capabilities: [.embeddings])])) { client, server in
            let response = try await client.embeddings.create(model: "pool", input: inputs)
            let sizes = server.requests(model: "m").map {
                try? JSONDecoder().decode(Body.self, from: Data($0.body)).input.count
            }
            #expect(sizes == [2048, 2048, 904])
            #expect(response.data.map(\.index) == Array(0..<5000))
            for index in [0, 2047, 2048, 4095, 4096, 4999] {
                let alone = try await client.embeddings.create(model: "pool", input: [inputs[index]])
                #expect(response.data[index].embedding == alone.data[0].embedding, "input \(index)")
            }
        }
    }

    @Test func usageIsTheSumOfTheRequests() async throws {
        try await withClient(catalog([.init(id: "m", capabilities: [.embeddings], maxBatchInputs: 2)])) { client, _ in
            let joined = try await client.embeddings.create(model: "pool", input: ["a b c d", "e", "f g", "h i j k l"])
            let first = try await client.embeddings.create(model: "pool", input: ["a b c d", "e"])
            let second = try await client.embeddings.create(model: "pool", input: ["f g", "h i j k l"])
            #expect(joined.usage.promptTokens == first.usage.promptTokens + second.usage.promptTokens)
            #expect(joined.vectors == first.vectors + second.vectors)
            #expect(joined.usage.totalTokens == joined.usage.promptTokens)
        }
    }

    @Test func tokenArraysAreSplitToo() async throws {
        try await withClient(catalog([.init(id: "m", capabilities: [.embeddings], maxBatchInputs: 2)])) {
            client, server in
            let response = try await client.embeddings.create(
                EmbeddingRequest(model: "pool", input: .tokenArrays([[1, 2], [3], [4, 5, 6]])))
            #expect(server.requestCount(model: "m") == 2)
            #expect(response.data.map(\.index) == [0, 1, 2])
            let last = try await client.embeddings.create(
                EmbeddingRequest(model: "pool", input: .tokenArrays([[4, 5, 6]])))
            #expect(response.data[2].embedding == last.data[0].embedding)
        }
    }

    @Test func aDeclaredLimitIsHonouredAndTheFakeRefusesOversizedBatches() async throws {
        try await withClient(catalog([.init(id: "m", capabilities: [.embeddings], maxBatchInputs: 1000)])) {
            client, server in
            let response = try await client.embeddings.create(model: "pool", input: inputs)
            #expect(server.requestCount(model: "m") == 5)
            #expect(response.data.count == 5000)
        }
        try await withClient(catalog([.init(id: "m", capabilities: [.embeddings], maxBatchInputs: 5000)])) {
            client, server in
            await #expect(throws: RouteError.self) { try await client.embeddings.create(model: "pool", input: inputs) }
            #expect(server.requestCount(model: "m") == 1)
        }
    }

    @Test func aGeminiMemberGetsBatchesOfOneHundred() async throws {
        try await withClient(catalog([.init(id: "m", capabilities: [.embeddings], type: .gemini)])) { client, server in
            let response = try await client.embeddings.create(model: "pool", input: Array(inputs[0..<250]))
            #expect(server.requests.map(\.path).allSatisfy { $0.hasSuffix(":batchEmbedContents") })
            #expect(server.requests.count == 3)
            #expect(response.data.map(\.index) == Array(0..<250))
            let last = try await client.embeddings.create(model: "pool", input: [inputs[249]])
            #expect(response.data[249].embedding == last.data[0].embedding)
        }
    }

    @Test func aBatchThatFailsStartsTheNextMemberOver() async throws {
        let members: [FakeCatalog.Member] = [
            .init(id: "a", capabilities: [.embeddings]), .init(id: "b", capabilities: [.embeddings]),
        ]
        try await withClient(catalog(members)) { client, server in
            server.script(model: "a", [.ok(), .status(503)])
            let response = try await client.embeddings.create(model: "pool", input: inputs)
            #expect(response.routing.member == "b")
            #expect(server.requestCount(model: "a") == 2)
            #expect(server.requestCount(model: "b") == 3)
            #expect(response.data.map(\.index) == Array(0..<5000))
        }
    }

    @Test func theContextWindowHoldsEachInputNotTheirSum() async throws {
        let member = FakeCatalog.Member(id: "m", capabilities: [.embeddings], contextWindow: 8191)
        try await withClient(catalog([member])) { client, _ in
            let response = try await client.embeddings.create(model: "pool", input: inputs)
            #expect(response.data.count == 5000)
            await #expect(throws: RouteError.self) {
                try await client.embeddings.create(model: "pool", input: [String(repeating: "word ", count: 9000)])
            }
        }
    }

    @Test func largestEstimatedTokensIsPerInput() {
        #expect(EmbeddingInput.tokens([1, 2, 3]).largestEstimatedTokens == 3)
        #expect(EmbeddingInput.strings(["abcd", "abcdefgh"]).largestEstimatedTokens == 2)
        #expect(EmbeddingInput.tokenArrays([[1], [1, 2, 3, 4]]).largestEstimatedTokens == 4)
    }

    private struct Body: Decodable {
        var input: [String]
    }
}
