import AIRoute
import AIRoutePostgres
import Foundation
import Logging

/// The `airoute` command-line tool as a library: `main.swift` only calls ``run(arguments:environment:io:)``.
public enum AIRouteCLI {
    /// Runs one command line (without the program name) and returns the exit code.
    public static func run(arguments: [String], environment: [String: String], io original: IO) async -> Int32 {
        let stdoutUsed = FailureJSON.Mark()
        var io = original
        io.writeOut = { data in
            if !data.isEmpty { stdoutUsed.set() }
            return original.writeOut(data)
        }
        let global: GlobalOptions
        let invocation: Invocation
        do {
            (global, invocation) = try Invocation.parse(arguments)
        } catch {
            let console = Console(io: io, global: GlobalOptions(), environment: environment)
            console.error(error.message)
            console.err("Usage: \(HelpText.usage(error.command))\n")
            console.err("  See 'airoute\(error.command.map { " \($0)" } ?? "") --help' for more information.\n")
            return ExitCode.usage.rawValue
        }
        let console = Console(io: io, global: global, environment: environment)
        switch invocation {
        case .version:
            console.out(CommandTable.version + "\n")
            return ExitCode.ok.rawValue
        case .help(let command):
            console.out(HelpText.help(command))
            return ExitCode.ok.rawValue
        case .config(.path):
            return ConfigPathCommand(global: global, environment: environment, console: console).run().rawValue
        case .config(.initialize):
            return await ConfigInitCommand(global: global, environment: environment, console: console).run().rawValue
        case .config(.check(let file)):
            return await ConfigCheckCommand(global: global, environment: environment, console: console, file: file)
                .run().rawValue
        case .logs(let options):
            return LogsCommand(global: global, environment: environment, console: console, options: options).run()
                .rawValue
        default:
            break
        }
        let context: CommandContext
        do {
            context = try await CommandContext(global: global, environment: environment, console: console)
        } catch {
            if global.json && !stdoutUsed.isSet { FailureJSON.print(error.jsonBody, io: io) }
            console.error(error.message)
            return error.code.rawValue
        }
        let code: ExitCode
        do {
            code = try await runInterruptibly(invocation, context: context, io: io)
        } catch let failure as CommandFailure {
            if global.json && !stdoutUsed.isSet { FailureJSON.print(failure.jsonBody, io: io) }
            console.error(failure.message)
            code = failure.code
        } catch let error as RouteError where error.code == .unknownPool && context.configuration.pools.isEmpty {
            let failure = CommandFailure(Self.noPoolsMessage, .configuration)
            if global.json && !stdoutUsed.isSet { FailureJSON.print(failure.jsonBody, io: io) }
            console.error(failure.message)
            code = failure.code
        } catch let error as RouteError {
            if global.json && !stdoutUsed.isSet { FailureJSON.print(OpenAIErrorBody(error), io: io) }
            code = console.report(error)
        } catch is CancellationError {
            code = .interrupted
        } catch {
            console.error("\(error)")
            code = .unavailable
        }
        await context.close()
        return code.rawValue
    }

    /// What a user with no configured pool reads: keys, local servers and the examples.
    static let noPoolsMessage =
        "no pools are configured: set a provider key (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, "
        + "GROQ_API_KEY, MISTRAL_API_KEY or OPENROUTER_API_KEY), or OPENAI_BASE_URL for a local OpenAI-compatible "
        + "server (Ollama, llama.cpp, vLLM, LM Studio), or write a configuration file (airoute config path shows "
        + "where; see examples/*.yaml; offline demo: airoute -c examples/offline.yaml chat \"Hello\")"

    /// Runs a one-shot command so that Ctrl-C (SIGINT) cancels it — the upstream request is
    /// cancelled, temporary files are removed — and the exit code is 130. The REPL handles
    /// Ctrl-C itself (cancel the reply, keep the session), so it is not wrapped.
    static func runInterruptibly(_ invocation: Invocation, context: CommandContext, io: IO) async throws -> ExitCode {
        if case .chat(let options) = invocation, options.interactive || (options.prompt.isEmpty && io.stdinIsTerminal) {
            return try await context.execute(invocation)
        }
        // The gateway handles SIGINT and SIGTERM itself: it drains, then exits 0.
        if case .serve = invocation { return try await context.execute(invocation) }
        InterruptWatcher.install()
        defer { InterruptWatcher.restore() }
        let (result, interrupted) = await InterruptWatcher.run { try await context.execute(invocation) }
        if interrupted {
            context.console.notice("interrupted")
            return .interrupted
        }
        return try result.get()
    }
}

/// What every command needs: the options, the console, the configuration and the client.
final class CommandContext: Sendable {
    let global: GlobalOptions
    let environment: [String: String]
    let console: Console
    let configuration: Configuration
    let client: OpenAIClient
    /// The shared health store (`state: backend: postgres`) and the task that keeps it connected.
    let sharing: (store: PostgresHealthStore, task: Task<Void, Never>)?
    /// The exchange log of `chat` (`nil` with `--no-log` or `AIROUTE_NOLOG`); opened on first use.
    let exchangeLog: ExchangeRecorder?

