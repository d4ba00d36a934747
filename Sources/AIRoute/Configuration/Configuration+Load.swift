import Foundation

// Reading the configuration file lives here, beside the client, so that AIRouter does no I/O:
// it parses and validates text that it is given.
extension Configuration {
    /// Loads the configuration the way the library and the CLI both do.
    ///
    /// The file is, in order: `path`, `$AIROUTE_CONFIG`, `$XDG_CONFIG_HOME/airoute/config.yaml`
    /// (default `$HOME/.config/airoute/config.yaml`). A `path` or `$AIROUTE_CONFIG` that does not
    /// exist is an error; when neither is given and the per-user file does not exist either,
    /// the result is ``builtIn(environment:)``.
    ///
    /// ```swift
    /// let configuration = try Configuration.load()
    /// for warning in configuration.warnings { print(warning) }
    /// ```
    ///
    /// - Parameters:
    ///   - path: An explicit file (`--config PATH`), or `nil` to search.
    ///   - environment: Variables for the search and for `${VAR}` expansion.
    /// - Returns: The validated configuration, its non-fatal findings in ``warnings``.
    /// - Throws: ``ConfigurationError`` listing every problem, each with file, line and key.
    public static func load(
        path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> Configuration {
        guard let file = searchPath(explicit: path, environment: environment) else {
            return builtIn(environment: environment)
        }
        let text = try ConfigurationFile.read(file)
        return try parse(yaml: text, file: file, environment: environment)
    }

    /// The configuration file ``load(path:environment:)`` would read, or `nil` when it would
    /// use the built-in default.
    ///
    /// `explicit` and `$AIROUTE_CONFIG` are returned whether or not they exist (loading them
    /// then reports the missing file); the per-user file only when it exists.
    ///
    /// - Parameters:
    ///   - explicit: A path given on the command line, if any.
    ///   - environment: Where `AIROUTE_CONFIG`, `XDG_CONFIG_HOME` and `HOME` are looked up.
    /// - Returns: A path, or `nil` for the built-in default.
    public static func searchPath(explicit: String?, environment: [String: String]) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        if let variable = environment["AIROUTE_CONFIG"], !variable.isEmpty { return variable }
        guard let candidate = userConfigurationPath(environment: environment) else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue
        else {
            return nil
        }
        return candidate
    }

    /// The per-user configuration file, whether or not it exists:
    /// `$XDG_CONFIG_HOME/airoute/config.yaml`, else `$HOME/.config/airoute/config.yaml`; `nil`
    /// when neither variable is usable.
    public static func userConfigurationPath(environment: [String: String]) -> String? {
        let base: String
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else if let home = environment["HOME"], !home.isEmpty {
            base = home.hasSuffix("/") ? "\(home).config" : "\(home)/.config"
        } else {
            return nil
        }
        return base.hasSuffix("/") ? "\(base)airoute/config.yaml" : "\(base)/airoute/config.yaml"
    }
}
