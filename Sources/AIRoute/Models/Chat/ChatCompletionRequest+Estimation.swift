#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// What the router derives from a chat request (docs/routing.md, "Capability filtering"): its size
// and whether it needs vision.

extension ChatCompletionRequest {
    /// A rough, tokenizer-free estimate of the prompt's size in tokens.
    ///
    /// Counts one token per four UTF-8 bytes of every text (message contents, names, tool-call
    /// arguments, tool definitions and the response-format schema), plus 4 tokens per message
    /// and 3 for the reply's priming, plus per image 85 tokens at `detail: low` and 765 otherwise
    /// (a 1024×1024 image in 512-pixel tiles). Good enough to rule out members whose context
    /// window is clearly too small; never exact.
    public var estimatedPromptTokens: Int {
        var bytes = 0
        var tokens = 3
        for message in messages {
            tokens += 4
            bytes += message.role.rawValue.utf8.count + (message.name?.utf8.count ?? 0)
            switch message.content {
            case .text(let text):
                bytes += text.utf8.count
            case .parts(let parts):
                for part in parts {
                    switch part {
                    case .text(let text): bytes += text.utf8.count
                    case .imageURL(let image): tokens += image.detail == .low ? 85 : 765
                    case .other(let object): bytes += Self.encodedSize(object)
                    }
                }
            case nil:
                break
            }
            for call in message.toolCalls ?? [] {
                bytes += call.function.name.utf8.count + call.function.arguments.utf8.count
            }
        }
        if let tools { bytes += Self.encodedSize(tools) }
        if case .jsonSchema(let schema) = responseFormat { bytes += Self.encodedSize(schema) }
        return tokens + (bytes + 3) / 4
    }

    /// Whether any message has an image part (and so needs a member with `vision`).
    public var hasImageParts: Bool {
        messages.contains { $0.hasImageParts }
    }

    private static func encodedSize(_ value: some Encodable) -> Int {
        (try? DirectJSONEncoder.encode(value).count) ?? 0
    }
}
