import Foundation

/// `${VAR}` and `${VAR:-default}` substitution in configuration strings.
///
/// - `${VAR}` is the variable's value; an unset variable is reported in ``Result/unset``.
/// - `${VAR:-default}` is the value when `VAR` is set and non-empty, else `default` (literal text).
/// - `$$` is a literal `$`; a `$` followed by anything else is kept as it is.
/// - Variable names are `[A-Za-z_][A-Za-z0-9_]*`.
enum Interpolation {
    /// The outcome of expanding one string.
    struct Result: Equatable {
        /// The expanded text (unset variables expand to nothing).
        var value: String
        /// Every variable referenced, in order of appearance.
        var variables: [String] = []
        /// Variables referenced without a default that are not set.
        var unset: [String] = []
        /// Variables referenced without a default that are set but empty.
        var empty: [String] = []
        /// What is wrong with the `${…}` syntax, if anything. Never contains a value.
        var syntaxError: String?
    }

    /// Expands `text` against `environment`.
    static func expand(_ text: String, environment: [String: String]) -> Result {
        guard text.contains("$") else { return Result(value: text) }
        var result = Result(value: "")
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            guard character == "$", next < text.endIndex else {
                result.value.append(character)
                index = next
                continue
            }
            if text[next] == "$" {
                result.value.append("$")
                index = text.index(after: next)
                continue
            }
            guard text[next] == "{" else {
                result.value.append(character)
                index = next
                continue
            }
            let bodyStart = text.index(after: next)
            guard let close = text[bodyStart...].firstIndex(of: "}") else {
                result.syntaxError = "unterminated '${' (write '$$' for a literal '$')"
                return result
            }
            let body = text[bodyStart..<close]
            let name: Substring
            let fallback: Substring?
            if let separator = body.range(of: ":-") {
                name = body[..<separator.lowerBound]
                fallback = body[separator.upperBound...]
            } else {
                name = body
                fallback = nil
            }
            guard isValidName(name) else {
                result.syntaxError = "'${…}' must hold a variable name like ${OPENAI_API_KEY} or ${NAME:-default}"
                return result
            }
            let variable = String(name)
            result.variables.append(variable)
            let value = environment[variable]
            if let fallback {
                if let value, !value.isEmpty {
                    result.value += value
                } else {
                    result.value += fallback
                }
            } else if let value {
                if value.isEmpty { result.empty.append(variable) }
                result.value += value
            } else {
                result.unset.append(variable)
            }
            index = text.index(after: close)
        }
        return result
    }

    private static func isValidName(_ name: Substring) -> Bool {
        guard let first = name.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}
