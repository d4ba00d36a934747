import AIRouteCLI
import Foundation
import Testing

/// Replays Fuzz/Corpus/arguments through the same call as Fuzz/Sources/FuzzArguments/Harness.swift
/// (arguments separated by NUL bytes; `Invocation.parse` either types them or throws a UsageError).
@Suite struct ArgumentsFuzzCorpusReplayTests {
    @Test func arguments() {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus/arguments")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
        #expect(files.count >= 5)
        for file in files {
            guard let data = try? Data(contentsOf: directory.appendingPathComponent(file)) else { continue }
            let arguments = Array(data).split(separator: 0, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            do {
                _ = try Invocation.parse(arguments)
            } catch {
                #expect(!error.message.isEmpty, "\(file)")
            }
        }
    }
}
