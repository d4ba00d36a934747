/// Small, valid media files the fake server answers with: WAV, PNG and audio stand-ins.
enum MediaFixtures {
    // MARK: WAV

    /// A valid 16-bit mono PCM WAV file of `milliseconds` of a quiet tone whose pitch is seeded by `seed`.
    static func wav(seed: String, milliseconds: Int = 100, sampleRate: Int = 8_000) -> [UInt8] {
        let samples = pcm(seed: seed, milliseconds: milliseconds, sampleRate: sampleRate)
        var out: [UInt8] = []
        out += Array("RIFF".utf8)
        out += le32(36 + samples.count)
        out += Array("WAVEfmt ".utf8)
        out += le32(16) + le16(1) + le16(1)  // PCM, mono
        out += le32(sampleRate) + le32(sampleRate * 2) + le16(2) + le16(16)
        out += Array("data".utf8) + le32(samples.count)
        return out + samples
    }

    /// Raw 16-bit little-endian mono samples (the `pcm` speech format).
    static func pcm(seed: String, milliseconds: Int = 100, sampleRate: Int = 8_000) -> [UInt8] {
        let count = sampleRate * milliseconds / 1000
        let period = 8 + Int(FakeContent.fnv1a(seed) % 32)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 2)
        for i in 0..<count {
            let sample: Int16 = (i % period) < period / 2 ? 1_000 : -1_000
            bytes += le16(Int(UInt16(bitPattern: sample)))
        }
        return bytes
    }

    /// Bytes that start like the named audio format (enough for content sniffing, not for playback).
    static func audio(format: String, seed: String) -> [UInt8] {
        let payload = Array("airoute fake audio: \(seed)".utf8)
        switch format {
        case "mp3": return [0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0] + [0xFF, 0xFB, 0x90, 0x64] + payload
        case "opus":
            return Array("OggS".utf8) + [0, 2] + Array(repeating: 0, count: 20) + Array("OpusHead".utf8) + payload
        case "aac": return [0xFF, 0xF1, 0x50, 0x80, 0x02, 0x1F, 0xFC] + payload
        case "flac": return Array("fLaC".utf8) + [0x80, 0, 0, 0x22] + Array(repeating: 0, count: 34) + payload
        default: return payload
        }
    }

    // MARK: PNG

    /// A valid 2×2 RGB PNG whose colour is seeded by `seed`.
    static func png(seed: String) -> [UInt8] {
        let hash = FakeContent.fnv1a(seed)
        let rgb: [UInt8] = [
            UInt8(truncatingIfNeeded: hash), UInt8(truncatingIfNeeded: hash >> 8),
            UInt8(truncatingIfNeeded: hash >> 16),
        ]
        let width = 2
        let height = 2
        var raw: [UInt8] = []
        for _ in 0..<height {
            raw.append(0)  // filter: none
            for _ in 0..<width { raw += rgb }
        }
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        out += chunk("IHDR", be32(width) + be32(height) + [8, 2, 0, 0, 0])
        out += chunk("IDAT", zlibStored(raw))
        out += chunk("IEND", [])
        return out
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return be32(data.count) + typed + be32(Int(crc32(typed)))
    }

    /// A zlib stream holding `data` in one stored (uncompressed) deflate block (`data` < 64 KiB).
    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        let length = UInt16(data.count)
        var out: [UInt8] = [0x78, 0x01, 0x01]
        out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
        out += data
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + be32(Int((b << 16) | a))
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    // MARK: Integers

    private static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    private static func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
    private static func be32(_ v: Int) -> [UInt8] { (0..<4).reversed().map { UInt8((v >> (8 * $0)) & 0xFF) } }

    /// The duration in seconds of a PCM WAV file, or `nil` when `bytes` is not one.
    static func wavDuration(_ bytes: [UInt8]) -> Double? {
        guard bytes.count >= 44, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8)
        else { return nil }
        let byteRate = (0..<4).reduce(0) { $0 | Int(bytes[28 + $1]) << (8 * $1) }
        guard byteRate > 0 else { return nil }
        return Double(bytes.count - 44) / Double(byteRate)
    }
}
