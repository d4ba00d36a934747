import Foundation
import Testing

@testable import AIRouteCLI

/// `speak`, `transcribe` and `image` run in-process against the mock provider.
@Suite("Media commands")
struct MediaCommandTests {
    // MARK: speak

    @Test func speakWritesAValidWAVAndNothingOnStdout() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let result = try await runMedia(["speak", "-o", dir.file("hello.wav"), "Hello", "there"])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.isEmpty)
        #expect(MediaMagic.isRIFFWave(dir.read("hello.wav")))
        #expect(dir.entries() == ["hello.wav"])
    }

    @Test func speakJSONReportsFileBytesFormatAndRouting() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let path = dir.file("hi.wav")
        let result = try await runMedia(["--json", "speak", "-o", path, "Hi"])
        #expect(result.code == 0, "\(result.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.outData) as? [String: Any])
        #expect(object["file"] as? String == path)
        #expect(object["bytes"] as? Int == dir.read("hi.wav")?.count)
        #expect(object["format"] as? String == "wav")
        let routing = try #require(object["routing"] as? [String: Any])
        #expect(routing["pool"] as? String == "text-to-speech")
        #expect(routing["member"] as? String == "mock-tts")
    }

    @Test func speakReadsStandardInput() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let result = try await runMedia(["speak", "-o", dir.file("a.wav")], stdin: Data("from a pipe\n".utf8))
        #expect(result.code == 0, "\(result.err)")
        #expect(MediaMagic.isRIFFWave(dir.read("a.wav")))
    }

    @Test func speakRefusesInputThatIsNotText() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let audio = try await runMedia(["speak", "-o", dir.file("a.wav")], stdin: MediaMagic.wav())
        #expect(audio.code == 65)
        #expect(isOneLine(audio.err, containing: "standard input is not text: byte 7 is a NUL (pipe text, UTF-8)"))
        let latin1 = try await runMedia(
            ["speak", "-o", dir.file("a.wav"), "-"], stdin: Data([0x63, 0x61, 0x66, 0xE9]))
        #expect(latin1.code == 65)
        #expect(
            isOneLine(
                latin1.err, containing: "standard input is not text: byte 4 is not valid UTF-8 (pipe text, UTF-8)"))
        #expect(dir.entries().isEmpty)
    }

    @Test func speakRefusesEmptyTextAndATerminalWithoutText() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let empty = try await runMedia(["speak", "-o", dir.file("a.wav")], stdin: Data(" \n".utf8))
        #expect(empty.code == 65)
        let tty = try await runMedia(["speak", "-o", dir.file("a.wav")], stdinIsTerminal: true)
        #expect(tty.code == 64)
        #expect(dir.entries().isEmpty)
    }

    @Test func speakToStdoutWritesTheAudioWhenStdoutIsNotATerminal() async throws {
        let result = try await runMedia(["speak", "--format", "wav", "-o", "-", "Hello"])
        #expect(result.code == 0, "\(result.err)")
        #expect(MediaMagic.isRIFFWave(result.outData))
        // Without --format, the pool's streamable format (raw PCM) is chosen for a pipe.
        let pcm = try await runMedia(["speak", "-o", "-", "Hello"])
        #expect(pcm.code == 0, "\(pcm.err)")
        #expect(!pcm.outData.isEmpty && !MediaMagic.isRIFFWave(pcm.outData))
    }

    @Test func speakToStdoutIsRefusedOnATerminalAndWithJSON() async throws {
        let tty = try await runMedia(["speak", "-o", "-", "Hello"], terminal: true)
        #expect(tty.code == 64)
        #expect(tty.err.contains("terminal"))
        #expect(tty.outData.isEmpty)
        let json = try await runMedia(["--json", "speak", "-o", "-", "Hello"])
        #expect(json.code == 64)
    }

    @Test func speakRefusesAnUnknownExtensionWithoutFormat() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let result = try await runMedia(["speak", "-o", dir.file("a.xyz"), "Hi"])
        #expect(result.code == 64)
        #expect(result.err.contains("--format"))
        let forced = try await runMedia(["speak", "--format", "wav", "-o", dir.file("a.xyz"), "Hi"])
        #expect(forced.code == 0, "\(forced.err)")
    }

    @Test func speakRefusesAnExistingFileUnlessForced() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let path = dir.write("old.wav", Data("keep me".utf8))
        let refused = try await runMedia(["speak", "-o", path, "Hello"])
        #expect(refused.code == 73)
        #expect(refused.err.contains("refusing to overwrite \(path) (use --force)"))
        #expect(dir.read("old.wav") == Data("keep me".utf8))
        let forced = try await runMedia(["speak", "--force", "-o", path, "Hello"])
        #expect(forced.code == 0, "\(forced.err)")
        #expect(MediaMagic.isRIFFWave(dir.read("old.wav")))
        #expect(dir.entries() == ["old.wav"])
    }

    @Test func speakRefusesAMissingDirectory() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let path = dir.file("nope/out.wav")
        let result = try await runMedia(["speak", "-o", path, "Hello"])
        #expect(result.code == 73)
        #expect(result.err.contains(path) && result.err.contains("does not exist"))
        #expect(result.err.split(separator: "\n").count == 1)
    }

    @Test func speakRefusesADirectoryItCannotWriteIn() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let path: String
        if getuid() == 0 {
            // Root ignores permission bits: use a regular file as the "directory" instead.
            dir.write("plain", Data("x".utf8))
            path = dir.file("plain/out.wav")
        } else {
            try FileManager.default.createDirectory(atPath: dir.file("ro"), withIntermediateDirectories: false)
            chmod(dir.file("ro"), 0o555)
            path = dir.file("ro/out.wav")
        }
        let result = try await runMedia(["speak", "-o", path, "Hello"])
        #expect(result.code == 73)
        #expect(result.err.contains(path))
    }

    @Test func speakFailureLeavesNoFileAndNoTemporaryFile() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let result = try await runMedia([
            "speak", "-m", "broken-speech", "--format", "wav", "-o", dir.file("a.wav"), "Hi",
        ])
        #expect(result.code == 69, "\(result.err)")
        #expect(dir.entries().isEmpty)
    }

    // MARK: transcribe

    @Test func transcribeMissingFileNamesThePath() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let path = dir.file("missing.wav")
        let result = try await runMedia(["transcribe", path])
        #expect(result.code == 66)
        #expect(result.err.contains(path))
    }

    @Test func transcribeRefusesADirectory() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let result = try await runMedia(["transcribe", dir.path])
        #expect(result.code == 66)
        #expect(result.err.contains("directory"))
    }

    @Test func transcribeRefusesAnEmptyFile() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let path = dir.write("empty.wav", Data())
        let result = try await runMedia(["transcribe", path])
        #expect(result.code == 65)
        #expect(result.err.contains("\(path) is empty"))
    }

    @Test func transcribeRefusesAFileOverThePoolLimitBeforeUploading() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let path = dir.file("big.wav")
        let fd = open(path, O_WRONLY | O_CREAT, 0o644)
        #expect(ftruncate(fd, off_t(32_925_286)) == 0)  // sparse: 31.4 MB
        close(fd)
        let result = try await runMedia(["transcribe", path])
        #expect(result.code == 65)
        #expect(result.err.contains("\(path) is 31.4 MB"))
        #expect(result.err.contains("the largest upload the pool 'speech-to-text' accepts is 25 MB"))
        let small = try await runMedia(["transcribe", path], config: mockConfigYAML(maxFileSize: "1MB"))
        #expect(small.code == 65)
        #expect(small.err.contains("\(path) is 32.9 MB; the largest upload the pool 'speech-to-text' accepts is 1 MB"))
    }

    @Test func transcribeRefusesANonAudioFile() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let path = dir.write("notes.txt", Data("{\"not\": \"audio\"}".utf8))
        let result = try await runMedia(["transcribe", path])
        #expect(result.code == 65)
        #expect(result.err.contains("not an audio file"))
    }

    @Test func transcribeAcceptsAudioMagicUnderAnUnknownExtension() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let path = dir.write("memo.dat", MediaMagic.wav())
        let result = try await runMedia(["transcribe", path])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("memo.wav"))
    }

    @Test(arguments: ["text", "json", "verbose_json", "srt", "vtt"])
    func transcribeEachFormat(_ format: String) async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let path = dir.write("talk.wav", MediaMagic.wav())
        let result = try await runMedia(["transcribe", "--format", format, path])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.hasSuffix("\n"))
        switch format {
        case "text":
            #expect(result.out.hasPrefix("This is a mock transcript of talk.wav"))
        case "srt":
            #expect(result.out.hasPrefix("1\n00:00:00,000 --> "))
        case "vtt":
            #expect(result.out.hasPrefix("WEBVTT"))
        default:
            let object = try #require(try JSONSerialization.jsonObject(with: result.outData) as? [String: Any])
            #expect((object["text"] as? String)?.contains("mock transcript") == true)
            #expect(object["routing"] == nil)
            #expect((object["segments"] != nil) == (format == "verbose_json"))
        }
    }

    @Test func transcribeToAFileAndFromStandardInput() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let out = dir.file("talk.srt")
        let result = try await runMedia(["transcribe", "--format", "srt", "-o", out, "-"], stdin: MediaMagic.wav())
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.isEmpty)
        let written = String(decoding: try #require(dir.read("talk.srt")), as: UTF8.self)
        #expect(written.contains("mock transcript of audio.wav"))
        let again = try await runMedia(["transcribe", "-o", out, "-"], stdin: MediaMagic.wav())
        #expect(again.code == 73)
        let forced = try await runMedia(["transcribe", "--force", "-o", out, "-"], stdin: MediaMagic.wav())
        #expect(forced.code == 0, "\(forced.err)")
        #expect(dir.entries() == ["talk.srt"])
    }

    @Test func transcribeReadsStandardInputWithoutAFile() async throws {
        let piped = try await runMedia(["transcribe"], stdin: MediaMagic.wav())
        #expect(piped.code == 0, "\(piped.err)")
        #expect(piped.out.hasPrefix("This is a mock transcript of audio.wav"))
        let tty = try await runMedia(["transcribe"], stdinIsTerminal: true)
        #expect(tty.code == 64)
        #expect(tty.err.contains("nothing to transcribe: give an audio FILE or pipe audio into 'airoute transcribe'"))
        let empty = try await runMedia(["transcribe"])
        #expect(empty.code == 65)
        let stdout = try await runMedia(["transcribe", "-o", "/dev/stdout"], stdin: MediaMagic.wav())
        #expect(stdout.code == 0, "\(stdout.err)")
        #expect(stdout.out.hasPrefix("This is a mock transcript of audio.wav"))
    }

    @Test func transcribeJSONIncludesRouting() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let path = dir.write("talk.wav", MediaMagic.wav())
        let result = try await runMedia(["--json", "transcribe", path])
        #expect(result.code == 0, "\(result.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.outData) as? [String: Any])
        #expect(object["text"] is String)
        #expect((object["routing"] as? [String: Any])?["member"] as? String == "mock-stt")
    }

    // MARK: image

    @Test func imageWithCountWritesNumberedFilesAndPrintsThem() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let result = try await runMedia(["image", "-n", "3", "-o", dir.file("fox.png"), "a", "red", "fox"])
        #expect(result.code == 0, "\(result.err)")
        let names = ["fox-1.png", "fox-2.png", "fox-3.png"]
        #expect(dir.entries() == names)
        #expect(result.out == names.map { dir.file($0) + "\n" }.joined())
        for name in names { #expect(MediaMagic.isPNG(dir.read(name))) }
    }

    @Test func imageWritesTheNameGivenOnEveryRun() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let path = dir.file("fox.jpg")
        let first = try await runMedia(["image", "-o", path, "fox"])
        #expect(first.code == 0, "\(first.err)")
        #expect(dir.entries() == ["fox.jpg"])
        #expect(MediaMagic.isPNG(dir.read("fox.jpg")))
        #expect(first.out == path + "\n")
        #expect(
            isOneLine(
                first.err, containing: "the image is PNG: writing it to \(path) as named (its extension says otherwise)"
            ))
        for _ in 0..<2 {
            let again = try await runMedia(["image", "-o", path, "fox"])
            #expect(again.code == 73)
            #expect(isOneLine(again.err, containing: "refusing to overwrite \(path) (use --force)"))
        }
        for _ in 0..<2 {
            let forced = try await runMedia(["image", "--force", "-o", path, "fox"])
            #expect(forced.code == 0, "\(forced.err)")
            #expect(forced.err == first.err)
        }
        #expect(dir.entries() == ["fox.jpg"])
        let bare = try await runMedia(["image", "-o", dir.file("owl"), "an owl"])
        #expect(bare.code == 0 && bare.err.isEmpty, "\(bare.err)")
        #expect(dir.entries() == ["fox.jpg", "owl"])
        #expect(MediaMagic.isPNG(dir.read("owl")))
    }

    @Test func imageReadsThePromptFromStandardInput() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let piped = try await runMedia(["image", "-o", dir.file("z.png")], stdin: Data("fox\n".utf8))
        #expect(piped.code == 0, "\(piped.err)")
        #expect(MediaMagic.isPNG(dir.read("z.png")))
        let dash = try await runMedia(["image", "-o", dir.file("y.png"), "-"], stdin: Data("owl".utf8))
        #expect(dash.code == 0, "\(dash.err)")
        let tty = try await runMedia(["image", "-o", dir.file("x.png")], stdinIsTerminal: true)
        #expect(tty.code == 64)
        #expect(tty.err.contains("nothing to draw"))
        let empty = try await runMedia(["image", "-o", dir.file("x.png")], stdin: Data(" \n".utf8))
        #expect(empty.code == 65)
        let binary = try await runMedia(
            ["image", "-o", dir.file("x.png")], stdin: Data([0x89, 0x50, 0x4E, 0x47, 0, 1]))
        #expect(binary.code == 65)
        #expect(dir.entries() == ["y.png", "z.png"])
    }

    @Test func imageChecksEveryTargetBeforeTheRequest() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        dir.write("fox-2.png", Data("old".utf8))
        let result = try await runMedia(["image", "-n", "3", "-o", dir.file("fox.png"), "a fox"])
        #expect(result.code == 73)
        #expect(result.err.contains("refusing to overwrite \(dir.file("fox-2.png"))"))
        #expect(dir.entries() == ["fox-2.png"])
        let forced = try await runMedia(["image", "-n", "3", "--force", "-o", dir.file("fox.png"), "a fox"])
        #expect(forced.code == 0, "\(forced.err)")
        #expect(MediaMagic.isPNG(dir.read("fox-2.png")))
    }

    @Test func imageJSONListsFilesCreatedAndRouting() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let result = try await runMedia(["--json", "image", "-n", "2", "-o", dir.file("cat.png"), "a cat"])
        #expect(result.code == 0, "\(result.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.outData) as? [String: Any])
        #expect(object["files"] as? [String] == [dir.file("cat-1.png"), dir.file("cat-2.png")])
        #expect(object["created"] is Int)
        #expect(object["requested"] as? Int == 2 && object["received"] as? Int == 2)
        #expect((object["routing"] as? [String: Any])?["pool"] as? String == "text-to-image")
    }

    @Test func imageFailureLeavesNoFiles() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let result = try await runMedia(["image", "-m", "broken-image", "-n", "2", "-o", dir.file("x.png"), "x"])
        #expect(result.code == 69, "\(result.err)")
        #expect(dir.entries().isEmpty)
    }

    @Test func imageToStdoutNeedsOneImageAndNoTerminal() async throws {
        let piped = try await runMedia(["image", "-o", "-", "a fox"])
        #expect(piped.code == 0, "\(piped.err)")
        #expect(MediaMagic.isPNG(piped.outData))
        #expect(try await runMedia(["image", "-o", "-", "a fox"], terminal: true).code == 64)
        #expect(try await runMedia(["image", "-n", "2", "-o", "-", "a fox"]).code == 64)
        let devNull = try await runMedia(["image", "-n", "2", "-o", "/dev/null", "a fox"])
        #expect(devNull.code == 64)
        #expect(isOneLine(devNull.err, containing: "'-o /dev/null' writes one image; use -o FILE with -n 2"))
    }
}
