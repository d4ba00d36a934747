import AIRouteTesting
import Foundation
import Testing

/// Runs the built `airoute` binary as a user would: arguments, environment, stdin; returns exit
/// status, stdout and stderr. The README's test command builds the binary first.
struct Airoute {
    static let binary: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/airoute").path
    }()

    static let repository: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }()

    struct Result {
        var status: Int32
        var out: String
        var err: String
        var outData: Data
    }

    /// A fresh temporary directory per test (state, configs, outputs).
    let home: String

    init() throws {
        home = NSTemporaryDirectory() + "airoute-bin-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    var stateDirectory: String { home + "/state/airoute" }
    var healthFile: String { stateDirectory + "/health.json" }

    /// Writes a configuration file and returns its path.
    func config(_ yaml: String, name: String = "config.yaml") throws -> String {
        let path = home + "/" + name
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The environment of a clean user: only PATH, HOME and XDG dirs inside `home`, plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = [
            "PATH": "/usr/bin:/bin", "HOME": home, "XDG_STATE_HOME": home + "/state",
            "XDG_CONFIG_HOME": home + "/config", "LANG": "C.UTF-8",
        ]
        env.merge(extra) { _, new in new }
        return env
    }

    /// Never blocks a cooperative thread: the fake server in the same process needs them.
    @discardableResult
    func run(
        _ arguments: [String], env: [String: String] = [:], stdin: Data? = nil, timeout: Duration = .seconds(30)
    )
        async throws -> Result
    {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the binary first: swift build")
        let child = try Spawned(Self.binary, arguments, environment: environment(env))
        child.send(stdin)
        let result = await child.finish(timeout: timeout)
        if result.timedOut { Issue.record("airoute \(arguments) did not finish within \(timeout)") }
        return Result(
            status: result.status, out: String(decoding: result.out, as: UTF8.self),
            err: String(decoding: result.err, as: UTF8.self), outData: result.out)
    }
}

/// A configuration of OpenAI-compatible members on a fake server.
func fakeConfig(
    _ server: FakeProviderServer, members: [String], keyVariable: String = "FAKE_KEY", extraDefaults: String = "",
    capabilities: String = "[chat, streaming, tools, embeddings, speech, transcription, image_generation]"
) -> String {
    var yaml = """
        version: 1
        defaults:
          timeout: 20s
          first_token_timeout: 10s   # generous: the whole suite runs at once on two cores
          failure_threshold: 1
          cooldown: 60s
        \(extraDefaults)
        providers:
          fake:
            type: openai
            base_url: \(server.openAIBaseURL)
            api_key: ${\(keyVariable)}
        models:

        """
    for member in members {
        yaml += "  \(member):\n    provider: fake\n    capabilities: \(capabilities)\n"
    }
    yaml += "pools:\n  text-generation:\n    operation: chat\n    members: [\(members.joined(separator: ", "))]\n"
    return yaml
}
