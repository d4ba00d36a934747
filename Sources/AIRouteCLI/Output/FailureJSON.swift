import AIRoute
import Foundation
import Synchronization

/// `--json` failures: one OpenAI-shaped error object on stdout (the stderr message is printed too),
/// unless the command already wrote its JSON answer there (a content-filtered reply).
enum FailureJSON {
    /// Whether anything was written to stdout.
    final class Mark: Sendable {
        private let used = Mutex(false)
        func set() { used.withLock { $0 = true } }
        var isSet: Bool { used.withLock { $0 } }
    }

    static func print(_ body: OpenAIErrorBody, io: IO) {
        guard let data = try? StableJSONEncoder.compact.encode(body) else { return }
        _ = io.writeOut(data + Data("\n".utf8))
    }
}
