import AIRoute
import Foundation

/// `airoute config init`: writes a starter configuration to the file airoute would read (`-c`,
/// `$AIROUTE_CONFIG`, else `$XDG_CONFIG_HOME/airoute/config.yaml`) from what it finds — the
/// provider key variables that are set (referenced as `${VAR}`, never copied) and local
/// OpenAI-compatible servers answering on their usual loopback ports — and never over an
/// existing file (exit 73).
struct ConfigInitCommand {
    let global: GlobalOptions
    let environment: [String: String]
    let console: Console
    /// The local servers to look for; tests replace them.
    var localServers = LocalServer.usual
    /// How long a local server may take to list its models (a refused port answers at once).
    var probeTimeout: Duration = .milliseconds(1500)

    /// A local OpenAI-compatible server and where it usually listens.
    struct LocalServer: Sendable {
        /// The provider name written (`ollama`).
        var name: String
        /// What users call it (`Ollama`).
        var label: String
        /// Its OpenAI-compatible base URL.
        var baseURL: String

        /// Ollama, llama.cpp's server, vLLM and LM Studio on their default ports.
        static let usual = [
            LocalServer(name: "ollama", label: "Ollama", baseURL: "http://127.0.0.1:11434/v1"),
            LocalServer(name: "llamacpp", label: "llama.cpp", baseURL: "http://127.0.0.1:8080/v1"),
            LocalServer(name: "vllm", label: "vLLM", baseURL: "http://127.0.0.1:8000/v1"),
            LocalServer(name: "lmstudio", label: "LM Studio", baseURL: "http://127.0.0.1:1234/v1"),
        ]
    }

