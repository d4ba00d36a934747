import AIRouteCLI
import Foundation

let code = await AIRouteCLI.run(
    arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment, io: .standard
)
exit(code)
