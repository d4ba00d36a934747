import AIRoute
import Foundation

/// `airoute config path`: the configuration file airoute reads, found without loading it (so it
/// works while the file has errors). When no file exists, stdout has the per-user path where one
/// would be read and stderr says that the built-in configuration is in use.
struct ConfigPathCommand {
    let global: GlobalOptions
    let environment: [String: String]
    let console: Console

    func run() -> ExitCode {
        if let path = Configuration.searchPath(explicit: global.config, environment: environment) {
            console.out(path + "\n")
            if !FileManager.default.fileExists(atPath: path) {
                console.warning("\(path) does not exist")
                return .noInput
            }
            return .ok
        }
        if let path = Configuration.userConfigurationPath(environment: environment) { console.out(path + "\n") }
        console.warning("no configuration file: the built-in configuration (from the environment) is in use")
        return .ok
    }
}