    func run() async -> ExitCode {
        guard
            let path = Configuration.searchPath(explicit: global.config, environment: environment)
                ?? Configuration.userConfigurationPath(environment: environment)
        else {
            console.error("no place for a configuration file: set HOME or XDG_CONFIG_HOME, or give -c PATH")
            return .cannotCreate
        }
        if FileManager.default.fileExists(atPath: path)
            || (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
        {
            console.error("\(path) already exists; not overwritten (check it with: airoute config check)")
            return .cannotCreate
        }
        var configuration = Configuration.builtIn(environment: environment)
        var notes: [String: String] = [:]
        for provider in configuration.providers.values {
            if let variable = provider.apiKeyVariable { notes[provider.name] = "\(variable) is set" }
        }
        let found = await discover()
        for (server, ids) in found { add(server, ids, to: &configuration, notes: &notes) }
        let text = ConfigurationYAML.render(configuration, header: header(found: found), notes: notes)
        // What is written must load: a check here keeps a bad starter file from ever landing.
        if case .failure(let error) = Result(catching: { () throws(ConfigurationError) in
            try Configuration.parse(yaml: text, file: path, environment: environment)
        }) {
            console.error(
                "the starter configuration does not validate (a bug): \(CommandContext.failure(error).message)")
            return .configuration
        }
        do {
            try Self.create(path, contents: Data(text.utf8))
        } catch {
            console.error(error.message)
            return error.code
        }
        console.out(path + "\n")
        var summary = configuration.providers.keys.sorted().map { name in notes[name].map { "\(name) (\($0))" } ?? name
        }
        if summary.isEmpty { summary = ["no provider: edit the file, or set a key and run config init again"] }
        console.err(
            "wrote \(configuration.pools.count) pool\(configuration.pools.count == 1 ? "" : "s") from: "
                + summary.joined(separator: ", ") + "\nnext: airoute config check; airoute chat \"Hello\"\n")
        return .ok
    }

    /// The local servers that answer with a model list, each with the ids it lists.
    private func discover() async -> [(LocalServer, [String])] {
        let providers = localServers.map { ProviderConfiguration(name: $0.name, type: .openai, baseURL: $0.baseURL) }
        let client = OpenAIClient(
            configuration: Configuration(providers: providers, models: [], pools: []), health: InMemoryHealthStore())
        let found = await withTaskGroup(of: (Int, [String]?).self) { group in
            for (index, server) in localServers.enumerated() {
                group.addTask {
                    (index, try? await client.listModels(provider: server.name, timeout: probeTimeout))
                }
            }
            var found: [(Int, [String])] = []
            for await (index, ids) in group { if let ids, !ids.isEmpty { found.append((index, ids)) } }
            return found.sorted { $0.0 < $1.0 }.map { ($0.0, $0.1) }
        }
        try? await client.shutdown()
        return found.map { (localServers[$0.0], ModelListing.displayIDs($0.1).uniqued()) }
    }

    /// Adds a local server and its models: chat models join `text-generation` after the cloud
    /// ones; embedding models (by name) form an `embeddings` pool when there is none (vectors
    /// of different models are not comparable, so they never join a cloud one).
    private func add(
        _ server: LocalServer, _ ids: [String], to configuration: inout Configuration, notes: inout [String: String]
    ) {
        configuration.providers[server.name] = ProviderConfiguration(
            name: server.name, type: .openai, baseURL: server.baseURL)
        notes[server.name] =
            "\(server.label) answered on \(server.baseURL) with \(ids.count) model\(ids.count == 1 ? "" : "s")"
        var chat: [String] = []
        var embeddings: [String] = []
        for upstream in ids {
            let id = configuration.models[upstream] == nil ? upstream : "\(server.name)/\(upstream)"
            let isEmbedding = upstream.lowercased().contains("embed")
            configuration.models[id] = ModelConfiguration(
                id: id, provider: server.name, upstreamName: upstream,
                capabilities: isEmbedding ? .embeddings : [.chat, .streaming])
            configuration.modelOrder.append(id)
            if isEmbedding { embeddings.append(id) } else { chat.append(id) }
        }
        join("text-generation", .chat, chat, &configuration)
        if configuration.pools["embeddings"] == nil { join("embeddings", .embeddings, embeddings, &configuration) }
    }

    private func join(
        _ name: String, _ operation: ModelOperation, _ ids: [String], _ configuration: inout Configuration
    ) {
        guard !ids.isEmpty else { return }
        var pool = configuration.pools[name] ?? PoolConfiguration(name: name, operation: operation, members: [])
        let start = pool.members.count
        pool.members += ids.enumerated().map { PoolMember(model: $0.element, priority: start + $0.offset + 1) }
        if configuration.pools[name] == nil { configuration.poolOrder.append(name) }
        configuration.pools[name] = pool
    }

    private func header(found: [(LocalServer, [String])]) -> [String] {
        var lines = [
            "airoute configuration, written by 'airoute config init'.",
            "Every key: man airoute (CONFIGURATION) or docs/configuration.md. Validate: airoute config check",
            "Keys stay in the environment: api_key names a variable, never the key itself.",
        ]
        let servers = localServers.map(\.label).joined(separator: ", ")
        lines.append(
            found.isEmpty
                ? "No local server answered (looked for \(servers))."
                : "Local models: capabilities are a guess (chat, streaming); add vision, tools or json_output where they apply."
        )
        return lines
    }

    /// Creates `path` (and its directory, mode 0700) with mode 0600, failing when anything — a
    /// file, a link, a directory — is already there.
    static func create(_ path: String, contents: Data) throws(CommandFailure) {
        let directory = PathName.directory(of: path)
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CommandFailure("cannot create \(directory): \(error.localizedDescription)", .cannotCreate)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            let error = errno
            if error == EEXIST { throw CommandFailure("\(path) already exists; not overwritten", .cannotCreate) }
            throw CommandFailure("cannot create \(path): \(AtomicFile.describe(error))", .cannotCreate)
        }
        let written = contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let closed = close(fd)
        guard written == contents.count, closed == 0 else {
            let error = errno
            unlink(path)
            throw CommandFailure("cannot write \(path): \(AtomicFile.describe(error))", .cannotCreate)
        }
    }
}
