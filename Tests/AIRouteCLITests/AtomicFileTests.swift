import Foundation
import Testing

@testable import AIRouteCLI

/// ``AtomicFile`` and the media helpers, directly.
@Suite("Atomic file output")
struct AtomicFileTests {
    @Test func writesTheBytesWithMode0644LessUmaskAndNoTemporaryFile() throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        try AtomicFile.write(Data("hello".utf8), to: dir.file("a.txt"), overwrite: false)
        #expect(dir.read("a.txt") == Data("hello".utf8))
        #expect(dir.entries() == ["a.txt"])
        let mask = umask(0)
        umask(mask)
        let mode = try #require(
            try FileManager.default.attributesOfItem(atPath: dir.file("a.txt"))[.posixPermissions] as? Int)
        #expect(mode == 0o644 & ~Int(mask))
    }

    @Test func refusesAnExistingFileWithoutOverwriteAndReplacesItWith() throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        dir.write("a.txt", Data("old".utf8))
        #expect(throws: CommandFailure.self) {
            try AtomicFile.write(Data("new".utf8), to: dir.file("a.txt"), overwrite: false)
        }
        #expect(dir.read("a.txt") == Data("old".utf8))
        #expect(dir.entries() == ["a.txt"])
        try AtomicFile.write(Data("new".utf8), to: dir.file("a.txt"), overwrite: true)
        #expect(dir.read("a.txt") == Data("new".utf8))
        #expect(dir.entries() == ["a.txt"])
    }

    @Test func aFailedRenameRemovesTheTemporaryFile() throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("target/inner"), withIntermediateDirectories: true)
        do {
            try AtomicFile.replace(dir.file("target"), with: Data("x".utf8), shown: dir.file("target"), overwrite: true)
            Issue.record("renaming over a non-empty directory should fail")
        } catch let failure as CommandFailure {
            #expect(failure.code == .cannotCreate)
            #expect(failure.message.contains(dir.file("target")))
        }
        #expect(dir.entries() == ["target"])
    }

    @Test func cancellationLeavesNoFileBehind() async throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let path = dir.file("big.bin")
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try AtomicFile.write(Data(count: 4 << 20), to: path, overwrite: false)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(dir.entries().isEmpty)
    }

    @Test func checkNamesThePathForEachProblem() throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        dir.write("file", Data("x".utf8))
        func message(_ path: String, overwrite: Bool = false) -> String? {
            do {
                try AtomicFile.check(path, overwrite: overwrite)
                return nil
            } catch {
                #expect(error.code == .cannotCreate)
                return error.message
            }
        }
        #expect(
            message(dir.file("none/a"))
                == "cannot write \(dir.file("none/a")): the directory \(dir.file("none")) does not exist")
        #expect(
            message(dir.file("file/a")) == "cannot write \(dir.file("file/a")): \(dir.file("file")) is not a directory")
        #expect(message(dir.file("file")) == "refusing to overwrite \(dir.file("file")) (use --force)")
        #expect(message(dir.file("file"), overwrite: true) == nil)
        #expect(message(dir.path, overwrite: true) == "cannot write \(dir.path): it is a directory")
        #expect(message(dir.file("new")) == nil)
    }

    @Test func temporaryNamesStayWithinNameMax() throws {
        let dir = try MediaTempDir()
        defer { dir.remove() }
        let name = String(repeating: "é", count: 120) + ".wav"  // 244 bytes
        try AtomicFile.write(Data("x".utf8), to: dir.file(name), overwrite: false)
        #expect(dir.entries() == [name])
    }

    @Test func pathHelpers() {
        #expect(PathName.numbered("out/fox.png", 2) == "out/fox-2.png")
        #expect(PathName.numbered("fox", 3) == "fox-3")
        #expect(PathName.numbered("a.b/.hidden", 1) == "a.b/.hidden-1")
        #expect(PathName.removingExtension("out/fox.png") == "out/fox")
        #expect(PathName.fileExtension(of: "dir.d/File.WAV") == "wav")
        #expect(PathName.fileExtension(of: "dir.d/noext") == "")
        #expect(PathName.directory(of: "a.wav") == ".")
        #expect(PathName.directory(of: "/a.wav") == "/")
        #expect(ByteCount.text(26_214_400) == "25 MB")
        #expect(ByteCount.text(32_925_286) == "31.4 MB")
        #expect(ByteCount.pair(32_925_286, limit: 25_000_000) == ("32.9 MB", "25 MB"))
        #expect(ByteCount.pair(25_000_001, limit: 25_000_000) == ("25000001 bytes", "25000000 bytes"))
    }

    @Test func mediaSniffing() {
        #expect(ImageType.detect(MediaMagic.jpeg) == .jpeg)
        #expect(ImageType.detect(Data("GIF89a...".utf8)) == .gif)
        #expect(ImageType.detect(Data("RIFF\0\0\0\0WEBPVP8 ".utf8)) == .webp)
        #expect(ImageType.detect(Data("{\"error\": 1}".utf8)) == nil)
        #expect(AudioType.detect(MediaMagic.wav()) == "wav")
        #expect(AudioType.detect(Data("ID3\u{3}\0".utf8)) == "mp3")
        #expect(AudioType.detect(Data([0xFF, 0xFB, 0x90, 0x00])) == "mp3")
        #expect(AudioType.detect(Data("OggS\0\u{2}".utf8)) == "ogg")
        #expect(AudioType.detect(Data("fLaC\0\0".utf8)) == "flac")
        #expect(AudioType.detect(Data("\0\0\0\u{20}ftypM4A ".utf8)) == "m4a")
        #expect(AudioType.detect(Data([0x1A, 0x45, 0xDF, 0xA3, 0x01])) == "webm")
        #expect(AudioType.detect(Data("\u{89}PNG\r\n".utf8)) == nil)
        #expect(ImageCommand.decodeDataURL("data:image/png;base64,aGk=") == Data("hi".utf8))
        #expect(ImageCommand.decodeDataURL("data:text/plain,a%20b") == Data("a b".utf8))
    }
}
