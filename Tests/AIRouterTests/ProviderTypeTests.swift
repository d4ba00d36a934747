import Foundation
import Testing

@testable import AIRouter

/// Provider types: the `type:` names of configuration files and their default base URLs.
struct ProviderTypeTests {
    static let names: [(ProviderType, String, String?)] = [
        (.openai, "openai", "https://api.openai.com/v1"), (.azure, "azure", nil),
        (.anthropic, "anthropic", "https://api.anthropic.com"),
        (.gemini, "gemini", "https://generativelanguage.googleapis.com/v1beta"), (.mock, "mock", nil),
    ]

    @Test func namesEncodingAndDefaultBaseURLs() throws {
        #expect(ProviderType.allCases == Self.names.map(\.0))
        for (type, name, baseURL) in Self.names {
            #expect(type.rawValue == name)
            #expect("\(type)" == name)
            #expect(ProviderType(rawValue: name) == type)
            #expect(type.defaultBaseURL == baseURL)
            let json = try JSONEncoder().encode([type])
            #expect(String(decoding: json, as: UTF8.self) == "[\"\(name)\"]")
            #expect(try JSONDecoder().decode([ProviderType].self, from: json) == [type])
        }
    }

    @Test func unknownNamesAreRefused() {
        #expect(ProviderType(rawValue: "OpenAI") == nil)
        #expect(ProviderType(rawValue: "bedrock") == nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([ProviderType].self, from: Data(#"["bedrock"]"#.utf8))
        }
    }
}
