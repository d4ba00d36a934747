import Yams

/// One `key: value` pair of a YAML mapping, with its dotted path.
struct ConfigurationEntry {
    /// The key text.
    var name: String
    /// The key node (for its line).
    var keyNode: Node
    /// The value node.
    var value: Node
    /// The dotted path of the value (`providers.openai.base_url`).
    var path: String
}

/// Reads one configuration document: typed access to nodes, `${VAR}` expansion and the
/// collection of every diagnostic (loading never stops at the first problem).
struct ConfigurationReader {
    /// The file name put in diagnostics.
    let file: String
    /// Variables for `${VAR}` expansion.
    let environment: [String: String]
    /// Findings so far.
    private(set) var diagnostics: [ConfigurationDiagnostic] = []
    /// Values that must never appear in a diagnostic (keys, header values).
    private(set) var secrets: Set<String> = []
    /// Providers and models (`providers.NAME`, `models.ID`) whose declaration was too broken to
    /// read: references to them are not reported again as unknown.
    var brokenNames: Set<String> = []

    init(file: String, environment: [String: String]) {
        self.file = file
        self.environment = environment
    }

    // MARK: - Diagnostics

    mutating func error(_ message: String, at node: Node?, key: String) {
        diagnostics.append(.init(severity: .error, file: file, line: node?.mark?.line, key: key, message: message))
    }

    mutating func warning(_ message: String, at node: Node?, key: String) {
        diagnostics.append(.init(severity: .warning, file: file, line: node?.mark?.line, key: key, message: message))
    }

    mutating func append(_ diagnostic: ConfigurationDiagnostic) {
        diagnostics.append(diagnostic)
    }

    /// Remembers a value that must never be shown.
    mutating func addSecret(_ value: String) {
        if !value.isEmpty { secrets.insert(value) }
    }

    /// Whether any error has been reported.
    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    // MARK: - Shapes

    /// Whether the node is YAML null (`~`, `null`, or nothing at all).
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// A word for the node's shape, for "expected X, found Y" messages. Never the value.
    static func kind(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar: isNull(node) ? "nothing (null)" : "a scalar"
        }
    }

    /// The entries of a mapping, checking keys against `allowed` (with "did you mean").
    /// Reports and returns `nil` when the node is not a mapping.
    mutating func entries(_ node: Node, path: String, allowed: [String]? = nil) -> [ConfigurationEntry]? {
        guard case .mapping(let mapping) = node else {
            error("expected a mapping, found \(Self.kind(node))", at: node, key: path)
            return nil
        }
        var result: [ConfigurationEntry] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                error("a key must be a plain name, found \(Self.kind(keyNode))", at: keyNode, key: path)
                continue
            }
            let name = scalar.string
            let entryPath = path.isEmpty ? name : "\(path).\(name)"
            if let allowed, !allowed.contains(name) {
                let hint = EditDistance.hint(for: name, among: allowed)
                let shownPath = path.isEmpty ? Self.display(name) : "\(path).\(Self.display(name))"
                error("unknown key '\(Self.display(name))'\(hint)", at: keyNode, key: shownPath)
                continue
            }
            result.append(ConfigurationEntry(name: name, keyNode: keyNode, value: value, path: entryPath))
        }
        return result
    }

    /// The items of a list. Reports and returns `nil` when the node is not a list.
    mutating func items(_ node: Node, path: String) -> [(node: Node, path: String)]? {
        guard case .sequence(let sequence) = node else {
            error("expected a list, found \(Self.kind(node))", at: node, key: path)
            return nil
        }
        return sequence.enumerated().map { ($0.element, "\(path)[\($0.offset)]") }
    }

    // MARK: - Quoting user text

    /// User text fit to quote in a message: names only, never anything that looks like a key
    /// (a known key prefix, a run of 20 or more letters and digits, or over 64 characters).
    static func display(_ text: String) -> String {
        let prefixes = ["sk-", "sk_", "gsk_", "AIza", "xai-", "Bearer ", "Basic ", "ghp_", "hf_", "pk-", "key-"]
        var longestRun = 0
        var run = 0
        for character in text {
            run = character.isASCII && (character.isLetter || character.isNumber) ? run + 1 : 0
            longestRun = max(longestRun, run)
        }
        let looksSecret = text.count > 64 || longestRun >= 20 || prefixes.contains { text.hasPrefix($0) }
        if looksSecret { return "<\(text.count) characters, not shown>" }
        return text.unicodeScalars.contains { $0.properties.generalCategory == .control }
            ? "<not shown>" : text
    }
}
