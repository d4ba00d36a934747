import AIRoute
import Foundation

/// `airoute pools [POOL]`: each pool with its operation, strategy, requirements and members.
struct PoolsCommand {
    let context: CommandContext
    let pool: String?

    func run() throws -> ExitCode {
        let report = try PoolReport.build(router: context.client.router, pool: pool)
        if context.global.json {
            try context.printJSON(report.pools)
            return .ok
        }
        context.console.out(report.table(color: false))
        return .ok
    }
}
