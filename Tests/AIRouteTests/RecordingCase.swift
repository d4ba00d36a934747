import AIRoute
import AIRouteTesting
import Foundation
import Testing

/// One recorded provider answer from `Recordings/<provider>/<case>.case.json`: where it came
/// from, how to serve it (status, headers, body file) and what a user must get from it.
struct RecordingCase: Decodable, Sendable, CustomTestStringConvertible {
    /// What the user gets: for a success the first choice's content, for a failure its class and
    /// whether the router went on to the next member.
    struct Expectation: Decodable, Sendable {
        var text: String?
        var refusal: String?
        var toolCalls: [String]?
        var toolArguments: [String]?
        var finishReason: String?
        /// `[prompt, completion, total]` as the provider reported them.
        var usage: [Int]?
        /// The provider reported no usage: airoute's estimate, marked estimated.
        var usageEstimated: Bool?
        var choices: Int?
        var errorClass: String?
        var failover: Bool?
        var exitCode: Int32?
        var retryAfterSeconds: Double?

        var isFailure: Bool { errorClass != nil }
    }

    /// `repository@commit path` or a page address.
    var source: String
    /// The wire format and path it is served at: `openai`, `azure`, `anthropic` or `gemini`.
    var api: String
    /// The service or server that produced it (OpenAI, Groq, LiteLLM proxy…).
    var server: String
    var stream: Bool
    var status: Int
    var headers: [String: String]?
    var contentType: String?
    /// The body file, next to the manifest.
    var body: String
    var expect: Expectation
    var note: String?

    /// `provider/case`, set by the loader.
    var name = ""
    /// The body bytes, read by the loader.
    var bytes: [UInt8] = []

    enum CodingKeys: String, CodingKey {
        case source, api, server, stream, status, headers, contentType, body, expect, note
    }

    var testDescription: String { name }

    var providerType: ProviderType {
        switch api {
        case "azure": .azure
        case "anthropic": .anthropic
        case "gemini": .gemini
        default: .openai
        }
    }

    /// The fake server's answer: exactly the recorded bytes, status and headers.
    var behavior: FakeBehavior {
        .raw(
            status: status, bytes: bytes,
            contentType: contentType ?? (stream && status == 200 ? "text/event-stream" : "application/json"),
            headers: headers ?? [:])
    }

    /// Every case under `Recordings/`, sorted by name; adding a recording is adding its two files.
    static let all: [RecordingCase] = {
        guard let root = Bundle.module.url(forResource: "Recordings", withExtension: nil) else { return [] }
        let files =
            FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.lastPathComponent.hasSuffix(".case.json") } ?? []
        return files.compactMap { url -> RecordingCase? in
            guard let data = try? Data(contentsOf: url), var item = try? JSONDecoder().decode(Self.self, from: data),
                let body = try? Data(contentsOf: url.deletingLastPathComponent().appendingPathComponent(item.body))
            else { return nil }
            let provider = url.deletingLastPathComponent().lastPathComponent
            item.name = provider + "/" + url.lastPathComponent.replacingOccurrences(of: ".case.json", with: "")
            item.bytes = Array(body)
            return item
        }.sorted { $0.name < $1.name }
    }()

    /// How many manifests exist (a manifest that does not load is a test failure, not a skip).
    static let manifestCount: Int = {
        guard let root = Bundle.module.url(forResource: "Recordings", withExtension: nil) else { return 0 }
        return FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.lastPathComponent.hasSuffix(".case.json") }.count ?? 0
    }()

    /// A configuration with the recorded member (served by `server` at its provider's real path)
    /// and, when `withBackup`, a healthy OpenAI member after it.
    func configuration(_ server: FakeProviderServer, withBackup: Bool) -> Configuration {
        let settings = RoutingSettings(
            timeout: .seconds(30), firstTokenTimeout: .seconds(20), idleTimeout: .seconds(20), maxAttempts: 2)
        let wire: FakeWireFormat =
            switch providerType {
            case .anthropic: .anthropic
            case .gemini: .gemini
            case .azure: .azure
            default: .openAI
            }
        var providers = [
            ProviderConfiguration(
                name: "recorded", type: providerType, baseURL: server.baseURL(for: wire),
                apiKey: Secret("sk-recorded-key"), apiVersion: providerType == .azure ? "2024-10-21" : nil)
        ]
        var models = [ModelConfiguration(id: "recorded", provider: "recorded", capabilities: [.chat, .streaming])]
        var members = [PoolMember(model: "recorded", priority: 1)]
        if withBackup {
            providers.append(
                ProviderConfiguration(
                    name: "backup", type: .openai, baseURL: server.openAIBaseURL, apiKey: Secret("sk-backup-key")))
            models.append(ModelConfiguration(id: "backup", provider: "backup", capabilities: [.chat, .streaming]))
            members.append(PoolMember(model: "backup", priority: 2))
        }
        return Configuration(
            defaults: settings, providers: providers, models: models,
            pools: [PoolConfiguration(name: "pool", operation: .chat, members: members, settings: settings)])
    }
}
