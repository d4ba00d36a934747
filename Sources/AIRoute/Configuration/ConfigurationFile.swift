import Foundation

/// Reads a configuration file, refusing missing, unreadable, oversized or non-UTF-8 files
/// with a diagnostic instead of crashing.
enum ConfigurationFile {
    static func read(_ path: String) throws(ConfigurationError) -> String {
        func failure(_ message: String) -> ConfigurationError {
            ConfigurationError(diagnostics: [
                ConfigurationDiagnostic(severity: .error, file: path, line: nil, key: "", message: message)
            ])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw failure("configuration file not found")
        }
        guard !isDirectory.boolValue else { throw failure("is a directory, not a configuration file") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw failure("cannot read the configuration file (permission denied?)")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: YAMLDocument.maximumBytes + 1) ?? Data()
        } catch {
            throw failure("cannot read the configuration file")
        }
        guard data.count <= YAMLDocument.maximumBytes else {
            throw failure("the configuration is larger than \(YAMLDocument.maximumBytes / 1024) KiB")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw failure("the configuration is not valid UTF-8")
        }
        return text
    }
}
