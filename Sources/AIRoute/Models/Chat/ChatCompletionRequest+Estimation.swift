#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// What the router derives from a chat request (docs/routing.md, "Capability filtering"): its size,
// whether it needs vision or audio input, and its largest attachment.

extension ChatCompletionRequest {
    /// A rough, tokenizer-free estimate of the prompt's size in tokens.
    ///
    /// Counts one token per four UTF-8 bytes of every text (message contents, names, tool-call
    /// arguments, tool definitions and the response-format schema), plus 4 tokens per message
    /// and 3 for the reply's priming, plus per image 85 tokens at `detail: low` and 765 otherwise
    /// (a 1024×1024 image in 512-pixel tiles), plus per audio part 32 tokens a second, its length
    /// guessed from its size (32 kB a second for `wav` and `pcm`, 16 kB for compressed formats).
    /// Good enough to rule out members whose context window is clearly too small; never exact.
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
                    case .other(let object):
                        if part.isInputAudio {
                            tokens += Self.estimatedAudioTokens(part)
                        } else {
                            bytes += Self.encodedSize(object)
                        }
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

    /// Whether any message has an `input_audio` part (and so needs a member with `audio_input`).
    public var hasAudioParts: Bool {
        messages.contains { $0.hasAudioParts }
    }

    /// The decoded size in bytes of the largest image or audio attachment
    /// (``ContentPart/attachmentBytes``); 0 when there is none, or only images given by URL.
    public var largestAttachmentBytes: Int {
        attachments.largestBytes
    }

    /// What the messages' parts attach, in one pass; text-only messages cost a type check each.
    var attachments: (images: Bool, audio: Bool, largestBytes: Int) {
        var result = (images: false, audio: false, largestBytes: 0)
        for message in messages {
            guard case .parts(let parts)? = message.content else { continue }
            for part in parts {
                switch part {
                case .text: continue
                case .imageURL: result.images = true
                case .other: if part.isInputAudio { result.audio = true } else { continue }
                }
                result.largestBytes = max(result.largestBytes, part.attachmentBytes)
            }
        }
        return result
    }

    private static func estimatedAudioTokens(_ part: ContentPart) -> Int {
        let compressed = !["wav", "pcm", "pcm16"].contains(part.inputAudio?.format.lowercased() ?? "")
        let bytesPerSecond = compressed ? 16_000 : 32_000
        return part.attachmentBytes * 32 / bytesPerSecond
    }

    private static func encodedSize(_ value: some Encodable) -> Int {
        (try? DirectJSONEncoder.encode(value).count) ?? 0
    }
}
