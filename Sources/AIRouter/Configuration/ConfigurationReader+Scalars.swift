import Yams

/// A scalar after `${VAR}` expansion.
struct ExpandedScalar {
    /// The text as written in the file.
    var raw: String
    /// The text after expansion.
    var value: String
    /// The variables referenced.
    var variables: [String]
    /// Referenced variables that are unset (and had no default).
    var unset: [String]
    /// Referenced variables that are set but empty (and had no default).
    var empty: [String]
}

extension ConfigurationReader {
    /// The scalar's text, expanded, without reporting unset variables (the caller decides).
    /// Reports a non-scalar node or a `${` syntax error and returns `nil`.
    mutating func expandedScalar(_ node: Node, path: String) -> ExpandedScalar? {
        guard case .scalar(let scalar) = node else {
            error("expected a value, found \(Self.kind(node))", at: node, key: path)
            return nil
        }
        let result = Interpolation.expand(scalar.string, environment: environment)
        if let syntaxError = result.syntaxError {
            error(syntaxError, at: node, key: path)
            return nil
        }
        return ExpandedScalar(
            raw: scalar.string, value: result.value, variables: result.variables, unset: result.unset,
            empty: result.empty)
    }

    /// A required string: expanded, with unset variables reported by name.
    mutating func string(_ node: Node, path: String) -> String? {
        guard let scalar = expandedScalar(node, path: path) else { return nil }
        guard scalar.unset.isEmpty else {
            let names = scalar.unset.map { "'\($0)'" }.joined(separator: ", ")
            let noun = scalar.unset.count == 1 ? "variable" : "variables"
            error("environment \(noun) \(names) is not set (use ${NAME:-default} for a fallback)", at: node, key: path)
            return nil
        }
        return scalar.value
    }

    /// Text of a scalar to quote in a message: as written when it used `${…}`, so an expanded
    /// value never shows, and passed through ``display(_:)``.
    func quoted(_ node: Node) -> String {
        guard case .scalar(let scalar) = node else { return Self.kind(node) }
        let text = scalar.string
        for secret in secrets where text.contains(secret) { return "<not shown>" }
        return "'\(Self.display(text))'"
    }

    /// An integer within `range`.
    mutating func int(_ node: Node, path: String, atLeast minimum: Int? = nil) -> Int? {
        guard let text = string(node, path: path) else { return nil }
        guard let value = Int(text.trimmingBlanks()) else {
            error("expected a whole number, found \(quoted(node))", at: node, key: path)
            return nil
        }
        if let minimum, value < minimum {
            error("must be at least \(minimum), found \(value)", at: node, key: path)
            return nil
        }
        return value
    }

    /// A finite number.
    mutating func double(_ node: Node, path: String) -> Double? {
        guard let text = string(node, path: path) else { return nil }
        guard let value = Double(text.trimmingBlanks()), value.isFinite else {
            error("expected a number, found \(quoted(node))", at: node, key: path)
            return nil
        }
        return value
    }

    /// `true` or `false` (YAML 1.1 spellings `yes`/`no`/`on`/`off` included).
    mutating func bool(_ node: Node, path: String) -> Bool? {
        guard let text = string(node, path: path) else { return nil }
        switch text.trimmingBlanks().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error("expected true or false, found \(quoted(node))", at: node, key: path)
            return nil
        }
    }

    /// A duration (`250ms`, `30s`, `5m`, `1h`, bare seconds). With `positive`, zero is refused.
    mutating func duration(_ node: Node, path: String, positive: Bool = true) -> Duration? {
        guard let text = string(node, path: path) else { return nil }
        switch DurationParser.parse(text) {
        case .success(let value):
            if positive && value <= .zero {
                error("must be longer than zero", at: node, key: path)
                return nil
            }
            return value
        case .failure(.negative):
            error("a duration cannot be negative, found \(quoted(node))", at: node, key: path)
        case .failure(.tooLarge):
            error("duration \(quoted(node)) is too large", at: node, key: path)
        case .failure(.malformed):
            error(
                "invalid duration \(quoted(node)): write a number and a unit, like 250ms, 30s, 5m or 1h", at: node,
                key: path)
        }
        return nil
    }

    /// A list of strings; a single scalar is not accepted.
    mutating func strings(_ node: Node, path: String) -> [(value: String, node: Node, path: String)]? {
        guard let items = items(node, path: path) else { return nil }
        var result: [(String, Node, String)] = []
        for item in items {
            if let value = string(item.node, path: item.path) { result.append((value, item.node, item.path)) }
        }
        return result
    }

    /// A list of capability names as a set; unknown names are reported with "did you mean".
    mutating func capabilities(_ node: Node, path: String) -> CapabilitySet? {
        guard let names = strings(node, path: path) else { return nil }
        var set: CapabilitySet = []
        for entry in names {
            if let capability = CapabilitySet(name: entry.value) {
                set.insert(capability)
            } else {
                let hint = EditDistance.hint(for: entry.value, among: CapabilitySet.named.map(\.name))
                let known = CapabilitySet.named.map(\.name).joined(separator: ", ")
                error(
                    "unknown capability \(quoted(entry.node))\(hint); known: \(known)", at: entry.node,
                    key: entry.path)
            }
        }
        return set
    }
}
