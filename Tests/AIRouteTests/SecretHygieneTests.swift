import AIRoute
import AIRouteTesting
import Foundation
import Synchronization
import Testing

/// S35 on the library path: a canary key goes through every error path (401 echoing the key,
/// 400 echoing the request's Authorization header, in-band stream errors, an unreachable host, a
/// redirect, invalid configuration) with trace logging captured in memory and a file health
/// store; the key must appear nowhere: not in `RouteError.description`, the failures' messages,
/// the attempt records, the logs or the health file. (The binary's paths — stdout, stderr,
/// `--json`, `-v`, the health file — are BinaryTests.canaryKeyNeverAppearsAnywhere.)
@Suite(.timeLimit(.minutes(1)))
struct SecretHygieneTests {
    static let canary = "sk-canary-9d2f7b3e1a6c4058"
    static let geminiCanary = "AIzaSyCanary0123456789abcdefGHIJKLMNOPQR"

    /// Every substring of the key of 8 characters or more, plus encoded forms, must be absent.
    static func leaks(_ text: String, _ key: String = canary) -> [String] {
        var found: [String] = []
        let forms = [
            key, String(key.dropFirst(3)), String(key.suffix(12)),
            Data(key.utf8).base64EncodedString(),
            key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key,
            String(key.reversed()),
        ]
        for form in forms where text.contains(form) { found.append(form) }
        let chars = Array(key)
        for start in 0...(chars.count - 12) where text.contains(String(chars[start..<start + 12])) {
            found.append(String(chars[start..<start + 12]))
        }
        return found
    }

    @Test func canaryKeyNeverLeavesTheLibrary() async throws {
        let store = MemoryLogHandler.Store()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "airoute-canary-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let healthPath = directory.appendingPathComponent("health.json").path
        let catalog = FakeCatalog(members: [
            .init(id: "a", key: Self.canary, keyVariable: "CANARY_A"),
            .init(id: "b", key: Self.canary, keyVariable: "CANARY_B"),
            .init(id: "c", key: Self.canary, keyVariable: "CANARY_C"),
            .init(id: "g", key: Self.geminiCanary, keyVariable: "CANARY_G", type: .gemini),
            .init(id: "u", baseURL: "http://127.0.0.1:9/v1", key: Self.canary, keyVariable: "CANARY_U"),
        ])
        var texts: [String] = []
        try await FakeProviderServer.withServer { server in
            let configuration = catalog.configuration(server)
            let health = FileHealthStore(path: healthPath, clock: SystemClock()) { message in
                store.lines.withLock { $0.append("health warning: \(message)") }
            }
            let client = OpenAIClient(
                configuration: configuration, health: health, logger: MemoryLogHandler.logger(store))
            server.script(
                model: "a",
                [
                    .status(401, message: "Incorrect API key provided: \(Self.canary)")
                ])
            server.script(model: "b", [.status(400, message: "you sent: Authorization: Bearer \(Self.canary)")])
            // 1: a → 401 (cooled), b → 400 echoing the request: returned to the caller.
            do {
                _ = try await client.ask()
                Issue.record("expected an error")
            } catch let error as RouteError {
                texts += ["\(error)", String(reflecting: error), error.message, error.failure.map { "\($0)" } ?? ""]
                texts += error.routing.attempts.compactMap(\.message)
            } catch {
                Issue.record("unexpected error \(error)")
            }
            // 2: b answers an in-band error echoing the key mid-stream, c redirects elsewhere, the Gemini
            // member answers 403 echoing its key, the unreachable member is refused.
            server.script(
                model: "b", [.inBandError(afterChunks: 0, status: 500, message: "key \(Self.canary) rejected")])
            server.script(model: "c", [.redirect(to: "http://127.0.0.2:1/steal?key=\(Self.canary)")])
            server.script(model: "g", [.status(403, message: "API key \(Self.geminiCanary) not valid")])
            do {
                let stream = try await client.chat.completions.stream(model: "pool", messages: [.user("Hi")])
                let (_, streamError) = await collect(stream)
                if let streamError {
                    texts +=
                        ["\(streamError)", streamError.message] + streamError.routing.attempts.compactMap(\.message)
                }
                texts += stream.routing.attempts.compactMap(\.message)
            } catch let error as RouteError {
                // Every member failed before content: the stream could not open.
                texts += ["\(error)", error.message] + error.routing.attempts.compactMap(\.message)
            } catch {
                texts.append("\(error)")
            }
            try await client.shutdown()
            #expect(server.requestCount(path: "/steal") == 0)
            // Each key went only to its own member's requests, in headers, never in a URL.
            for request in server.requests {
                #expect(!request.uri.contains(Self.canary) && !request.uri.contains(Self.geminiCanary))
            }
        }
        let healthFile = (try? String(contentsOfFile: healthPath, encoding: .utf8)) ?? ""
        #expect(!healthFile.isEmpty)
        texts.append(healthFile)
        texts.append(store.all)
        #expect(store.all.contains("sending request"), "trace/debug logging was captured")
        let everything = texts.joined(separator: "\n")
        #expect(Self.leaks(everything).isEmpty, "canary forms found: \(Self.leaks(everything))")
        #expect(Self.leaks(everything, Self.geminiCanary).isEmpty)
    }

