import AIRoute
import AIRouteTesting
import Foundation
import Testing

@testable import AIRouteCLI

/// `airoute models`, `config init` and `config check`, run as a user would.
@Suite(.timeLimit(.minutes(2)))
struct ModelsAndConfigCommandTests {
    let airoute: Airoute
    let env = ["FAKE_KEY": "sk-test"]

    init() throws { airoute = try Airoute() }

    @Test func modelsFlagsAConfiguredModelTheProviderDoesNotListAndChangesNoHealth() async throws {
        try await FakeProviderServer.withServer { server in
            server.registerModels(["a", "extra-model"])
            let config = try airoute.config(fakeConfig(server, members: ["a", "b"]))
            let text = try await airoute.run(["-c", config, "models"], env: env)
            #expect(text.status == 0)
            let rows = text.out.split(separator: "\n")
            #expect(rows.first?.hasPrefix("fake  (openai, \(server.openAIBaseURL)): ") == true)
            #expect(rows.contains { $0.contains(" a ") && $0.hasSuffix("listed") })
            #expect(rows.contains { $0.contains(" b ") && $0.contains("NOT LISTED") })
            #expect(rows.contains { $0.trimmingCharacters(in: .whitespaces) == "extra-model" })
            #expect(text.err.contains("not in the provider's list: b (fake)"))

            let json = try await airoute.run(["-c", config, "--json", "models", "text-generation"], env: env)
            #expect(json.status == 0)
            let providers = try #require(try JSONSerialization.jsonObject(with: json.outData) as? [[String: Any]])
            let configured = try #require(providers.first?["configured"] as? [[String: Any]])
            #expect(configured.map { $0["listed"] as? Bool } == [true, false])
            #expect((providers.first?["offered"] as? [String])?.contains("extra-model") == true)

            // Only the free list endpoint was asked, and b still serves: no health changed.
            #expect(server.requestCount(model: "a") == 0 && server.requestCount(model: "b") == 0)
            let health = try await airoute.run(["-c", config, "--json", "health"], env: env)
            #expect(health.status == 0 && !health.out.contains("cooling_until"))
            server.script(model: "a", [.status(503)])
            let chat = try await airoute.run(["-c", config, "chat", "Hi"], env: env)
            #expect(chat.status == 0)
            #expect(server.requestCount(model: "b") == 1)
        }
    }

    @Test func modelsNamesAProviderOrRefusesAnUnknownName() async throws {
        try await FakeProviderServer.withServer { server in
            server.registerModels(["a"])
            let config = try airoute.config(fakeConfig(server, members: ["a"]))
            let provider = try await airoute.run(["-c", config, "models", "fake"], env: env)
            #expect(provider.status == 0 && provider.out.contains("listed"))
            let unknown = try await airoute.run(["-c", config, "models", "text-generaton"], env: env)
            #expect(unknown.status == 64)
            #expect(isOneLine(unknown.err, containing: "did you mean 'text-generation'?"))
        }
    }

    @Test func modelsExits69WhenNoProviderAnswersWithAList() async throws {
        try await FakeProviderServer.withServer { server in
            let yaml = fakeConfig(server, members: ["a"])
                .replacingOccurrences(of: server.openAIBaseURL, with: server.openAIBaseURL + "/elsewhere")
            let config = try airoute.config(yaml)
            let result = try await airoute.run(["-c", config, "models"], env: env)
            #expect(result.status == 69)
            #expect(result.out.contains("no model list, HTTP 404"))
            #expect(result.err.contains("no provider answered with a model list"))
        }
    }

    @Test func configInitWritesAFileThatCheckAcceptsAndHoldsNoKey() async throws {
        let keys = ["OPENAI_API_KEY": "sk-proj-secret-value-123", "ANTHROPIC_API_KEY": "sk-ant-secret-456"]
        let result = try await airoute.run(["config", "init"], env: keys)
        #expect(result.status == 0)
        let path = airoute.home + "/config/airoute/config.yaml"
        #expect(result.out == path + "\n")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("secret"))
        #expect(text.contains("api_key: \"${OPENAI_API_KEY}\"") && text.contains("api_key: \"${ANTHROPIC_API_KEY}\""))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let check = try await airoute.run(["config", "check"], env: keys)
        #expect(check.status == 0)
        #expect(check.out.contains("text-generation") && check.out.contains("claude"))
        #expect(check.err.contains("\(path): valid (2 providers"))
        // Without the keys the file still loads: the providers are disabled with a warning.
        let unset = try await airoute.run(["config", "check", path])
        #expect(unset.status == 0)
        #expect(unset.err.contains("OPENAI_API_KEY"))
    }

