@_spi(Testing) import AIRoute
import AIRouteTesting
import Foundation
import Testing

@testable import AIRouteCLI

/// The built binary writing to what is not a plain new file (devices, FIFOs, descriptor paths,
/// symbolic links), and reading stdin the same way in every command. Runs as root in CI: each
/// device test first proves that the path is planned as a write-through.
@Suite(.timeLimit(.minutes(2)))
struct OutputFileBinaryTests {
    let airoute: Airoute

    init() throws { airoute = try Airoute() }

    func mock() throws -> [String] { ["-c", try airoute.config(mockConfigYAML()), "--no-state"] }

    @Test(arguments: [false, true])
    func devNullStaysACharacterDevice(force: Bool) async throws {
        try #require(try OutputTarget.resolve("/dev/null", overwrite: force) == .device("/dev/null"))
        let flag = force ? ["--force"] : []
        let speech = try await airoute.run(try mock() + ["speak"] + flag + ["-o", "/dev/null", "Hi"])
        #expect(speech.status == 0, "\(speech.err)")
        #expect(speech.out.isEmpty && speech.err.isEmpty)
        let image = try await airoute.run(try mock() + ["image"] + flag + ["-o", "/dev/null", "a fox"])
        #expect(image.status == 0, "\(image.err)")
        #expect(image.out == "/dev/null\n")
        var info = stat()
        #expect(lstat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
    }

