import AIRoute
import Foundation

/// `airoute config check [FILE]`: validates a configuration file (FILE, else the one in use)
/// without calling any provider, prints every error and warning, and on success the resolved
/// pools. Exit 0 when it loads (warnings allowed), 78 when it has errors, 66 when it is missing.
struct ConfigCheckCommand {
    let global: GlobalOptions
    let environment: [String: String]
    let console: Console
    let file: String?

    /// What `--json` prints.
    struct Report: Encodable {
        var file: String
        var valid: Bool
        var errors: [String]
        var warnings: [String]
        var pools: [PoolReport.Pool]
    }

    func run() async -> ExitCode {
        let path = file ?? Configuration.searchPath(explicit: global.config, environment: environment)
        let name = path ?? "the built-in configuration"
        if let path, !FileManager.default.fileExists(atPath: path) {
            console.error("no such file: \(path)")
            return .noInput
        }
        let configuration: Configuration
        do {
            configuration = try Configuration.load(path: path, environment: environment)
        } catch {
            if global.json {
                let report = Report(
                    file: name, valid: false, errors: error.errors.map(\.description),
                    warnings: error.diagnostics.filter { $0.severity == .warning }.map(\.description), pools: [])
                print(report)
            }
            console.error(CommandContext.failure(error).message)
            return .configuration
        }
        let client = OpenAIClient(configuration: configuration, health: InMemoryHealthStore())
        let pools: PoolReport
        do {
            pools = try PoolReport.build(router: client.router, pool: nil)
        } catch {
            console.error(error.message)
            return error.code
        }
        let warnings = CommandContext.unique(configuration.warnings.map(\.locatedMessage))
        if global.json {
            print(Report(file: name, valid: true, errors: [], warnings: warnings, pools: pools.pools))
        } else {
            console.out(pools.table(color: false))
        }
        for warning in warnings { console.warning(warning) }
        let counts = [
            (configuration.providers.count, "provider"), (configuration.models.count, "model"),
            (configuration.pools.count, "pool"), (warnings.count, "warning"),
        ].map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
        console.err("\(name): valid (\(counts.joined(separator: ", ")))\n")
        return .ok
    }

    private func print(_ report: Report) { try? console.printJSON(report) }
}