    @Test func configInitNeverOverwritesAFileOrFollowsALink() async throws {
        let existing = try airoute.config("version: 1\n# mine\n", name: "mine.yaml")
        let again = try await airoute.run(["-c", existing, "config", "init"], env: ["OPENAI_API_KEY": "sk-x"])
        #expect(again.status == 73)
        #expect(isOneLine(again.err, containing: "already exists; not overwritten"))
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "version: 1\n# mine\n")

        let link = airoute.home + "/dangling.yaml"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: airoute.home + "/nowhere.yaml")
        let linked = try await airoute.run(["-c", link, "config", "init"], env: ["OPENAI_API_KEY": "sk-x"])
        #expect(linked.status == 73)
        #expect(!FileManager.default.fileExists(atPath: airoute.home + "/nowhere.yaml"))
    }

    @Test func configInitAddsALocalServerThatAnswersWithItsModels() async throws {
        try await FakeProviderServer.withServer { server in
            server.registerModels(["llama3.2:latest", "nomic-embed-text:latest"])
            let dir = try MediaTempDir()
            defer { dir.remove() }
            let (io, captured) = IO.capture(stdin: Data(), stdinIsTerminal: false, terminal: false)
            let path = dir.file("config.yaml")
            var global = GlobalOptions()
            global.config = path
            let environment = ["HOME": dir.path]
            var command = ConfigInitCommand(
                global: global, environment: environment, console: Console(io: io, global: global, environment: [:]))
            command.probeTimeout = .seconds(20)  // the whole suite shares two cores
            command.localServers = [
                .init(name: "ollama", label: "Ollama", baseURL: server.openAIBaseURL),
                .init(name: "vllm", label: "vLLM", baseURL: server.openAIBaseURL + "/elsewhere"),
            ]
            #expect(await command.run() == .ok)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains("  ollama:  # Ollama answered on \(server.openAIBaseURL) with 2 models"))
            #expect(text.contains("\"llama3.2:latest\":"))
            #expect(!text.contains("vllm"))
            #expect(captured.err.contains("ollama (Ollama answered"))
            let check = await AIRouteCLI.run(arguments: ["config", "check", path], environment: environment, io: io)
            #expect(check == 0)
            #expect(captured.out.contains("llama3.2:latest") && captured.out.contains("nomic-embed-text:latest"))
        }
    }

    @Test func configCheckReportsEveryErrorAndAMissingFile() async throws {
        let bad = try airoute.config("version: 1\nmodels:\n  x: {provider: nowhere, capabilities: [chat]}\n")
        let result = try await airoute.run(["config", "check", bad])
        #expect(result.status == 78)
        #expect(result.err.contains("nowhere"))
        let missing = try await airoute.run(["config", "check", airoute.home + "/absent.yaml"])
        #expect(missing.status == 66)
        #expect(isOneLine(missing.err, containing: "no such file"))
    }

    @Test func theWrittenFileReadsBackToTheSameModelsWhateverTheirNames() throws {
        let ids = ["llama3.2:latest", "yes", "1.5", "quote\"d", "-dash", "with space", "ünï"]
        let provider = ProviderConfiguration(name: "local", type: .openai, baseURL: "http://127.0.0.1:9/v1")
        let models = ids.map { ModelConfiguration(id: $0, provider: "local", capabilities: [.chat, .streaming]) }
        let pool = PoolConfiguration(
            name: "text-generation", operation: .chat,
            members: ids.enumerated().map { PoolMember(model: $0.element, priority: $0.offset + 1) })
        let written = Configuration(providers: [provider], models: models, pools: [pool])
        let text = ConfigurationYAML.render(written, header: ["test"])
        let read = try Configuration.parse(yaml: text, file: "t.yaml", environment: [:])
        #expect(read.modelOrder == ids)
        #expect(read.pools["text-generation"]?.members.map(\.model) == ids)
        #expect(read.providers["local"]?.baseURL == "http://127.0.0.1:9/v1")
    }
}
