import Foundation
import Testing

@testable import AIRoute

/// `input_audio` parts (the `audio_input` capability) and attachment sizes (`max_attachment_size`).
struct AudioInputAndAttachmentTests {
    /// 10 bytes of audio, base64 with padding.
    static let audio = ContentPart.inputAudio(data: Data(repeating: 7, count: 10).base64EncodedString(), format: "wav")

    static func request(_ parts: [ContentPart]) -> ChatCompletionRequest {
        ChatCompletionRequest(
            model: "pool", messages: [.system("Be brief."), ChatMessage(role: .user, content: .parts(parts))])
    }

    @Test func anAudioPartIsOpenAIsChatFormat() throws {
        let encoded = try JSONValue(encoding: Self.audio)
        #expect(encoded == ["type": "input_audio", "input_audio": ["data": "BwcHBwcHBwcHBw==", "format": "wav"]])
        let decoded = try JSONDecoder().decode(ContentPart.self, from: try JSONEncoder().encode(Self.audio))
        #expect(decoded.inputAudio?.data == "BwcHBwcHBwcHBw==")
        #expect(decoded.inputAudio?.format == "wav")
        #expect(decoded.isInputAudio)
        #expect(!ContentPart.text("x").isInputAudio)
    }

    @Test(arguments: 0..<9)
    func attachmentSizesAreTheDecodedSizes(count: Int) {
        let bytes = Data((0..<count).map { UInt8($0) })
        let padded = bytes.base64EncodedString()
        let unpadded = String(padded.prefix { $0 != "=" })
        #expect(ContentPart.inputAudio(data: padded, format: "mp3").attachmentBytes == count)
        #expect(ContentPart.inputAudio(data: unpadded, format: "mp3").attachmentBytes == count)
        #expect(ContentPart.imageURL("data:image/png;base64,\(padded)").attachmentBytes == count)
        #expect(ContentPart.imageURL("DATA:image/png;BASE64,\(unpadded)").attachmentBytes == count)
    }

    @Test func imagesByURLAndOtherPartsCountZero() {
        #expect(ContentPart.imageURL("https://example.com/fox.png").attachmentBytes == 0)
        #expect(ContentPart.imageURL("data:text/plain,hello%20there").attachmentBytes == 13)
        #expect(ContentPart.text("a long text").attachmentBytes == 0)
        #expect(ContentPart.other(["type": "file", "file": ["file_data": "AAAA"]]).attachmentBytes == 0)
    }

    @Test func requirementsOfAChatRequest() {
        let image = ContentPart.imageURL("data:image/jpeg;base64,\(Data(count: 30).base64EncodedString())")
        let mixed = Self.request([
            .text("What do you hear and see?"), Self.audio, image, .imageURL("https://e.com/a.png"),
        ])
        #expect(mixed.hasAudioParts)
        #expect(mixed.hasImageParts)
        #expect(mixed.largestAttachmentBytes == 30)
        let requirements = Requirements(mixed, streaming: false)
        #expect(requirements.capabilities == [.vision, .audioInput])
        #expect(requirements.attachmentBytes == 30)

        let text = Requirements(Self.request([.text("Hi")]), streaming: true)
        #expect(text.capabilities == [.streaming])
        #expect(text.attachmentBytes == nil)
        let byURL = Requirements(Self.request([.imageURL("https://e.com/a.png")]), streaming: false)
        #expect(byURL.capabilities == [.vision])
        #expect(byURL.attachmentBytes == nil)
    }

    @Test func audioCountsAsSecondsNotAsText() {
        // One second of 16 kHz 16-bit WAV, base64 (~43 kB of text): 32 tokens, not ~10,700.
        let second = ContentPart.inputAudio(data: Data(count: 32_000).base64EncodedString(), format: "wav")
        let mp3 = ContentPart.inputAudio(data: Data(count: 32_000).base64EncodedString(), format: "mp3")
        let base = Self.request([.text("Transcribe.")]).estimatedPromptTokens
        #expect(Self.request([.text("Transcribe."), second]).estimatedPromptTokens == base + 32)
        #expect(Self.request([.text("Transcribe."), mp3]).estimatedPromptTokens == base + 64)
    }

    // MARK: Wire formats

    @Test func openAICompatibleProvidersReceiveThePartUnchanged() throws {
        let member = WireTestSupport.member(.openai, model: "gpt-4o-audio-preview", key: "k")
        let body = try WireTestSupport.json(
            OpenAIWire().chatRequest(Self.request([.text("Hi"), Self.audio]), member: member, stream: false))
        #expect(
            body["messages"]?.arrayValue?.last?["content"]
                == [
                    ["type": "text", "text": "Hi"],
                    ["type": "input_audio", "input_audio": ["data": "BwcHBwcHBwcHBw==", "format": "wav"]],
                ])
    }

    @Test(arguments: [
        ("wav", "audio/wav"), ("mp3", "audio/mp3"), ("flac", "audio/flac"), ("aac", "audio/aac"), ("ogg", "audio/ogg"),
        ("aiff", "audio/aiff"), ("m4a", "audio/mp4"), ("opus", "audio/opus"), ("pcm16", "audio/pcm"),
        ("webm", "audio/webm"),
    ])
    func geminiReceivesInlineData(format: String, mimeType: String) throws {
        let member = WireTestSupport.member(.gemini, model: "gemini-2.5-flash", key: "k")
        let part = ContentPart.inputAudio(data: "UklGRg==", format: format)
        let body = try WireTestSupport.json(
            GeminiWire().chatRequest(Self.request([.text("What is this?"), part]), member: member, stream: false))
        #expect(
            body["contents"]
                == [
                    [
                        "role": "user",
                        "parts": [
                            ["text": "What is this?"],
                            ["inlineData": ["mimeType": .string(mimeType), "data": "UklGRg=="]],
                        ],
                    ]
                ])
    }

    @Test func anthropicRefusesAudioBeforeSending() throws {
        let member = WireTestSupport.member(.anthropic, model: "claude", key: "k")
        let error = #expect(throws: UpstreamFailure.self) {
            try AnthropicWire().chatRequest(Self.request([.text("Hi"), Self.audio]), member: member, stream: false)
        }
        #expect(error?.errorClass == .invalidRequest)
        #expect(error?.message.contains("do not accept audio input") == true)
        #expect(error?.message.contains("audio_input") == true)
    }
}
