import Foundation
import Testing

@testable import AIRouteCLI

/// The bash script at work: `_airoute` run on a prepared `COMP_WORDS`.
extension CompletionsAndManTests {
    /// What `_airoute` puts in `COMPREPLY` for `words` with the cursor on the last one.
    private func complete(_ words: [String], path: String? = nil) throws -> [String] {
        let bash = try #require(Support.which("bash"))
        let driver = """
            source "$1"
            COMP_CWORD=$2
            shift 2
            COMP_WORDS=("$@")
            _airoute
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        var environment = ProcessInfo.processInfo.environment
        if let path { environment["PATH"] = path + ":" + (environment["PATH"] ?? "/usr/bin:/bin") }
        let arguments = ["--norc", "--noprofile", "-c", driver, "bash", "completions/airoute.bash", "\(words.count - 1)"]
        let result = try Support.run(bash, arguments + words, environment: environment)
        #expect(result.status == 0, "\(result.err)")
        return result.out.split(separator: "\n").map(String.init)
    }

    @Test("bash completes subcommands, options and option values")
    func bashCompletesWords() throws {
        #expect(try complete(["airoute", "chat", "--no-"]) == ["--no-state", "--no-stream"])
        #expect(try complete(["airoute", "--no-"]) == ["--no-state"])
        #expect(try complete(["airoute", "tr"]) == ["transcribe"])
        #expect(try complete(["airoute", "-v", "--timeout", "5s", "he"]) == ["health", "help"])
        #expect(try complete(["airoute", "help", ""]) == CommandTable.commands.map(\.name))
        #expect(try complete(["airoute", "help", "chat", ""]) == [])
        #expect(try complete(["airoute", "speak", "--format", "f"]) == ["flac"])
        #expect(try complete(["airoute", "transcribe", "--format", "v"]) == ["vtt", "verbose_json"])
        #expect(try complete(["airoute", "chat", "-vs", ""]) == [])
        // `--probe=` arrives as `--probe` `=` (COMP_WORDBREAKS) or whole; both complete `live`.
        #expect(try complete(["airoute", "health", "--probe", "="]) == ["live"])
        #expect(try complete(["airoute", "health", "--probe", "=", "l"]) == ["live"])
        #expect(try complete(["airoute", "health", "--probe=l"]) == ["--probe=live"])
        #expect(try complete(["airoute", "health", "--include", ""]) == ["image"])
        #expect(try complete(["airoute", "chat", "--", "-"]) == [])
    }

    @Test("bash completes file names for -c, -o and transcribe's FILE")
    func bashCompletesFiles() throws {
        #expect(try complete(["airoute", "-c", "examples/off"]) == ["examples/offline.yaml"])
        #expect(try complete(["airoute", "--config=examples/off"]) == ["--config=examples/offline.yaml"])
        #expect(try complete(["airoute", "speak", "-o", "examples/off"]) == ["examples/offline.yaml"])
        #expect(try complete(["airoute", "transcribe", "examples/off"]) == ["examples/offline.yaml"])
        #expect(try complete(["airoute", "chat", "examples/off"]) == [])
    }

    @Test("bash completes -m with the pools of the configuration", .enabled(if: Support.binary != nil))
    func bashCompletesPools() throws {
        let bin = try #require(Support.binary).deletingLastPathComponent().path
        let offline = Support.root.appendingPathComponent("examples/offline.yaml").path
        let pools = ["text-generation", "embeddings", "text-to-speech", "speech-to-text", "text-to-image"]
        #expect(try complete(["airoute", "-c", offline, "chat", "-m", ""], path: bin) == pools)
        #expect(try complete(["airoute", "chat", "-c", offline, "--model", "text-to-"], path: bin)
            == ["text-to-speech", "text-to-image"])
        #expect(try complete(["airoute", "-vc", offline, "embed", "-m", "emb"], path: bin) == ["embeddings"])
        #expect(try complete(["airoute", "--config=\(offline)", "health", "e"], path: bin) == ["embeddings"])
        #expect(try complete(["airoute", "-c\(offline)", "pools", "sp"], path: bin) == ["speech-to-text"])
        #expect(try complete(["airoute", "-c", offline, "pools", "embeddings", ""], path: bin) == [])
        // A configuration airoute cannot load: nothing, silently.
        #expect(try complete(["airoute", "-c", "/nonexistent.yaml", "chat", "-m", ""], path: bin) == [])
    }
}
