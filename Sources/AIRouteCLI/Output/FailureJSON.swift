import AIRoute
import Foundation

/// `--json` failures: one OpenAI-shaped error object on stdout (the stderr message is printed too).
enum FailureJSON {
    static func print(_ body: OpenAIErrorBody, io: IO) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(body) else { return }
        _ = io.writeOut(data + Data("\n".utf8))
    }
}