    init(global: GlobalOptions, environment: [String: String], console: Console) async throws(CommandFailure) {
        self.global = global
        self.environment = environment
        self.console = console
        exchangeLog = ExchangeRecorder.make(global: global, environment: environment, console: console)
        var configuration: Configuration
        do {
            configuration = try Configuration.load(path: global.config, environment: environment)
        } catch {
            throw Self.failure(error)
        }
        if let timeout = global.timeout {
            configuration.defaults.timeout = timeout
            for name in configuration.poolOrder { configuration.pools[name]?.settings.timeout = timeout }
        }
        if global.verbose { console.notice("configuration: \(Self.describeSource(configuration))") }
        if console.showsNotices || global.verbose {
            for warning in Self.unique(configuration.warnings.map(\.locatedMessage)) { console.warning(warning) }
        }
        self.configuration = configuration
        var logger = Logger(label: "airoute") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        // -v shows the console's notices; library logs only from `notice` up unless AIROUTE_LOG_LEVEL
        // asks for more (info repeats the failover notice; debug and trace show each request).
        let requested = environment["AIROUTE_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) }
        logger.logLevel = global.verbose ? (requested ?? .notice) : (requested ?? .critical)
        logger.debug("configuration", metadata: ["airoute.configuration": "\(Self.describeSource(configuration))"])
        let store = await Self.healthStore(global, configuration, environment, console)
        self.client = OpenAIClient(configuration: configuration, health: store, logger: logger)
        let members = Set(client.router.healthIDs.values)
        (store as? FileHealthStore)?.setKnownMembers(members)
        if let shared = store as? PostgresHealthStore {
            shared.setKnownMembers(members)
            sharing = (shared, Task { await shared.run() })
            // Route on the fleet's state: wait for the first load (open() already connected, or
            // already waited connect_timeout in vain).
            if shared.isConnectedAtStart {
                await shared.waitUntilSharing(timeout: configuration.state.connectTimeout)
            }
        } else {
            sharing = nil
        }
    }

    /// Every finding of a configuration that did not load, in one report: a warning (an unset
    /// key variable that disables a provider) often explains an error beside it.
    static func failure(_ error: ConfigurationError) -> CommandFailure {
        let errors = error.errors.count
        let warnings = error.diagnostics.count - errors
        let detail = Self.unique(error.diagnostics.map { "  \($0)" }).joined(separator: "\n")
        var summary = "the configuration has \(errors) error\(errors == 1 ? "" : "s")"
        if warnings > 0 { summary += " and \(warnings) warning\(warnings == 1 ? "" : "s")" }
        return CommandFailure("\(summary):\n\(detail)", .configuration)
    }

    /// The file in use, or what the built-in configuration was made from (variable names only).
    static func describeSource(_ configuration: Configuration) -> String {
        guard configuration.source == "<built-in>" else { return configuration.source }
        let from = configuration.providers.keys.sorted().compactMap { name -> String? in
            guard let provider = configuration.providers[name] else { return nil }
            return "\(name) (\(provider.apiKeyVariable ?? "no key"), \(provider.effectiveBaseURL))"
        }
        return "built-in, from the environment" + (from.isEmpty ? ": no provider" : ": " + from.joined(separator: ", "))
    }

    /// `items` without repeats, in their first order: a finding is reported once per process.
    static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    /// Where health is kept: the shared table of `state: backend: postgres`, else the health
    /// file; in memory with `--no-state` (or when no state directory can be found).
    static func healthStore(
        _ global: GlobalOptions, _ configuration: Configuration, _ environment: [String: String], _ console: Console
    ) async -> any HealthStore {
        guard !global.noState else { return InMemoryHealthStore() }
        let state = configuration.state
        if state.backend == .postgres, let location = state.postgres {
            let cache = FileHealthStore.stateDirectory(environment: environment).map {
                PostgresHealthStore.saltCachePath(directory: $0, settings: state, location: location)
            }
            return await PostgresHealthStore.open(
                settings: state, location: location, secretCache: cache, warn: { console.warning($0) },
                inform: { console.notice($0) })
        }
        guard let path = FileHealthStore.defaultPath(environment: environment) else { return InMemoryHealthStore() }
        return FileHealthStore(path: path, warn: { console.warning($0) })
    }

    /// Runs a command.
    func execute(_ invocation: Invocation) async throws -> ExitCode {
        switch invocation {
        case .chat(let options): try await ChatCommand(context: self, options: options).run()
        case .embed(let options): try await EmbedCommand(context: self, options: options).run()
        case .speak(let options): try await SpeakCommand(context: self, options: options).run()
        case .transcribe(let options): try await TranscribeCommand(context: self, options: options).run()
        case .image(let options): try await ImageCommand(context: self, options: options).run()
        case .pools(let pool): try PoolsCommand(context: self, pool: pool).run()
        case .models(let filter): try await ModelsCommand(context: self, filter: filter).run()
        case .health(let options): try await HealthCommand(context: self, options: options).run()
        case .serve(let options): try await ServeCommand(context: self, options: options).run()
        case .help, .version, .config, .logs: .ok
        }
    }

    /// Shuts the client down.
    func close() async {
        if let sharing {
            await sharing.store.shutdown()
            await sharing.task.value
        }
        try? await client.shutdown()
    }

    /// Encodes a value as the `--json` output: one object, pretty on a terminal.
    func printJSON(_ value: some Encodable) throws { try console.printJSON(value) }
}
