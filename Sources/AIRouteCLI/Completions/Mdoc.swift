import Foundation

/// Escaping for mdoc(7) source: text lines, literal displays and macro arguments.
enum Mdoc {
    /// Prose as text lines: one sentence a line (mdoc's "new sentence, new line"), `\` as `\e`,
    /// dashes that are not inside a word as `\-`, `e.g.` protected from ending a sentence, and
    /// `\&` before a line that would start with `.` or `'`.
    static func text(_ prose: String) -> [String] {
        sentences(prose).flatMap { sentence in
            var line = escapeBackslashes(sentence)
            line = escapeDashes(line, all: false)
            line = escapeNonASCII(line)
            line = line.replacingOccurrences(of: "e.g. ", with: "e.g.\\& ")
                .replacingOccurrences(of: "i.e. ", with: "i.e.\\& ")
            return wrap(line).map(protectLineStart)
        }
    }

    /// The most bytes on a text line (`mandoc -Tlint` flags longer ones).
    static let width = 80

    /// Breaks a sentence at spaces into lines of at most ``width`` bytes (a longer word stays
    /// whole); a line that would end in `.` mid-sentence gets `\&`, so it does not end one.
    static func wrap(_ sentence: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in sentence.split(separator: " ").map(String.init) {
            // Two bytes are kept for the `\&` a line ending in a full stop gets.
            if !current.isEmpty, current.utf8.count + 1 + word.utf8.count > width - 2 {
                lines.append(current)
                current = word
            } else {
                current += current.isEmpty ? word : " " + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.enumerated().map { index, line in
            index + 1 < lines.count && ".?!".contains(line.last ?? " ") ? line + "\\&" : line
        }
    }

    /// A line of a literal display (`.Bd -literal`): every `-` is a minus sign, so that the
    /// command can be copied from a rendered page.
    static func literal(_ line: String) -> String {
        protectLineStart(escapeDashes(escapeBackslashes(line), all: true))
    }

    /// A macro argument: `\&` before a word that mdoc could take for a macro name (`No`, `Ar`),
    /// quotes around one with spaces.
    static func argument(_ word: String) -> String {
        var word = escapeBackslashes(word)
        if let first = word.first, first.isUppercase, (2...3).contains(word.count) { word = "\\&" + word }
        return word.contains(" ") ? "\"\(word)\"" : word
    }

    /// Splits prose into sentences at `.`, `?` or `!` (maybe closed by `)`, `'` or `"`) followed
    /// by a space, except after `e.g`, `i.e` and an ellipsis; line breaks in the prose also split.
    static func sentences(_ prose: String) -> [String] {
        var result: [String] = []
        for paragraphLine in prose.split(separator: "\n") {
            var current = ""
            var characters = Array(paragraphLine)[...]
            while let character = characters.popFirst() {
                current.append(character)
                guard ".?!".contains(character) else { continue }
                while let next = characters.first, ")'\"".contains(next) {
                    current.append(next)
                    characters.removeFirst()
                }
                guard characters.first == " ", !current.hasSuffix("e.g."), !current.hasSuffix("i.e."),
                    !current.hasSuffix("..")
                else { continue }
                result.append(current.trimmingSpaces())
                current = ""
            }
            if !current.trimmingSpaces().isEmpty { result.append(current.trimmingSpaces()) }
        }
        return result
    }

    /// Characters beyond ASCII as mdoc escapes (`—` as `\(em`, others as `\[uXXXX]`), so the
    /// source is ASCII and line widths are counted as mandoc counts them.
    static func escapeNonASCII(_ text: String) -> String {
        let named: [Unicode.Scalar: String] = [
            "\u{2014}": "\\(em", "\u{2013}": "\\(en", "\u{2192}": "\\(->", "\u{2190}": "\\(<-", "\u{00D7}": "\\(mu",
            "\u{2265}": "\\(>=", "\u{2264}": "\\(<=", "\u{2018}": "\\(oq", "\u{2019}": "\\(cq", "\u{201C}": "\\(lq",
            "\u{201D}": "\\(rq", "\u{2026}": "\\&...",
        ]
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                result.unicodeScalars.append(scalar)
            } else {
                result += named[scalar] ?? "\\[u" + String(format: "%04X", scalar.value) + "]"
            }
        }
        return result
    }

    private static func escapeBackslashes(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\e")
    }

    /// `-` as `\-`: every one, or (`all: false`) those not between two letters (`built-in`
    /// keeps its hyphen, `--probe` and `'-'` get minus signs).
    private static func escapeDashes(_ text: String, all: Bool) -> String {
        let characters = Array(text)
        var result = ""
        for (index, character) in characters.enumerated() {
            guard character == "-" else {
                result.append(character)
                continue
            }
            let inWord =
                index > 0 && index + 1 < characters.count
                && characters[index - 1].isLetter && characters[index + 1].isLetter
            result += all || !inWord ? "\\-" : "-"
        }
        return result
    }

    private static func protectLineStart(_ line: String) -> String {
        line.hasPrefix(".") || line.hasPrefix("'") ? "\\&" + line : line
    }
}

extension String {
    /// The string without leading and trailing spaces.
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
