/// The files generated from ``CommandTable`` and committed to the repository: the shell
/// completion scripts and the man page. `CompletionsAndManTests` checks that each committed file
/// equals its generator's output, and rewrites them when run with `AIROUTE_REGENERATE=1`.
enum GeneratedFiles {
    /// Each file's path, relative to the repository root, and its generator.
    static let all: [(path: String, contents: @Sendable () -> String)] = [
        ("completions/airoute.bash", BashCompletion.script),
        ("completions/_airoute", ZshCompletion.script),
        ("completions/airoute.fish", FishCompletion.script),
        ("man/airoute.1", ManPage.page),
    ]

    /// The contents of the file at `path`, or `nil` for a path that is not generated.
    static func contents(of path: String) -> String? {
        all.first { $0.path == path }?.contents()
    }
}
