import Foundation
import Testing

@testable import AIRoute

/// The one configuration for JSON read back byte for byte (translated bodies, tool-call arguments,
/// `--json` output): sorted keys, slashes as written.
struct StableJSONTests {
    static let value: JSONValue = ["b": ["z": 1, "y": "a/b"], "a": [2.5, nil, true]]

    @Test func compactTextSortsKeysAndKeepsSlashes() throws {
        let text = String(decoding: try StableJSONEncoder.compact.encode(Self.value), as: UTF8.self)
        #expect(text == #"{"a":[2.5,null,true],"b":{"y":"a/b","z":1}}"#)
        #expect(Self.value.jsonText == text)
    }

    @Test func prettyTextSortsKeysAndKeepsSlashes() throws {
        let text = String(
            decoding: try StableJSONEncoder.pretty.encode(["k/2": "a/b", "k1": "c"] as JSONValue), as: UTF8.self)
        #expect(text == "{\n  \"k/2\" : \"a/b\",\n  \"k1\" : \"c\"\n}")
    }

    @Test func aValueThatCannotBeWrittenIsNull() {
        #expect(JSONValue.number(.nan).jsonText == "null")
    }

    @Test func anEncodableBecomesTheValueItEncodesTo() throws {
        let usage = Usage(promptTokens: 3, completionTokens: 4, promptTokensDetails: ["cached_tokens": 1])
        #expect(
            try JSONValue(encoding: usage)
                == [
                    "prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7,
                    "prompt_tokens_details": ["cached_tokens": 1],
                ])
    }

    @Test func objectElementsNeedEveryElementToBeAnObject() {
        #expect(JSONValue.array([["a": 1], [:]]).objectElements == [["a": 1], [:]])
        #expect(JSONValue.array([["a": 1], "text"]).objectElements == nil)
        #expect(JSONValue.object([:]).objectElements == nil)
        #expect(JSONValue.array([]).objectElements == [])
    }
}
