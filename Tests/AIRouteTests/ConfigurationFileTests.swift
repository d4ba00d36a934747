import Foundation
import Testing

@testable import AIRoute

/// Reading configuration files: the search path and the example files (AIRoute does the file
/// I/O; AIRouter parses the text).
struct ConfigurationFileTests {
    /// The repository's `examples/` directory.
    static var examplesDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples")
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("airoute-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func offlineExampleLoads() throws {
        let path = Self.examplesDirectory.appendingPathComponent("offline.yaml").path
        let configuration = try Configuration.load(path: path, environment: [:])
        #expect(configuration.warnings.isEmpty)
        #expect(configuration.source == path)
        for name in Configuration.standardPoolNames {
            #expect(configuration.pools[name]?.members.isEmpty == false, "pool \(name)")
        }
        #expect(configuration.providers.values.allSatisfy { $0.type == .mock })
        let text = try #require(configuration.pools["text-generation"])
        let first = try #require(configuration.models[text.members[0].model])
        #expect(configuration.providers[first.provider]?.mockFailure == .status(503))
        let second = try #require(configuration.models[text.members[1].model])
        #expect(configuration.providers[second.provider]?.mockFailure == nil)
        let embed = try #require(configuration.pools["embeddings"]?.members.first)
        #expect(configuration.models[embed.model]?.dimensions == [8])
        #expect(configuration.models[embed.model]?.embeddingSpace == "mock-8")
        #expect(configuration.models["mock-stt"]?.maxFileBytes == 25_000_000)
        #expect(configuration.providers["mock"]?.mockLatency == .milliseconds(20))
    }

    @Test func providersExampleLoadsWithAndWithoutKeys() throws {
        let path = Self.examplesDirectory.appendingPathComponent("providers.yaml").path
        let all = [
            "OPENAI_API_KEY": "a", "ANTHROPIC_API_KEY": "b", "GEMINI_API_KEY": "c", "GROQ_API_KEY": "d",
        ]
        let configuration = try Configuration.load(path: path, environment: all)
        #expect(configuration.warnings.isEmpty)
        #expect(configuration.providers.count == 5)
        #expect(configuration.providers["ollama"]?.effectiveBaseURL == "http://localhost:11434/v1")
        for name in Configuration.standardPoolNames {
            #expect(configuration.pools[name]?.members.isEmpty == false, "pool \(name)")
        }
        #expect(configuration.pools["text-generation"]?.members.last == PoolMember(model: "local-llama", priority: 10))
        #expect(
            configuration.pools["vision-chat"]?.members.map(\.model) == ["gpt-4o-mini", "claude-haiku", "gemini-flash"])
        #expect(configuration.models["whisper-1"]?.maxFileBytes == 26_214_400)

        let onlyGroq = try Configuration.load(path: path, environment: ["GROQ_API_KEY": "d"])
        let disabled = onlyGroq.providers.values.filter { $0.disabledReason != nil }.map(\.name).sorted()
        #expect(disabled == ["anthropic", "gemini", "openai"])
        #expect(onlyGroq.warnings.count == 3)
    }

    @Test func searchPathOrder() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let xdg = directory.appendingPathComponent("xdg")
        let home = directory.appendingPathComponent("home")
        let xdgFile = xdg.appendingPathComponent("airoute/config.yaml")
        let homeFile = home.appendingPathComponent(".config/airoute/config.yaml")
        var environment = ["HOME": home.path, "XDG_CONFIG_HOME": xdg.path]

        // Nothing exists: built-in.
        #expect(Configuration.searchPath(explicit: nil, environment: environment) == nil)
        try FileManager.default.createDirectory(
            at: homeFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "version: 1\n".write(to: homeFile, atomically: true, encoding: .utf8)
        // XDG_CONFIG_HOME is set, so ~/.config is not consulted.
        #expect(Configuration.searchPath(explicit: nil, environment: environment) == nil)
        #expect(Configuration.searchPath(explicit: nil, environment: ["HOME": home.path]) == homeFile.path)
        try FileManager.default.createDirectory(
            at: xdgFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "version: 1\n".write(to: xdgFile, atomically: true, encoding: .utf8)
        #expect(Configuration.searchPath(explicit: nil, environment: environment) == xdgFile.path)
        environment["AIROUTE_CONFIG"] = "/nonexistent/env.yaml"
        #expect(Configuration.searchPath(explicit: nil, environment: environment) == "/nonexistent/env.yaml")
        #expect(
            Configuration.searchPath(explicit: "/nonexistent/flag.yaml", environment: environment)
                == "/nonexistent/flag.yaml")
    }

    @Test func loadFollowsTheSearchPath() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ["HOME": directory.path, "OPENAI_API_KEY": "sk-x"]
        // No file anywhere: the built-in default.
        #expect(try Configuration.load(environment: environment).source == "<built-in>")

        let file = directory.appendingPathComponent(".config/airoute/config.yaml")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "version: 1\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try Configuration.load(environment: environment).source == file.path)

        // A missing explicit file or $AIROUTE_CONFIG is an error, not a fallback.
        let missing = directory.appendingPathComponent("missing.yaml").path
        let explicitError = #expect(throws: ConfigurationError.self) {
            try Configuration.load(path: missing, environment: environment)
        }
        #expect(explicitError?.description == "\(missing): error: configuration file not found")
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(environment: environment.merging(["AIROUTE_CONFIG": missing]) { $1 })
        }
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(path: directory.path, environment: environment)
        }
    }
}
