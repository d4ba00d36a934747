import Foundation

/// The outcome of probing one member.
public struct ProbeResult: Sendable, Codable, Hashable {
    /// The member's model id.
    public var member: String
    /// What was checked: `models` (the free model-list endpoint) or the live operation (`chat`…).
    public var kind: String
    /// Whether the member passed.
    public var ok: Bool
    /// The error class when it did not.
    public var errorClass: ErrorClass?
    /// The HTTP status, when there was one.
    public var status: Int?
    /// What went wrong, secret-free.
    public var message: String?
    /// Something worth knowing that is not a failure and changes no health — for example a
    /// model that the provider's list does not name (deployments, tags and proxies list models
    /// under other names than they serve).
    public var finding: String?
    /// How long the probe took, in milliseconds.
    public var latencyMs: Double

    enum CodingKeys: String, CodingKey {
        case member, kind, ok, status, message, finding
        case errorClass = "error_class"
        case latencyMs = "latency_ms"
    }
}

/// What a live probe sends for each operation, and what it may cost.
public enum LiveProbe {
    /// A short description of each operation's probe and its cost, for the user to read first.
    public static func costNote(_ operation: ModelOperation) -> String {
        switch operation {
        case .chat: "chat: one 'ping' message, max_tokens 5 (a few tokens)"
        case .embeddings: "embeddings: one 4-character input (a few tokens)"
        case .speech: "speech: the word 'ok' (2 characters of TTS)"
        case .transcription: "transcription: 0.5 s of generated silence (a fraction of a minute)"
        case .imageGeneration: "image generation: one image at the smallest declared size (billed per image)"
        }
    }
}

extension OpenAIClient {
    /// Checks reachability and authentication with each provider's model-list endpoint (which
    /// costs nothing): one request per provider, all concurrently, within one deadline.
    ///
    /// Only an error answer that a real request would also count — authentication, rate limit,
    /// quota, a transport failure or a 5xx — updates member health, by the same rules as real
    /// traffic; a good list changes nothing (it does not prove the model serves). A model missing from the list, or a provider without a model list (404), is a
    /// ``ProbeResult/finding``: providers list models under other names than they serve.
    public func probeModels(members: [RouteMember], timeout: Duration) async -> [ProbeResult] {
        let deadline = router.clock.now() + timeout
        var byProvider: [String: [RouteMember]] = [:]
        for member in members where member.provider.disabledReason == nil {
            byProvider[member.provider.name, default: []].append(member)
        }
        return await withTaskGroup(of: [ProbeResult].self) { group in
            for (_, providerMembers) in byProvider {
                group.addTask { await self.probeProviderModels(providerMembers, deadline: deadline) }
            }
            var results: [ProbeResult] = []
            for await batch in group { results += batch }
            return results
        }
    }

    private func probeProviderModels(_ members: [RouteMember], deadline: Timestamp) async -> [ProbeResult] {
        let provider = members[0].provider
        let clock = router.clock
        let start = clock.now()
        do {
            let backend = try engine.backend(for: provider)
            let ids = try await router.withDeadline(deadline) {
                try await backend.listModels(provider: provider, deadline: deadline)
            }
            let elapsed = clock.now() - start
            let available = Set(ids)
            return members.map { member in
                // Azure lists models, not deployments: reachability and the key are what it proves.
                let listed = ModelListing.isListed(member.model, type: provider.type, in: available) ?? true
                // A list proves less than a request: it changes no health (see above).
                var result = record(member, kind: "models", failure: nil, latency: elapsed, affectsHealth: false)
                if !listed {
                    result.finding =
                        "'\(member.model.upstreamName)' is not in the provider's model list (names may differ)"
                }
                return result
            }
        } catch {
            let failure = Self.probeFailure(error)
            let latency = clock.now() - start
            guard Self.listProbeCounts(failure) else {
                return members.map { member in
                    var result = record(member, kind: "models", failure: nil, latency: latency, affectsHealth: false)
                    let status = failure.status.map { " (HTTP \($0))" } ?? ""
                    result.finding = "no model list at this provider\(status); reachability only"
                    return result
                }
            }
            return members.map { record($0, kind: "models", failure: failure, latency: latency) }
        }
    }

    /// Whether a failed model-list request says something about the members: an answer that a
    /// real request would get too. A 404 or 400 says only that the list endpoint is missing.
    static func listProbeCounts(_ failure: UpstreamFailure) -> Bool {
        switch failure.errorClass {
        case .transient, .rateLimited, .quota, .auth: true
        default: false
        }
    }

