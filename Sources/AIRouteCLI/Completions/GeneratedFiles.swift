import Foundation

/// The files generated and committed to the repository: the shell completion scripts and the man
/// pages — from ``CommandTable``, and `airoute-config(5)` from docs/configuration.md.
/// `CompletionsAndManTests` checks that each committed file equals its generator's output, and
/// rewrites them when run with `AIROUTE_REGENERATE=1`.
enum GeneratedFiles {
    /// Each file's path, relative to the repository root, and its generator, given the root.
    static let all: [(path: String, contents: @Sendable (_ root: String) -> String?)] = [
        ("completions/airoute.bash", { _ in BashCompletion.script() }),
        ("completions/_airoute", { _ in ZshCompletion.script() }),
        ("completions/airoute.fish", { _ in FishCompletion.script() }),
        ("man/airoute.1", { _ in ManPage.page() }),
        (
            "man/airoute-config.5",
            { root in
                (try? String(contentsOfFile: root + "/" + ConfigManPage.source, encoding: .utf8)).map {
                    ConfigManPage.page(markdown: $0)
                }
            }
        ),
    ]

    /// The contents of the file at `path` in the repository at `root`, or `nil` for a path that
    /// is not generated (or whose source cannot be read).
    static func contents(of path: String, root: String) -> String? {
        all.first { $0.path == path }?.contents(root)
    }
}
