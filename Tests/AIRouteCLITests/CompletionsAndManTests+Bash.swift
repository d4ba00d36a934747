import Foundation
import Testing

@testable import AIRouteCLI

/// The bash script at work: `_airoute` run on a prepared `COMP_WORDS`.
extension CompletionsAndManTests {
    /// What `_airoute` puts in `COMPREPLY` for `words` with the cursor on the last one.
    private func complete(_ words: [String], path: String? = nil) async throws -> [String] {
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
        let arguments = [
            "--norc", "--noprofile", "-c", driver, "bash", "completions/airoute.bash", "\(words.count - 1)",
        ]
        let result = try await Support.run(bash, arguments + words, environment: environment)
        #expect(result.status == 0, "\(result.err)")
        return result.out.split(separator: "\n").map(String.init)
    }

    @Test("bash completes subcommands, options and option values")
    func bashCompletesWords() async throws {
        #expect(try await complete(["airoute", "chat", "--no-"]) == ["--no-state", "--no-log", "--no-stream"])
        #expect(try await complete(["airoute", "--no-"]) == ["--no-state", "--no-log"])
        #expect(try await complete(["airoute", "tr"]) == ["transcribe"])
        #expect(try await complete(["airoute", "-v", "--timeout", "5s", "he"]) == ["health", "help"])
        #expect(try await complete(["airoute", "help", ""]) == CommandTable.commands.map(\.name))
        #expect(try await complete(["airoute", "help", "chat", ""]) == [])
        #expect(try await complete(["airoute", "config", ""]) == ["path", "init", "check"])
        #expect(try await complete(["airoute", "config", "i"]) == ["init"])
        #expect(try await complete(["airoute", "transcribe", "--format", "v"]) == ["vtt", "verbose_json"])
        #expect(try await complete(["airoute", "chat", "-vs", ""]) == [])
        // `--probe=` arrives as `--probe` `=` (COMP_WORDBREAKS) or whole; both complete `live`.
        #expect(try await complete(["airoute", "health", "--probe", "="]) == ["live"])
        #expect(try await complete(["airoute", "health", "--probe", "=", "l"]) == ["live"])
        #expect(try await complete(["airoute", "health", "--probe=l"]) == ["--probe=live"])
        #expect(try await complete(["airoute", "health", "--include", ""]) == ["image"])
        #expect(try await complete(["airoute", "chat", "--", "-"]) == [])
    }

    @Test("bash completes file names for -c, -o and transcribe's FILE")
    func bashCompletesFiles() async throws {
        #expect(try await complete(["airoute", "-c", "examples/off"]) == ["examples/offline.yaml"])
        #expect(try await complete(["airoute", "--config=examples/off"]) == ["--config=examples/offline.yaml"])
        #expect(try await complete(["airoute", "speak", "-o", "examples/off"]) == ["examples/offline.yaml"])
        #expect(try await complete(["airoute", "transcribe", "examples/off"]) == ["examples/offline.yaml"])
        #expect(try await complete(["airoute", "chat", "examples/off"]) == [])
    }

    @Test("bash completes -m with the pools of the configuration", .enabled(if: Support.binary != nil))
    func bashCompletesPools() async throws {
        let bin = try #require(Support.binary).deletingLastPathComponent().path
        let offline = Support.root.appendingPathComponent("examples/offline.yaml").path
        let pools = ["text-generation", "embeddings", "text-to-speech", "speech-to-text", "text-to-image"]
        #expect(try await complete(["airoute", "-c", offline, "chat", "-m", ""], path: bin) == pools)
        #expect(
            try await complete(["airoute", "chat", "-c", offline, "--model", "text-to-"], path: bin)
                == ["text-to-speech", "text-to-image"])
        #expect(try await complete(["airoute", "-vc", offline, "embed", "-m", "emb"], path: bin) == ["embeddings"])
        #expect(try await complete(["airoute", "--config=\(offline)", "health", "e"], path: bin) == ["embeddings"])
        #expect(try await complete(["airoute", "-c\(offline)", "pools", "sp"], path: bin) == ["speech-to-text"])
        #expect(try await complete(["airoute", "-c", offline, "pools", "embeddings", ""], path: bin) == [])
        // Voices and formats are the speech members' in the configuration.
        #expect(
            try await complete(["airoute", "-c", offline, "speak", "--voice", ""], path: bin) == [
                "alloy", "echo", "nova",
            ])
        #expect(try await complete(["airoute", "-c", offline, "speak", "--voice", "n"], path: bin) == ["nova"])
        #expect(try await complete(["airoute", "-c", offline, "speak", "--format", ""], path: bin) == ["wav", "pcm"])
        // A configuration airoute cannot load: nothing, silently.
        #expect(try await complete(["airoute", "-c", "/nonexistent.yaml", "chat", "-m", ""], path: bin) == [])
    }
}
