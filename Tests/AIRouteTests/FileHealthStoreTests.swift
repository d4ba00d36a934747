@_spi(Testing) import AIRoute
import Foundation
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(2)))
struct FileHealthStoreTests {
    let directory: String
    var path: String { directory + "/health.json" }
    let settings = RoutingSettings()

    init() throws {
        directory = NSTemporaryDirectory() + "airoute-health-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    final class Warnings: Sendable {
        let list = Mutex<[String]>([])
        var all: [String] { list.withLock { $0 } }
        var sink: @Sendable (String) -> Void { { message in self.list.withLock { $0.append(message) } } }
    }

    func fileMembers() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return object?["members"] as? [String: Any] ?? [:]
    }

    @Test func fiftyConcurrentWritersLoseNoUpdate() async throws {
        let path = self.path
        let readFailures = Warnings()
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<50 {
                group.addTask {
                    // Each writer has its own store, so its own file handles and lock descriptor.
                    let store = FileHealthStore(path: path)
                    for round in 0..<20 {
                        store.update("member-\(round % 3)") { $0.successes += 1 }
                        if writer % 10 == 0 {
                            let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
                            if (try? JSONSerialization.jsonObject(with: data)) == nil {
                                readFailures.sink("unparseable")
                            }
                        }
                    }
                }
            }
        }
        let store = FileHealthStore(path: path)
        let total = (0..<3).map { store.health(of: "member-\($0)").successes }.reduce(0, +)
        #expect(total == 1000)
        #expect(readFailures.all.isEmpty)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains("tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func fileAndLockAreOwnerOnly() throws {
        let store = FileHealthStore(path: path)
        store.update("m") { $0.recordSuccess(at: Timestamp(secondsSince1970: 1), latency: .milliseconds(5)) }
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let lockMode = try FileManager.default.attributesOfItem(atPath: path + ".lock")[.posixPermissions] as? Int
        #expect(lockMode == 0o600)
    }

    @Test func aKilledWritersTemporaryFileIsRemovedAndTheFileStaysReadable() throws {
        let first = FileHealthStore(path: path)
        first.update("m") { $0.successes = 7 }
        // A writer killed after writing half of its temporary file and before the rename.
        try Data("{\"version\":1,\"mem".utf8).write(to: URL(fileURLWithPath: path + ".tmp"))
        let warnings = Warnings()
        let second = FileHealthStore(path: path, warn: warnings.sink)
        #expect(second.health(of: "m").successes == 7)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
        #expect(warnings.all.isEmpty)
    }

    @Test(arguments: [
        "", "{", "{\"version\":1,\"members\":{\"m\":{\"successes\":", "[1,2,3]", "not json at all",
        "{\"version\":99,\"members\":{}}", "{\"version\":1,\"members\":\"nope\"}", "\u{0}\u{1}\u{2}",
    ])
    func corruptOrForeignFilesAreIgnoredWithOneWarningAndRewritten(_ contents: String) throws {
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        let warnings = Warnings()
        let store = FileHealthStore(path: path, warn: warnings.sink)
        #expect(store.snapshot().isEmpty)
        store.update("m") { $0.successes += 1 }
        store.update("m") { $0.successes += 1 }
        #expect(warnings.all.count == (contents.isEmpty ? 0 : 1))
        #expect(store.health(of: "m").successes == 2)
        #expect(try fileMembers().count == 1)
    }

    @Test func hugeFileIsIgnored() throws {
        let huge = "{\"version\":1,\"members\":{\"x\":\"" + String(repeating: "a", count: 5 * 1024 * 1024) + "\"}}"
        try Data(huge.utf8).write(to: URL(fileURLWithPath: path))
        let warnings = Warnings()
        let store = FileHealthStore(path: path, warn: warnings.sink)
        #expect(store.snapshot().isEmpty)
        #expect(warnings.all.first?.contains("larger than") == true)
    }

    @Test func futureDatedAndImpossibleEntriesAreNotTrusted() throws {
        let clock = ManualClock()
        let now = clock.now().secondsSince1970
        let file: [String: Any] = [
            "version": 1,
            "members": [
                "skewed": [
                    "lastSeen": now + 3600, "successes": 1, "failures": 0, "consecutiveFailures": 0, "ejections": 0,
                ],
                "forever": [
                    "openUntil": now + 10 * 86400, "successes": 0, "failures": 3, "consecutiveFailures": 3,
                    "ejections": 1,
                ],
                "negative": ["successes": -5, "failures": 0, "consecutiveFailures": 0, "ejections": 0],
                "fine": [
                    "lastSeen": now - 10, "openUntil": now + 30, "successes": 2, "failures": 3,
                    "consecutiveFailures": 3, "ejections": 1,
                ],
            ],
        ]
        try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: path))
        let store = FileHealthStore(path: path, clock: clock)
        #expect(Set(store.snapshot().keys) == ["fine"])
        #expect(
            store.health(of: "fine").availability(at: clock.now())
                == .unavailable(until: Timestamp(secondsSince1970: now + 30)))
    }

    @Test func entriesForUnconfiguredMembersExpire() throws {
        let clock = ManualClock()
        let old = FileHealthStore(path: path, clock: clock)
        old.update("gone") { $0.recordSuccess(at: clock.now(), latency: nil) }
        old.update("kept") { $0.recordSuccess(at: clock.now(), latency: nil) }
        clock.advance(by: .seconds(8 * 86400))
        let store = FileHealthStore(path: path, knownMembers: ["kept", "new"], clock: clock)
        store.update("new") { $0.recordSuccess(at: clock.now(), latency: nil) }
        #expect(Set(store.snapshot().keys) == ["kept", "new"])
    }

    @Test func anotherProcessesUpdateIsSeenAfterRefresh() {
        let a = FileHealthStore(path: path)
        let b = FileHealthStore(path: path)
        a.update("m") { $0.recordFailure(.auth, status: 401, at: Timestamp(secondsSince1970: 100), settings: settings) }
        #expect(b.health(of: "m").failures == 0)
        b.refresh()
        #expect(b.health(of: "m").failures == 1)
        // An update through b merges with a's state rather than overwriting it.
        b.update("m") { $0.successes += 1 }
        a.refresh()
        #expect(a.health(of: "m").failures == 1 && a.health(of: "m").successes == 1)
    }

    @Test func unwritableLocationKeepsHealthInMemory() throws {
        // A path under a regular file cannot be created, for root too.
        let blocker = directory + "/blocker"
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let warnings = Warnings()
        let store = FileHealthStore(path: blocker + "/health.json", warn: warnings.sink)
        store.update("m") { $0.successes += 1 }
        store.update("m") { $0.successes += 1 }
        #expect(store.health(of: "m").successes == 2)
        #expect(warnings.all.count == 1)
    }

    @Test func memberIdentityNamesTheKeyVariableNeverTheKey() {
        let provider = ProviderConfiguration(
            name: "openai", type: .openai, apiKey: Secret("sk-canary-abcdef123456"), apiKeyVariable: "OPENAI_API_KEY")
        let model = ModelConfiguration(id: "gpt", provider: "openai", capabilities: [.chat])
        let store = FileHealthStore(path: path)
        let id = RouteMember.healthID(model: model, provider: provider, fingerprinter: store.fingerprinter)
        #expect(id.hasPrefix("openai https://api.openai.com/v1 gpt $OPENAI_API_KEY #"))
        store.update(id) {
            $0.recordFailure(.auth, status: 401, at: Timestamp(secondsSince1970: 5), settings: settings)
        }
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        #expect(text.contains("OPENAI_API_KEY"))
        #expect(!text.contains("sk-canary"))
    }

    @Test func aNewKeyValueStartsWithCleanHealthAndTheFingerprintIsKeyed() throws {
        // The first user's case: a 401 with a wrong key, then the variable is given the right key.
        let model = ModelConfiguration(id: "gpt", provider: "openai", capabilities: [.chat])
        func provider(_ key: String) -> ProviderConfiguration {
            ProviderConfiguration(name: "openai", type: .openai, apiKey: Secret(key), apiKeyVariable: "OPENAI_API_KEY")
        }
        let store = FileHealthStore(path: path)
        let wrong = RouteMember.healthID(
            model: model, provider: provider("sk-wrong"), fingerprinter: store.fingerprinter)
        let right = RouteMember.healthID(
            model: model, provider: provider("sk-right"), fingerprinter: store.fingerprinter)
        #expect(wrong != right)
        store.update(wrong) {
            $0.recordFailure(.auth, status: 401, at: Timestamp(secondsSince1970: 5), settings: settings)
        }
        #expect(store.health(of: right).failures == 0)
        // Another process on the same file agrees on identities (the secret is kept beside it, 0600)…
        let other = FileHealthStore(path: path)
        #expect(
            RouteMember.healthID(model: model, provider: provider("sk-wrong"), fingerprinter: other.fingerprinter)
                == wrong)
        var info = stat()
        #expect(stat(directory + "/fingerprint.key", &info) == 0 && info.st_mode & 0o777 == 0o600)
        // …while a store with another secret does not: the fingerprint is keyed, not a bare hash of the key.
        let elsewhere = InMemoryHealthStore()
        #expect(
            RouteMember.healthID(model: model, provider: provider("sk-wrong"), fingerprinter: elsewhere.fingerprinter)
                != wrong)
    }
}
