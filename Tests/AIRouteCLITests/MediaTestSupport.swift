import Foundation
import Testing

@testable import AIRouteCLI

/// A temporary directory for one test, removed by ``remove()``.
struct MediaTempDir {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/airoute-media-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown)
        }
        path = String(cString: made)
    }

    /// `path/name`.
    func file(_ name: String) -> String { path + "/" + name }

    /// The directory's entries (including hidden ones), sorted.
    func entries(_ sub: String? = nil) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: sub.map(file) ?? path)) ?? []).sorted()
    }

    /// Writes `data` to `name`.
    @discardableResult
    func write(_ name: String, _ data: Data) -> String {
        let target = file(name)
        _ = FileManager.default.createFile(atPath: target, contents: data)
        return target
    }

    func read(_ name: String) -> Data? { FileManager.default.contents(atPath: file(name)) }

    func remove() {
        // Restore permissions a test may have taken away, so the removal succeeds.
        for entry in entries() { chmod(file(entry), 0o755) }
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The result of one in-process `airoute` run.
struct MediaRunResult {
    var code: Int32
    var out: String
    var outData: Data
    var err: String
}

/// The offline (mock) configuration the media tests use, with a failing pool per operation.
func mockConfigYAML(maxFileSize: String = "25MiB") -> String {
    """
    version: 1
    defaults:
      timeout: 10s
    providers:
      mock:
        type: mock
      broken:
        type: mock
        fail: 503
    models:
      mock-tts:
        provider: mock
        capabilities: [speech]
        voices: [alloy, echo, nova]
        formats: [wav, pcm]
      mock-stt:
        provider: mock
        capabilities: [transcription]
        max_file_size: \(maxFileSize)
      mock-image:
        provider: mock
        capabilities: [image_generation]
        formats: [png]
      broken-tts:
        provider: broken
        capabilities: [speech]
      broken-image:
        provider: broken
        capabilities: [image_generation]
    pools:
      text-to-speech:
        operation: speech
        members: [mock-tts]
      speech-to-text:
        operation: transcription
        members: [mock-stt]
      text-to-image:
        operation: image_generation
        members: [mock-image]
      broken-speech:
        operation: speech
        members: [broken-tts]
      broken-image:
        operation: image_generation
        members: [broken-image]

    """
}

/// Runs `airoute` in-process with `config` written to a file in its own directory.
func runMedia(
    _ arguments: [String], config: String = mockConfigYAML(), stdin: Data = Data(), stdinIsTerminal: Bool = false,
    terminal: Bool = false
) async throws -> MediaRunResult {
    let dir = try MediaTempDir()
    defer { dir.remove() }
    let configPath = dir.write("config.yaml", Data(config.utf8))
    let (io, captured) = IO.capture(stdin: stdin, stdinIsTerminal: stdinIsTerminal, terminal: terminal)
    let environment = ["NO_COLOR": "1", "HOME": dir.path, "XDG_STATE_HOME": dir.file("state")]
    let code = await AIRouteCLI.run(
        arguments: ["-c", configPath, "--no-state"] + arguments, environment: environment, io: io)
    return MediaRunResult(code: code, out: captured.out, outData: captured.outData, err: captured.err)
}

/// Media magic bytes for assertions.
enum MediaMagic {
    static func isRIFFWave(_ data: Data?) -> Bool {
        guard let data, data.count > 44 else { return false }
        return data.prefix(4) == Data("RIFF".utf8) && data.dropFirst(8).prefix(4) == Data("WAVE".utf8)
    }

    static func isPNG(_ data: Data?) -> Bool { data.map { ImageType.detect($0) == .png } ?? false }

    /// A tiny valid WAV (silence).
    static func wav(samples: Int = 800) -> Data {
        func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        let dataBytes = samples * 2
        var bytes: [UInt8] = Array("RIFF".utf8) + le32(36 + dataBytes) + Array("WAVEfmt ".utf8)
        bytes += le32(16) + le16(1) + le16(1) + le32(8000) + le32(16000) + le16(2) + le16(16)
        bytes += Array("data".utf8) + le32(dataBytes) + [UInt8](repeating: 0, count: dataBytes)
        return Data(bytes)
    }

    /// The first bytes of a PNG file.
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + Array("IHDR".utf8))

    /// The first bytes of a JPEG file.
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0])
}

/// Whether `stderr` is one line that contains `text` (whatever its `Error:`/`warning:` prefix).
func isOneLine(_ stderr: String, containing text: String) -> Bool {
    stderr.hasSuffix("\n") && stderr.dropLast().split(separator: "\n", omittingEmptySubsequences: false).count == 1
        && stderr.contains(text)
}