    @Test(arguments: ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
    func descriptorPathsWriteToTheDescriptor(path: String) async throws {
        let result = try await airoute.run(try mock() + ["speak", "--format", "wav", "-o", path, "Hi"])
        #expect(result.status == 0, "\(result.err)")
        #expect(MediaMagic.isRIFFWave(result.outData))
        let json = try await airoute.run(try mock() + ["--json", "speak", "-o", path, "Hi"])
        #expect(json.status == 64)
        // No audio on stdout: only the one JSON error object --json promises.
        let error = try JSONSerialization.jsonObject(with: json.outData) as? [String: [String: Any]]
        #expect(error?["error"]?["code"] as? String == "usage")
    }

    @Test func aDescriptorOpenForReadingIsRefusedBeforeTheRequest() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(embeddingsConfig(server))
            let result = try await airoute.run(
                ["-c", config, "--no-state", "speak", "-o", "/dev/stdin", "Hi"], env: ["FAKE_KEY": "sk-test"],
                stdin: Data())
            #expect(result.status == 73)
            #expect(isOneLine(result.err, containing: "cannot write /dev/stdin: descriptor 0 is open for reading only"))
            #expect(server.requestCount == 0)
        }
    }

    @Test func processSubstitutionReceivesTheAudio() async throws {
        let config = try airoute.config(mockConfigYAML())
        let out = airoute.home + "/sub.wav"
        // `-o >(cmd)` is `-o /dev/fd/63`; `wait $!` waits for `cmd`.
        let script =
            "'\(Airoute.binary)' -c '\(config)' --no-state speak --format wav -o >(cat > '\(out)') Hi; "
            + "status=$?; wait $!; exit $status"
        let child = try Spawned("/bin/bash", ["-c", script], environment: airoute.environment())
        child.send(nil)
        let result = await child.finish(timeout: .seconds(30))
        #expect(result.status == 0, "\(String(decoding: result.err, as: UTF8.self))")
        #expect(MediaMagic.isRIFFWave(FileManager.default.contents(atPath: out)))
    }

    @Test func aFIFOIsWrittenThroughToItsReader() async throws {
        let fifo = airoute.home + "/talk.wav"
        try #require(mkfifo(fifo, 0o644) == 0)
        let reader = BackgroundReader.fifo(fifo)
        let result = try await airoute.run(try mock() + ["speak", "--format", "wav", "-o", fifo, "Hello"])
        #expect(result.status == 0, "\(result.err)")
        #expect(MediaMagic.isRIFFWave(await reader.received()))
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    @Test func symbolicLinksAreFollowedAndStayLinks() async throws {
        let files = airoute.home + "/files"
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: false)
        _ = FileManager.default.createFile(atPath: files + "/real.wav", contents: Data("old".utf8))
        #expect(symlink("files/real.wav", airoute.home + "/inner.wav") == 0)
        #expect(symlink("inner.wav", airoute.home + "/outer.wav") == 0)
        let refused = try await airoute.run(try mock() + ["speak", "-o", airoute.home + "/outer.wav", "Hi"])
        #expect(refused.status == 73)
        #expect(isOneLine(refused.err, containing: "refusing to overwrite \(airoute.home)/outer.wav (use --force)"))
        let forced = try await airoute.run(try mock() + ["speak", "--force", "-o", airoute.home + "/outer.wav", "Hi"])
        #expect(forced.status == 0, "\(forced.err)")
        #expect(MediaMagic.isRIFFWave(FileManager.default.contents(atPath: files + "/real.wav")))
        let manager = FileManager.default
        #expect(try manager.destinationOfSymbolicLink(atPath: airoute.home + "/outer.wav") == "inner.wav")
        #expect(try manager.destinationOfSymbolicLink(atPath: airoute.home + "/inner.wav") == "files/real.wav")
        #expect(try manager.contentsOfDirectory(atPath: files) == ["real.wav"])

        #expect(symlink("missing.wav", airoute.home + "/dangling.wav") == 0)
        let dangling = try await airoute.run(
            try mock() + ["speak", "--force", "-o", airoute.home + "/dangling.wav", "Hi"])
        #expect(dangling.status == 73)
        #expect(
            isOneLine(
                dangling.err, containing: "it is a symbolic link to \(airoute.home)/missing.wav, which does not exist"))
        #expect(!manager.fileExists(atPath: airoute.home + "/missing.wav"))
    }

    // MARK: Standard input

    @Test func inputThatIsNotTextIsRefusedBeforeAnyRequest() async throws {
        let generator = SeededRandomSource(seed: 3000)  // `head -c 3000 /dev/urandom`, repeatably
        let random = Data((0..<3000).map { _ in UInt8(generator.nextUnit() * 256) })
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(embeddingsConfig(server))
            let env = ["FAKE_KEY": "sk-test"]
            for command in [
                ["chat", "what"], ["embed"], ["speak", "-o", airoute.home + "/a.mp3"],
                ["image", "-o", airoute.home + "/a.png"],
            ] {
                let result = try await airoute.run(["-c", config, "--no-state"] + command, env: env, stdin: random)
                #expect(result.status == 65, "\(command): \(result.err)")
                #expect(isOneLine(result.err, containing: "standard input is not text: byte "), "\(command)")
                #expect(result.out.isEmpty)
            }
            #expect(server.requestCount == 0)
        }
    }

    @Test func aDashReadsStandardInputInEveryCommand() async throws {
        let text = Data("a red fox\n".utf8)
        let offline = ["-c", Airoute.repository + "/examples/offline.yaml", "--no-state"]
        let chat = try await airoute.run(offline + ["chat", "-"], stdin: text)
        #expect(chat.status == 0, "\(chat.err)")
        #expect(chat.out.hasSuffix(": a red fox\n"), "the prompt is the piped text, without '-'")
        let embed = try await airoute.run(offline + ["embed", "-"], stdin: text)
        #expect(embed.status == 0 && embed.out.split(separator: "\n").count == 1, "\(embed.err)")
        let speak = try await airoute.run(try mock() + ["speak", "-o", airoute.home + "/a.wav", "-"], stdin: text)
        #expect(speak.status == 0, "\(speak.err)")
        let image = try await airoute.run(try mock() + ["image", "-o", airoute.home + "/a.png", "-"], stdin: text)
        #expect(image.status == 0, "\(image.err)")
        let transcribe = try await airoute.run(try mock() + ["transcribe", "-"], stdin: MediaMagic.wav())
        #expect(transcribe.status == 0, "\(transcribe.err)")
        let files = try FileManager.default.contentsOfDirectory(atPath: airoute.home).filter { $0.hasPrefix("a.") }
            .sorted()
        #expect(files == ["a.png", "a.wav"])
    }

    @Test func transcribeReadsAudioFromAPipe() async throws {
        let piped = try await airoute.run(try mock() + ["transcribe"], stdin: MediaMagic.wav())
        #expect(piped.status == 0, "\(piped.err)")
        #expect(piped.out.hasPrefix("This is a mock transcript of audio.wav"))
        let image = try await airoute.run(
            try mock() + ["image", "-o", airoute.home + "/z.png"], stdin: Data("fox\n".utf8))
        #expect(image.status == 0, "\(image.err)")
        #expect(MediaMagic.isPNG(FileManager.default.contents(atPath: airoute.home + "/z.png")))
    }

    @Test func embedSkipsBlankLinesWithOneWarning() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(embeddingsConfig(server))
            let result = try await airoute.run(
                ["-c", config, "--no-state", "embed"], env: ["FAKE_KEY": "sk-test"], stdin: Data("a\nb\n\nc\n".utf8))
            #expect(result.status == 0, "\(result.err)")
            #expect(result.out.split(separator: "\n").count == 3)
            #expect(
                isOneLine(
                    result.err, containing: "skipped 1 blank line (3): the output has one vector per non-blank line"))
            let body = try #require(server.requests(model: "a").first?.bodyText)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            #expect(json["input"] as? [String] == ["a", "b", "c"])
            let blank = try await airoute.run(
                ["-c", config, "--no-state", "embed"], env: ["FAKE_KEY": "sk-test"], stdin: Data("\n \n".utf8))
            #expect(blank.status == 65)
            #expect(blank.out.isEmpty)
            #expect(server.requestCount(model: "a") == 1)
        }
    }

    @Test func embedBatchesFiveThousandLinesAndPrintsThemInOrder() async throws {
        try await FakeProviderServer.withServer { server in
            let config = try airoute.config(embeddingsConfig(server))
            let lines = (0..<5000).map { "line \($0)" }
            let env = ["FAKE_KEY": "sk-test"]
            let all = try await airoute.run(
                ["-c", config, "--no-state", "embed"], env: env,
                stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
            #expect(all.status == 0, "\(all.err)")
            #expect(server.requestCount(model: "a") == 3)
            let printed = all.out.split(separator: "\n")
            #expect(printed.count == 5000)
            for index in [0, 2048, 4999] {
                let one = try await airoute.run(["-c", config, "--no-state", "embed", lines[index]], env: env)
                #expect(printed[index] + "\n" == one.out, "line \(index)")
            }
        }
    }

    /// ``fakeConfig`` plus an `embeddings` pool of member `a`.
    func embeddingsConfig(_ server: FakeProviderServer) -> String {
        fakeConfig(server, members: ["a"]) + "  embeddings:\n    operation: embeddings\n    members: [a]\n"
            + "  text-to-speech:\n    operation: speech\n    members: [a]\n"
            + "  text-to-image:\n    operation: image_generation\n    members: [a]\n"
    }
}
