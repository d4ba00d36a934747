@_spi(Testing) import AIRoute
import Foundation
import Testing

/// Replays the committed fuzz corpora (Fuzz/Corpus/) through the same calls as the libFuzzer
/// harnesses in Fuzz/Sources/, so CI checks every seed and every crash ever found without
/// building the fuzzer. Keep each body in step with its harness (the calls, not new logic).
/// The argument-parser corpus is replayed in AIRouteCLITests (ArgumentsFuzzCorpusReplayTests).
@Suite struct FuzzCorpusReplayTests {
    static func corpus(_ name: String) -> [(name: String, bytes: [UInt8])] {
        let directory = Repository.root.appendingPathComponent("Fuzz/Corpus/\(name)")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.sorted().compactMap { file in
            (try? Data(contentsOf: directory.appendingPathComponent(file))).map { (file, Array($0)) }
        }
    }

    /// Fuzz/Sources/FuzzSSEDecoder/Harness.swift
    @Test func sseDecoder() {
        let inputs = Self.corpus("sse-decoder")
        #expect(inputs.count >= 5)
        for (name, bytes) in inputs {
            func decode(_ pieces: [ArraySlice<UInt8>]) -> [String] {
                var decoder = ServerSentEventDecoder(maximumEventSize: 4096)
                var out: [String] = []
                do {
                    for piece in pieces {
                        for event in try decoder.feed(piece) { out.append("\(event)") }
                    }
                    let end = try decoder.finish()
                    out += end.events.map { "\($0)" }
                    out.append("complete: \(end.isComplete)")
                } catch {
                    out.append("error: \(error)")
                }
                return out
            }
            let whole = decode([bytes[...]])
            let slices = decode(bytes.indices.map { bytes[$0...$0] })
            #expect(whole == slices, "split-dependent decoding of \(name)")
        }
    }

    /// Fuzz/Sources/FuzzRetryAfter/Harness.swift
    @Test func retryAfter() {
        let inputs = Self.corpus("retry-after")
        #expect(inputs.count >= 5)
        for (name, bytes) in inputs {
            let text = String(decoding: bytes, as: UTF8.self)
            var headers: [(name: String, value: String)] = []
            var bodyDelay: String?
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("retryDelay=") {
                    bodyDelay = String(line.dropFirst("retryDelay=".count))
                } else if let colon = line.firstIndex(of: ":") {
                    headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
                } else {
                    headers.append(("retry-after", String(line)))
                }
            }
            let now = Timestamp(secondsSince1970: 1_764_000_000)
            let cap = Duration.seconds(60)
            if let wait = RetryAfter.parse(headers: headers, bodyRetryDelay: bodyDelay, now: now, cap: cap) {
                #expect(wait > .zero && wait <= cap, "\(name): wait \(wait)")
            }
            for value in [text] + headers.map(\.value) {
                for seconds in [
                    RetryAfter.decimalSeconds(value), RetryAfter.goDuration(value),
                    RetryAfter.httpDate(value, now: now),
                ] {
                    if let seconds { #expect(seconds > 0 && seconds.isFinite, "\(name): \(seconds) for \(value)") }
                }
            }
        }
    }

    /// Fuzz/Sources/FuzzConfiguration/Harness.swift
    @Test func configuration() {
        let inputs = Self.corpus("configuration")
        #expect(inputs.count >= 5)
        let canary = "sk-canary-fuzz-5f3c9a7e"
        let environment = ["OPENAI_API_KEY": canary, "ANTHROPIC_API_KEY": canary, "HOME": "/nonexistent"]
        for (name, bytes) in inputs {
            let yaml = String(decoding: bytes, as: UTF8.self)
            do {
                let configuration = try Configuration.parse(yaml: yaml, file: "fuzz.yaml", environment: environment)
                for warning in configuration.warnings {
                    #expect(!"\(warning)".contains(canary), "\(name): a warning shows a key")
                }
            } catch {
                #expect(!"\(error)".contains(canary), "\(name): a configuration error shows a key")
            }
        }
    }
}
