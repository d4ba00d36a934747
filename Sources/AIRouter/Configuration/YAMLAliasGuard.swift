/// A textual pre-check for the one alias expansion that Yams would perform before
/// ``YAMLDocument`` can count nodes: hashing mapping keys.
///
/// Yams compares the keys of every mapping to find duplicates, hashing each key in full. A
/// key that is (or contains) an alias of a deeply aliased structure therefore costs time
/// exponential in the document's size. Configuration keys are always plain names, so when a
/// document uses aliases at all, any complex key — an explicit `? key`, an alias used as a
/// key (`*a: 1`), or a flow collection used as a key (`[a, b]: 1`) — is refused up front.
/// The scan is deliberately simple (per line, quotes and comments skipped); it may refuse an
/// odd but harmless document that uses aliases, never the other way round.
enum YAMLAliasGuard {
    /// The 1-based line of a complex key in a document that also uses aliases, or `nil`.
    static func complexKeyLineInDocumentWithAliases(_ text: String) -> Int? {
        guard text.contains("*") else { return nil }
        var usesAliases = false
        var complexKeyLine: Int?
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let scan = scanLine(Array(line.unicodeScalars))
            usesAliases = usesAliases || scan.hasAlias
            if scan.hasComplexKey && complexKeyLine == nil { complexKeyLine = offset + 1 }
        }
        return usesAliases ? complexKeyLine : nil
    }

    private static func isBlank(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return true }
        return scalar == " " || scalar == "\t" || scalar == "\r"
    }

    private static func isAnchorCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
    }

    /// Whether `characters[index...]` is blanks then `:` followed by a blank, end of line or flow punctuation.
    private static func colonFollows(_ characters: [Unicode.Scalar], from index: Int) -> Bool {
        var index = index
        while index < characters.count && isBlank(characters[index]) { index += 1 }
        guard index < characters.count, characters[index] == ":" else { return false }
        let after = index + 1 < characters.count ? characters[index + 1] : nil
        return isBlank(after) || after == "," || after == "}" || after == "]"
    }

    private static func scanLine(_ characters: [Unicode.Scalar]) -> (hasAlias: Bool, hasComplexKey: Bool) {
        var hasAlias = false
        var hasComplexKey = false
        var atNode = true
        var quote: Unicode.Scalar?
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if let open = quote {
                if character == open { quote = nil }
                index += 1
                continue
            }
            if character == " " || character == "\t" || character == "\r" {
                index += 1
                continue
            }
            if character == "#" && (index == 0 || isBlank(characters[index - 1])) { break }
            if (character == "\"" || character == "'") && atNode {
                quote = character
                atNode = false
            } else if character == "[" || character == "{" || character == "," {
                atNode = true
            } else if (character == "-" || character == ":") && isBlank(next) {
                atNode = true
            } else if character == "?" && atNode && isBlank(next) {
                hasComplexKey = true
            } else if character == "]" || character == "}" {
                if colonFollows(characters, from: index + 1) { hasComplexKey = true }
                atNode = false
            } else if (character == "*" || character == "&" || character == "!") && atNode
                && next.map(isAnchorCharacter) == true
            {
                var end = index + 1
                while end < characters.count && isAnchorCharacter(characters[end]) { end += 1 }
                if character == "*" {
                    hasAlias = true
                    if colonFollows(characters, from: end) { hasComplexKey = true }
                    atNode = false
                }
                index = end
                continue
            } else {
                atNode = false
            }
            index += 1
        }
        return (hasAlias, hasComplexKey)
    }
}
