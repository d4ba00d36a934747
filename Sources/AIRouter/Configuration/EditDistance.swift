/// "Did you mean" suggestions for misspelt names.
enum EditDistance {
    /// The Levenshtein distance between two strings, compared case-insensitively.
    static func distance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.lowercased())
        let b = Array(rhs.lowercased())
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The candidate closest to `name`, if it is close enough to be a plausible misspelling.
    static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = distance(name, candidate)
            let limit = max(2, candidate.count / 3)
            guard distance <= limit, distance < max(name.count, 1) + 1 else { continue }
            if let current = best, current.distance <= distance { continue }
            best = (candidate, distance)
        }
        return best?.candidate
    }

    /// `" (did you mean 'X'?)"`, or an empty string when nothing is close.
    static func hint(for name: String, among candidates: some Sequence<String>) -> String {
        guard let match = suggestion(for: name, among: candidates) else { return "" }
        return " (did you mean '\(match)'?)"
    }
}

/// "Did you mean" suggestions by edit distance, for the error messages of every module in the
/// package (the CLI's unknown commands, options and pools).
package enum Suggestion {
    /// The candidate closest to `word`, if it is close enough to be a plausible typo.
    package static func closest(to word: String, among candidates: [String]) -> String? {
        EditDistance.suggestion(for: word, among: candidates)
    }
}