    /// Invalid configurations that carry keys (literal, interpolated from the environment, and
    /// misplaced into a URL or header) report every problem without the key.
    @Test(arguments: [
        "version: 1\nproviders:\n  p: {type: openai, api_key: \(canary), bse_url: x}\n",
        "version: 1\nproviders:\n  p: {type: openai, api_key: \"${KEY}\", base_url: \"${KEY}\"}\n",
        "version: 1\nproviders:\n  p: {type: openai, base_url: \"https://user:${KEY}@api.example.com/v1\"}\n",
        "version: 1\nproviders:\n  p: {type: nonsense, api_key: \"${KEY}\", headers: {Authorization: \"Bearer ${KEY}\"}}\nmodels:\n  m: {provider: q}\n",
        "version: 1\nproviders:\n  p: {type: openai, api_key: [\"${KEY}\"]}\n",
        "version: 2\n\(canary): 1\n",
        "version: 1\nproviders:\n  p: {type: openai, api_key: \"${KEY}\", timeout: \"${KEY}\"}\ndefaults: {timeout: \"${KEY}\"}\n",
    ])
    func invalidConfigurationNeverShowsTheKey(yaml: String) throws {
        do {
            let configuration = try Configuration.parse(
                yaml: yaml, file: "canary.yaml", environment: ["KEY": Self.canary])
            let warnings = configuration.warnings.map { "\($0)" }.joined(separator: "\n")
            #expect(Self.leaks(warnings).isEmpty, "\(warnings)")
            let dump = "\(configuration.providers.values.map { "\($0)" })"
            #expect(Self.leaks(dump).isEmpty, "\(dump)")
        } catch {
            let text = "\(error)"
            #expect(Self.leaks(text).isEmpty, "\(text)")
        }
    }
}

/// S37 (b): hostile `base_url` values are refused at configuration load with a clear error.
@Suite struct BaseURLAbuseTests {
    @Test(arguments: [
        "https://evil.example#.openai.azure.com",
        "https://user:pw@api.example.com/v1",
        "http://169.254.169.254/v1",
        "http://10.0.0.5/v1",
        "file:///etc/passwd",
        "https://api.example.com/v1\r\nX-Injected: 1",
        "https://api.example.com/v1 ",
    ])
    func s37_hostileBaseURLIsRefusedAtLoad(url: String) {
        let escaped = url.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
        let yaml = "version: 1\nproviders:\n  p: {type: openai, api_key: \"${KEY}\", base_url: \"\(escaped)\"}\n"
        #expect(throws: ConfigurationError.self, "\(url)") {
            try Configuration.parse(yaml: yaml, file: "urls.yaml", environment: ["KEY": SecretHygieneTests.canary])
        }
    }
}
