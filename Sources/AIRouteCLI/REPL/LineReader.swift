/// What one call to ``LineReader/readLine(prompt:)`` produced.
enum LineResult: Sendable, Equatable {
    /// A line, without its trailing newline. A line recalled from history may contain newlines
    /// (a `"""` block is kept as one history entry).
    case line(String)
    /// Ctrl-C while editing; `discarded` is the text that was on the line (empty on an empty line).
    case interrupted(discarded: String)
    /// End of input: Ctrl-D on an empty line, or standard input closed.
    case eof
}

/// Where the REPL gets its input: libedit on a terminal, a script in tests.
protocol LineReader {
    /// Shows `prompt` and reads one line.
    mutating func readLine(prompt: String) -> LineResult
}

/// A ``LineReader`` that replays a script, for tests. After the script it returns ``LineResult/eof``.
struct ScriptedLineReader: LineReader {
    /// What is left to return.
    private(set) var script: [LineResult]
    /// Every prompt shown, in order.
    private(set) var prompts: [String] = []

    init(_ script: [LineResult]) { self.script = script }

    /// A script of plain lines.
    init(lines: [String]) { self.init(lines.map(LineResult.line)) }

    mutating func readLine(prompt: String) -> LineResult {
        prompts.append(prompt)
        return script.isEmpty ? .eof : script.removeFirst()
    }
}
