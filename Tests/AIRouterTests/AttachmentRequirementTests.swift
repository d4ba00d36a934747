import Foundation
import Testing

@testable import AIRouter

/// The `audio_input` capability and `max_attachment_size`: a member that cannot take a chat
/// request's attachments is skipped before any request.
struct AttachmentRequirementTests {
    @Test func audioInputIsSpelledAfterVisionAndKeepsEveryOtherBit() {
        #expect(CapabilitySet(name: "audio_input") == .audioInput)
        #expect(CapabilitySet.named.map(\.name).firstIndex(of: "audio_input") == 4)
        #expect(CapabilitySet.audioInput.rawValue == 1 << 9)
        #expect(CapabilitySet.imageGeneration.rawValue == 1 << 8)
        #expect(([.vision, .audioInput] as CapabilitySet).names == ["vision", "audio_input"])
    }

    @Test func theModelKeyParsesLikeAByteSize() throws {
        let yaml = """
            version: 1
            providers: {m: {type: mock}}
            models:
              eyes: {provider: m, capabilities: [chat, vision, audio_input], max_attachment_size: 5MiB}
              plain: {provider: m, capabilities: [chat]}
              broken: {provider: m, capabilities: [chat], max_attachment_size: huge}
            """
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationFixture.parse(yaml) }
        #expect(error?.description.contains("models.broken.max_attachment_size") == true)
        let configuration = try ConfigurationFixture.parse(
            yaml.replacingOccurrences(of: "max_attachment_size: huge", with: "max_attachment_size: 20MB"))
        #expect(configuration.models["eyes"]?.maxAttachmentBytes == 5_242_880)
        #expect(configuration.models["eyes"]?.capabilities == [.chat, .vision, .audioInput])
        #expect(configuration.models["broken"]?.maxAttachmentBytes == 20_000_000)
        #expect(configuration.models["plain"]?.maxAttachmentBytes == nil)
    }

    @Test func aTooLargeAttachmentIsUnmet() {
        let model = ModelConfiguration(
            id: "claude", provider: "p", capabilities: [.chat, .vision], maxAttachmentBytes: 3_932_160)
        let fits = Requirements(operation: .chat, capabilities: .vision, attachmentBytes: 3_932_160)
        #expect(model.unmet(fits) == nil)
        let large = Requirements(operation: .chat, capabilities: .vision, attachmentBytes: 4_000_000)
        #expect(model.unmet(large) == .attachmentSize(bytes: 4_000_000, limit: 3_932_160))
        #expect(
            model.unmet(large)?.description == "attachment of 4000000 bytes exceeds its limit of 3932160 bytes")
        // Undeclared is not "no"; an unknown size (an image by URL) is not checked.
        #expect(ModelConfiguration(id: "m", provider: "p", capabilities: [.chat, .vision]).unmet(large) == nil)
        #expect(model.unmet(Requirements(operation: .chat, capabilities: .vision)) == nil)
        // Audio needs the capability.
        let audio = Requirements(operation: .chat, capabilities: .audioInput, attachmentBytes: 10)
        #expect(model.unmet(audio) == .capabilities(.audioInput))
    }

    @Test func theBuiltInCatalogDeclaresAudioAndAttachmentLimits() throws {
        let configuration = Configuration.builtIn(environment: [
            "OPENAI_API_KEY": "sk", "ANTHROPIC_API_KEY": "ant", "GEMINI_API_KEY": "gem",
        ])
        let models = configuration.models
        #expect(models["gpt-4o-mini"]?.maxAttachmentBytes == 20_000_000)
        #expect(models["claude-3-5-haiku"]?.maxAttachmentBytes == 3_932_160)
        #expect(models["claude-sonnet-4"]?.capabilities.contains(.jsonOutput) == true)
        #expect(models["gemini-2.5-flash"]?.maxAttachmentBytes == 75_000_000)
        let audio = models.values.filter { $0.capabilities.contains(.audioInput) }.map(\.id).sorted()
        #expect(audio == ["gemini-2.0-flash", "gemini-2.5-flash"])
    }
}