    /// Sends the smallest real request for each member's operation (see ``LiveProbe/costNote(_:)``),
    /// concurrently within one deadline, straight to the member (an open circuit does not stop a
    /// probe). Image generation is probed only when `includeImages` is set.
    public func probeLive(
        members: [(RouteMember, ModelOperation)], includeImages: Bool, timeout: Duration
    ) async
        -> [ProbeResult]
    {
        let deadline = router.clock.now() + timeout
        return await withTaskGroup(of: ProbeResult?.self) { group in
            for (member, operation) in members where member.provider.disabledReason == nil {
                if operation == .imageGeneration && !includeImages { continue }
                group.addTask { await self.probeLive(member, operation: operation, deadline: deadline) }
            }
            var results: [ProbeResult] = []
            for await result in group { if let result { results.append(result) } }
            return results
        }
    }

    private func probeLive(_ member: RouteMember, operation: ModelOperation, deadline: Timestamp) async -> ProbeResult {
        let clock = router.clock
        let context = AttemptContext(
            member: member, settings: router.configuration.defaults, deadline: deadline, attempt: 1, pool: "probe",
            clock: clock)
        let model = member.model.id
        do {
            let backend = try engine.backend(for: member.provider)
            try await router.withDeadline(deadline) {
                switch operation {
                case .chat:
                    _ = try await backend.chat(
                        ChatCompletionRequest(model: model, messages: [.user("ping")], maxTokens: 5), context: context)
                case .embeddings:
                    _ = try await backend.embeddings(
                        EmbeddingRequest(model: model, input: .strings(["ping"])), context: context)
                case .speech:
                    let format = member.model.formats.first.map(AudioFormat.init(rawValue:))
                    let voice = member.model.voiceOrder.first ?? "alloy"
                    _ = try await backend.speech(
                        SpeechRequest(model: model, input: "ok", voice: Voice(rawValue: voice), responseFormat: format),
                        context: context)
                case .transcription:
                    _ = try await backend.transcription(
                        TranscriptionRequest(
                            model: model, file: SilentWAV.make(seconds: 0.5), fileName: "probe.wav",
                            responseFormat: .json),
                        context: context)
                case .imageGeneration:
                    _ = try await backend.images(
                        ImageGenerationRequest(
                            model: model, prompt: "a small grey square", n: 1,
                            size: member.model.sizes.first),
                        context: context)
                }
            }
            return record(member, kind: operation.rawValue, failure: nil, latency: clock.now() - context.startedAt)
        } catch {
            return record(
                member, kind: operation.rawValue, failure: Self.probeFailure(error),
                latency: clock.now() - context.startedAt)
        }
    }

    static func probeFailure(_ error: any Error) -> UpstreamFailure {
        switch error {
        case let failure as UpstreamFailure: failure
        case is DeadlineReached: UpstreamFailure(.transient, message: "no answer before the probe deadline")
        default: UpstreamFailure(.transient, message: String(String(describing: error).prefix(160)))
        }
    }

    private func record(
        _ member: RouteMember, kind: String, failure: UpstreamFailure?, latency: Duration, affectsHealth: Bool = true
    ) -> ProbeResult {
        let now = router.clock.now()
        let settings = router.configuration.defaults
        if affectsHealth {
            router.health.update(member.healthID) { health in
                if let failure {
                    health.recordFailure(
                        failure.errorClass, status: failure.status, retryAfter: failure.retryAfter, at: now,
                        settings: settings)
                } else {
                    health.recordSuccess(at: now, latency: latency)
                }
            }
        }
        return ProbeResult(
            member: member.model.id, kind: kind, ok: failure == nil, errorClass: failure?.errorClass,
            status: failure?.status, message: failure?.message, latencyMs: (latency.milliseconds * 10).rounded() / 10)
    }
}

/// A silent 16-bit mono PCM WAV, for transcription probes.
enum SilentWAV {
    static func make(seconds: Double, sampleRate: Int = 16000) -> Data {
        let samples = Int(seconds * Double(sampleRate))
        var data = Data()
        func append(_ value: UInt32, _ bytes: Int) {
            for i in 0..<bytes { data.append(UInt8((value >> (8 * UInt32(i))) & 0xFF)) }
        }
        data.append(contentsOf: Array("RIFF".utf8))
        append(UInt32(36 + samples * 2), 4)
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        append(16, 4)
        append(1, 2)
        append(1, 2)
        append(UInt32(sampleRate), 4)
        append(UInt32(sampleRate * 2), 4)
        append(2, 2)
        append(16, 2)
        data.append(contentsOf: Array("data".utf8))
        append(UInt32(samples * 2), 4)
        data.append(Data(count: samples * 2))
        return data
    }
}
