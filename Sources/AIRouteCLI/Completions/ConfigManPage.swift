import Foundation

/// Generates `man/airoute-config.5` (mdoc) from docs/configuration.md, the configuration
/// reference whose tables `ConfigurationReferenceDocTests` holds to the reader: so the installed
/// page lists every key, its type, default and example, and cannot drift from either.
///
/// The Markdown it reads is the reference's own subset: `##`/`###` headings, paragraphs,
/// numbered and bulleted lists, pipe tables (the first column names the entry) and fenced code.
///
/// ```swift
/// let page = ConfigManPage.page(markdown: reference)   // the committed man/airoute-config.5
/// ```
enum ConfigManPage {
    /// The Markdown source, relative to the repository root.
    static let source = "docs/configuration.md"

    /// The whole page.
    static func page(markdown: String) -> String {
        var lines = [
            ".\\\" Generated from \(source) by",
            ".\\\" Sources/AIRouteCLI/Completions/ConfigManPage.swift; do not edit. Regenerate with:",
            ".\\\"   \(CompletionModel.regenerate)",
            ".Dd \(ManPage.date)",
            ".Dt AIROUTE-CONFIG 5",
            ".Os",
            ".Sh NAME",
            ".Nm airoute-config",
            ".Nd the airoute configuration file",
            ".Sh DESCRIPTION",
        ]
        lines += Mdoc.text(
            "airoute reads one YAML file (where from: below; airoute config path prints it). This page lists every "
                + "key it accepts, with its type, default and an example; airoute config check validates a file "
                + "without calling any provider, and airoute config init writes a starter one.")
        lines += body(markdown)
        lines += [".Sh SEE ALSO", ".Xr airoute 1"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The Markdown after its title, block by block.
    static func body(_ markdown: String) -> [String] {
        var lines: [String] = []
        var input = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        _ = input.popFirst()  // the `#` title: the page's NAME
        // The introduction speaks to the sources' readers: the page has its own DESCRIPTION.
        while let line = input.first, !line.hasPrefix("## ") { input.removeFirst() }
        var paragraph: [String] = []
        var needsBreak = false
        func flush() {
            guard !paragraph.isEmpty else { return }
            if needsBreak { lines.append(".Pp") }
            lines += Mdoc.text(inline(paragraph.joined(separator: " ")))
            paragraph = []
            needsBreak = true
        }
        while let line = input.popFirst() {
            if line.hasPrefix("## ") || line.hasPrefix("### ") {
                flush()
                var title = inline(String(line.drop { $0 == "#" }.dropFirst()))
                while title.hasSuffix(":") { title.removeLast() }  // `defaults:` is the DEFAULTS section
                lines.append(line.hasPrefix("## ") ? ".Sh \(title.uppercased())" : ".Ss \(title)")
                needsBreak = false
            } else if line.hasPrefix("```") {
                flush()
                lines += [".Bd -literal -offset indent"]
                while let code = input.popFirst(), !code.hasPrefix("```") { lines.append(Mdoc.literal(code)) }
                lines.append(".Ed")
            } else if line.hasPrefix("|") {
                flush()
                var rows = [line]
                while let next = input.first, next.hasPrefix("|") { rows.append(input.removeFirst()) }
                lines += table(rows)
                needsBreak = true
            } else if let item = listItem(line) {
                flush()
                var items = [item.text]
                while let next = input.first, let more = listItem(next), more.numbered == item.numbered {
                    input.removeFirst()
                    items.append(more.text)
                }
                lines.append(item.numbered ? ".Bl -enum" : ".Bl -bullet")
                for text in items { lines += [".It"] + Mdoc.text(inline(text)) }
                lines.append(".El")
                needsBreak = true
            } else if line.trimmingCharacters(in: .whitespaces).isEmpty {
                flush()
            } else {
                paragraph.append(line.trimmingCharacters(in: .whitespaces))
            }
        }
        flush()
        return lines
    }

    /// A pipe table as a tagged list: the first column is the tag, each other column a
    /// `Header: value.` sentence, and a `meaning` column plain prose.
    static func table(_ rows: [String]) -> [String] {
        let cells = rows.map { row in
            row.trimmingCharacters(in: .whitespaces).dropFirst().dropLast().split(
                separator: "|", omittingEmptySubsequences: false
            ).map { inline(String($0)).trimmingCharacters(in: .whitespaces) }
        }
        guard let header = cells.first else { return [] }
        var lines = [".Bl -tag -width Ds"]
        for row in cells.dropFirst(2) where !row.isEmpty {
            lines.append(".It Cm \(Mdoc.argument(row[0]))")
            var prose: [String] = []
            for (index, cell) in row.enumerated().dropFirst() where !cell.isEmpty && index < header.count {
                let name = header[index]
                if name == "meaning" || name == "what it does" {
                    prose.append(cell)
                } else {
                    prose.append(
                        name.prefix(1).uppercased() + name.dropFirst() + ": " + cell + (cell.hasSuffix(".") ? "" : "."))
                }
            }
            lines += Mdoc.text(prose.joined(separator: " "))
        }
        lines.append(".El")
        return lines
    }

    /// `1. text` or `- text`.
    private static func listItem(_ line: String) -> (numbered: Bool, text: String)? {
        if line.hasPrefix("- ") { return (false, String(line.dropFirst(2))) }
        let digits = line.prefix { $0.isNumber }
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") {
            return (true, String(line.dropFirst(digits.count + 2)))
        }
        return nil
    }

    /// Markdown inline markup removed: code spans keep their text, `**bold**` its words, a link its text.
    static func inline(_ text: String) -> String {
        var result = ""
        var rest = text[...]
        while let character = rest.popFirst() {
            switch character {
            case "`":
                continue
            case "*" where rest.first == "*":
                rest.removeFirst()
            case "[":
                if let close = rest.firstIndex(of: "]"), rest[rest.index(after: close)...].hasPrefix("("),
                    let end = rest[close...].firstIndex(of: ")")
                {
                    result += rest[..<close]
                    rest = rest[rest.index(after: end)...]
                } else {
                    result.append(character)
                }
            default:
                result.append(character)
            }
        }
        return result
    }
}
