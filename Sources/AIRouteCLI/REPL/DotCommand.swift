import AIRouter

/// A REPL command: a line whose first word is a dot and a name (`.model fast`).
enum DotCommand: Equatable, Sendable {
    case help
    case exit
    /// `.model` alone shows the pool; `.model NAME` switches.
    case model(String?)
    /// `.system` alone clears the system prompt; `.system TEXT` sets it.
    case system(String?)
    case clear
    /// `.attach` alone lists the pending attachments; `.attach FILE` adds one to the next message.
    case attach(String?)
    /// Removes the pending attachments.
    case detach
    /// `.pools [POOL]`.
    case pools(String?)
    /// `.health [POOL]`.
    case health(String?)
    /// A name that is not a command.
    case unknown(String)

    /// The commands as `.help` lists them and Tab completes them: name, arguments, help.
    static let table: [(name: String, arguments: String, help: String)] = [
        (".help", "", "Show this help."),
        (".model", "[POOL]", "Switch to a pool or model (alone: show the current one)."),
        (".system", "[TEXT]", "Set the system prompt (alone: clear it)."),
        (".clear", "", "Forget the conversation."),
        (".attach", "[FILE]", "Attach an image or audio file (or URL) to the next message (alone: list them)."),
        (".detach", "", "Remove the attachments of the next message."),
        (".pools", "[POOL]", "List the pools and their members."),
        (".health", "[POOL]", "Show each member's health."),
        (".exit", "", "Leave (also .quit or Ctrl-D)."),
    ]

    /// Every name accepted, aliases included.
    static let names = table.map(\.name) + [".quit"]

    /// The command on a line, or `nil` when the line is a message. A command starts with `.`
    /// followed by a letter (`.5 is a number` is a message).
    static func parse(_ line: String) -> DotCommand? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.first == ".", let second = trimmed.dropFirst().first, second.isLetter else { return nil }
        let name = String(trimmed.prefix { !$0.isWhitespace })
        let rest = trimmed.dropFirst(name.count).trimmingWhitespace()
        let argument = rest.isEmpty ? nil : rest
        switch name.lowercased() {
        case ".help": return .help
        case ".exit", ".quit": return .exit
        case ".model": return .model(argument)
        case ".system": return .system(argument)
        case ".clear": return .clear
        case ".attach": return .attach(argument)
        case ".detach": return .detach
        case ".pools": return .pools(argument)
        case ".health": return .health(argument)
        default: return .unknown(name)
        }
    }

    /// The text of `.help`.
    static var helpText: String {
        let rows = table.map { ($0.name + ($0.arguments.isEmpty ? "" : " " + $0.arguments), $0.help) }
        let keys = [
            ("\"\"\"", "On a line of its own, starts and ends a multi-line message."),
            ("Tab", "Completes commands, and pool and model names after .model."),
            ("Up, Down", "Recall earlier input."),
            ("Ctrl-C", "Discards the line, or stops the reply being written."),
            ("Ctrl-D", "Leaves."),
        ]
        let width = (rows + keys).map(\.0.count).max() ?? 0
        func format(_ rows: [(String, String)]) -> String {
            rows.map { "  " + $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1 + "\n" }.joined()
        }
        let text = "Commands:\n" + format(rows) + "Keys:\n" + format(keys)
        return text
    }
}

/// Tab completion of the REPL's input.
struct Completer: Sendable {
    /// Pool and model names `.model` completes.
    var targets: [String]

    /// What to complete for the text before the cursor: the word being completed and the
    /// candidates that extend it (sorted, without duplicates). Empty when nothing applies.
    func candidates(for text: String) -> (word: String, candidates: [String]) {
        let trimmed = String(text.drop { $0 == " " || $0 == "\t" })
        guard trimmed.hasPrefix(".") else { return (text, []) }
        guard let space = trimmed.firstIndex(where: \.isWhitespace) else {
            let names = DotCommand.names.filter { $0.hasPrefix(trimmed.lowercased()) }
            return (trimmed, Array(Set(names)).sorted())
        }
        let command = trimmed[..<space].lowercased()
        let argument = trimmed[space...].drop(while: \.isWhitespace)
        guard command == ".model", !argument.contains(where: \.isWhitespace) else { return (String(argument), []) }
        let word = String(argument)
        return (word, Array(Set(targets.filter { $0.hasPrefix(word) })).sorted())
    }

    /// What Tab does to `text`: the characters to insert, or the candidates to list when the
    /// completion is ambiguous and no longer common prefix exists.
    enum Action: Equatable {
        case insert(String)
        case list([String])
        case none
    }

    func action(for text: String) -> Action {
        let (word, candidates) = candidates(for: text)
        guard let first = candidates.first else { return .none }
        if candidates.count == 1 {
            let takesArgument = DotCommand.table.contains { $0.name == first && !$0.arguments.isEmpty }
            let suffix = String(first.dropFirst(word.count))
            return .insert(suffix + (takesArgument ? " " : ""))
        }
        var common = first
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(common) { common.removeLast() }
        }
        if common.count > word.count { return .insert(String(common.dropFirst(word.count))) }
        return .list(candidates)
    }
}

extension Substring {
    /// The text without leading and trailing whitespace.
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
