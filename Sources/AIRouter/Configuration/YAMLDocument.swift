import Yams

/// Turns configuration text into a Yams `Node` tree, safely.
///
/// Guards against hostile or broken input: documents over ``maximumBytes`` are refused
/// unparsed; alias expansion ("billion laughs") is bounded by counting nodes as an expanded
/// tree with a budget of ``maximumNodes`` (and, before composing, ``YAMLAliasGuard`` refuses
/// aliased mapping keys, which Yams would hash in full); an alias to an anchor that is not yet complete
/// (a recursive alias) is reported by the composer as an undefined alias. Parser messages
/// are rebuilt from libyaml's problem text and position only: Yams' own descriptions quote
/// the offending line, which could hold a key.
package enum YAMLDocument {
    /// Largest configuration accepted, in bytes (1 MiB).
    package static let maximumBytes = 1 << 20
    /// Largest number of nodes after alias expansion.
    static let maximumNodes = 100_000

    /// The root node (`nil` for an empty document), or one diagnostic saying why not.
    static func compose(
        _ text: String, file: String
    ) -> Swift.Result<Node?, ConfigurationError> {
        func failure(_ line: Int?, _ message: String) -> Swift.Result<Node?, ConfigurationError> {
            let diagnostic = ConfigurationDiagnostic(
                severity: .error, file: file, line: line, key: "", message: message)
            return .failure(ConfigurationError(diagnostics: [diagnostic]))
        }
        guard text.utf8.count <= maximumBytes else {
            return failure(nil, "the configuration is larger than \(maximumBytes / 1024) KiB")
        }
        if let line = YAMLAliasGuard.complexKeyLineInDocumentWithAliases(text) {
            return failure(line, "complex mapping keys are not allowed in a document that uses aliases")
        }
        let root: Node?
        do {
            // The basic resolver tags every plain scalar `str`: the reader interprets scalars itself
            // (never by tag), and the default resolver's regular expressions (ICU, compiled on first
            // use) cost a third of `airoute pools`' start-up.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            let (line, message) = describe(error)
            return failure(line, message)
        } catch {
            return failure(nil, "YAML: cannot parse the document")
        }
        guard let root else { return .success(nil) }
        var budget = maximumNodes
        guard fitsBudget(root, budget: &budget) else {
            return failure(
                root.mark?.line,
                "the document expands to more than \(maximumNodes) YAML nodes (aliases used as an expansion bomb?)"
            )
        }
        return .success(root)
    }

    /// Counts nodes depth-first, stopping as soon as the budget is spent.
    private static func fitsBudget(_ node: Node, budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        switch node {
        case .scalar, .alias:
            return true
        case .sequence(let sequence):
            for child in sequence where !fitsBudget(child, budget: &budget) { return false }
            return true
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard fitsBudget(key, budget: &budget), fitsBudget(value, budget: &budget) else { return false }
            }
            return true
        }
    }

    /// A line and a message without any quoted document text.
    private static func describe(_ error: YamlError) -> (Int?, String) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "YAML: \(problem)"
            if problem == "found undefined alias" {
                message += " (an alias must refer to an anchor defined before it; recursive aliases are not allowed)"
            }
            if let context {
                message += " (\(context.text) at line \(context.mark.line))"
            }
            return (mark.line, message)
        case .reader(let problem, _, _, _):
            return (nil, "YAML: cannot read the document: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return (context.mark.line, "duplicate key \(names) in one mapping")
        case .memory:
            return (nil, "YAML: out of memory while parsing")
        case .dataCouldNotBeDecoded:
            return (nil, "the configuration is not valid UTF-8")
        default:
            return (nil, "YAML: cannot parse the document")
        }
    }
}
