import Testing

@_spi(Testing) @testable import AIRouter

/// The endpoint an attempt records (`-v`, logs, error messages): the method and URL without query
/// string, fragment or credentials, whatever the URL holds.
struct AttemptEndpointTests {
    func context() -> AttemptContext {
        let member = RouteMember(
            model: ModelConfiguration(id: "m", provider: "p", capabilities: .chat),
            provider: ProviderConfiguration(name: "p", type: .openai, baseURL: "https://example.com/v1"), priority: 1,
            weight: 1,
            fingerprinter: KeyFingerprinter(secret: Array(repeating: 7, count: KeyFingerprinter.secretLength)))
        let clock = ManualClock()
        return AttemptContext(
            member: member, settings: RoutingSettings(), deadline: clock.now() + .seconds(5), attempt: 1, pool: "pool",
            clock: clock)
    }

    @Test(arguments: [
        ("https://api.example.com/v1/chat/completions", "POST https://api.example.com/v1/chat/completions"),
        (
            "https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21",
            "POST https://x.openai.azure.com/openai/deployments/d/chat/completions"
        ),
        (
            "https://user:secret@proxy.example.com/v1/chat/completions",
            "POST https://proxy.example.com/v1/chat/completions"
        ),
        (
            "https://example.com/v1/models/gemini:streamGenerateContent?alt=sse&key=AIza#frag",
            "POST https://example.com/v1/models/gemini:streamGenerateContent"
        ),
        ("https://example.com/v1/path@with-at/chat", "POST https://example.com/v1/path@with-at/chat"),
    ])
    func theRecordedEndpointHasNoQueryFragmentOrCredentials(url: String, expected: String) {
        let context = context()
        #expect(context.endpoint == nil)
        context.noteEndpoint(method: "POST", url: url)
        #expect(context.endpoint == expected)
    }
}
