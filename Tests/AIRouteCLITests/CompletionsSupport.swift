import AIRouteTesting
import Foundation

@testable import AIRouteCLI

/// Helpers for `CompletionsAndManTests`: the repository's files, external tools, and small
/// parsers for the generated scripts.
enum CompletionsSupport {
    /// The repository root (two levels above this file's directory).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Whether this run rewrites the generated files (`AIROUTE_REGENERATE=1`).
    static let regenerating = ProcessInfo.processInfo.environment["AIROUTE_REGENERATE"] == "1"

    /// The committed text of `path`, relative to the root. When ``regenerating``, a generated
    /// file is first rewritten with its generator's output, so every test sees the new text.
    static func committed(_ path: String) throws -> String {
        let url = root.appendingPathComponent(path)
        if regenerating, let generated = GeneratedFiles.contents(of: path, root: root.path) {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(generated.utf8).write(to: url, options: .atomic)
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The built `airoute` binary, if `swift build` has made one.
    static var binary: URL? {
        let url = root.appendingPathComponent(".build/debug/airoute")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    /// The absolute path of `tool` on `PATH`, if it is installed.
    static func which(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(tool)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `tool` with `arguments` in the repository root; returns its status, standard output and
    /// standard error. Spawned with only fds 0-2 and awaited without blocking a cooperative thread.
    /// `text` in single quotes for fish (`'` and `\` escaped).
    static func fishQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    static func run(
        _ tool: String, _ arguments: [String], environment: [String: String]? = nil
    ) async throws -> (status: Int32, out: String, err: String) {
        let child = try Spawned(
            "/bin/sh", ["-c", "cd \"$0\" && exec \"$@\"", root.path, tool] + arguments,
            environment: environment ?? ProcessInfo.processInfo.environment)
        child.send(nil)
        let result = await child.finish(timeout: .seconds(60))
        return (result.status, String(decoding: result.out, as: UTF8.self), String(decoding: result.err, as: UTF8.self))
    }

    /// The lines of the shell function `name` (between `name() {` and the next `}` line).
    static func function(_ name: String, in script: String) -> [String] {
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("\(name)() {") || $0 == "function \(name)" }) else {
            return []
        }
        let end = lines[start...].firstIndex { $0 == "}" || $0 == "end" } ?? lines.endIndex
        return Array(lines[(start + 1)..<end])
    }

    /// Splits a fish command line into words: single quotes (with `\'` and `\\`) and spaces.
    static func fishWords(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quoted = false
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\\", let next = characters.first, next == "'" || next == "\\" {
                    current.append(next)
                    characters.removeFirst()
                } else if character == "'" {
                    quoted = false
                } else {
                    current.append(character)
                }
            } else if character == "'" {
                quoted = true
                inWord = true
            } else if character == " " {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// The option words (`--model`, `-m`) of a table option list.
    static func words(_ options: [OptionSpec]) -> Set<String> {
        Set(options.flatMap(CompletionModel.words))
    }
}
