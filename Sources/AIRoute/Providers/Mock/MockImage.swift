import Foundation

/// The mock provider's images: valid PNGs of the requested size, each one solid colour derived
/// from a hash of the prompt (and the image's index), tagged `Software: airoute mock provider`.
enum MockImage {
    /// The size used when the request names none (or `auto`).
    static let defaultSize = (width: 256, height: 256)
    /// The largest width or height the mock draws.
    static let maxSide = 4096
    /// The most images one request may ask for.
    static let maxCount = 10

    /// The images for `request`: `b64_json` (the default) or `url` as a `data:image/png;base64,…`
    /// URL, since there is no server to host them.
    ///
    /// - Throws: `invalid_request` for a bad size, count or response format.
    static func response(_ request: ImageGenerationRequest, created: Int) throws -> ImageResponse {
        let (width, height) = try size(request.size)
        let count = request.n ?? 1
        guard (1...maxCount).contains(count) else {
            throw UpstreamFailure(
                .invalidRequest, status: 400, message: "n must be between 1 and \(maxCount), not \(count)")
        }
        let format = request.responseFormat ?? .b64JSON
        guard format == .b64JSON || format == .url else {
            throw UpstreamFailure(
                .invalidRequest, status: 400, message: "unsupported response_format '\(format.rawValue)'")
        }
        let images = (0..<count).map { index -> ImageResponse.Image in
            let base64 = Data(png(width: width, height: height, rgb: colour(prompt: request.prompt, index: index)))
                .base64EncodedString()
            return format == .url
                ? ImageResponse.Image(url: "data:image/png;base64,\(base64)") : ImageResponse.Image(b64JSON: base64)
        }
        return ImageResponse(created: created, data: images)
    }

    /// Parses `WIDTHxHEIGHT`; `nil` or `auto` is ``defaultSize``.
    static func size(_ text: String?) throws -> (width: Int, height: Int) {
        guard let text, text != "auto" else { return defaultSize }
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]),
            (1...maxSide).contains(width), (1...maxSide).contains(height)
        else {
            throw UpstreamFailure(
                .invalidRequest, status: 400,
                message: "size must be WIDTHxHEIGHT with sides of 1 to \(maxSide) pixels, not '\(text)'")
        }
        return (width, height)
    }

    /// A mid-tone colour from FNV-1a of the prompt and the image's index.
    static func colour(prompt: String, index: Int) -> (UInt8, UInt8, UInt8) {
        var hasher = FNV1a64()
        hasher.combine(prompt)
        hasher.combine(index)
        var random = SplitMix64(seed: hasher.value)
        let bits = random.next()
        func channel(_ shift: UInt64) -> UInt8 { 48 + UInt8(truncatingIfNeeded: bits >> shift) % 160 }
        return (channel(0), channel(8), channel(16))
    }

    // MARK: PNG

    /// A PNG (8-bit RGB, no interlace) of one colour: the first row filtered with Sub, the rest
    /// with Up, so all but a few bytes of the image data are zero runs.
    static func png(width: Int, height: Int, rgb: (UInt8, UInt8, UInt8)) -> [UInt8] {
        var deflate = MockDeflate()
        for row in 0..<height {
            if row == 0 {
                deflate.append([1, rgb.0, rgb.1, rgb.2])  // filter Sub: first pixel, then zero differences
                deflate.append(0, count: (width - 1) * 3)
            } else {
                deflate.append(2)  // filter Up: identical to the row above
                deflate.append(0, count: width * 3)
            }
        }
        var header: [UInt8] = []
        header += bigEndian(UInt32(width))
        header += bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]  // bit depth 8, colour type RGB, deflate, adaptive filters, no interlace

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", header)
        png += chunk("tEXt", Array("Software".utf8) + [0] + Array("airoute mock provider".utf8))
        png += chunk("IDAT", deflate.finish())
        png += chunk("IEND", [])
        return png
    }

    /// A PNG chunk: length, type, data and the CRC-32 of type and data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(CRC32.checksum(typeBytes + data))
    }

    /// Four big-endian bytes.
    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }
}

/// CRC-32 (ISO-HDLC, as in PNG and zip), table-driven.
enum CRC32 {
    /// The table of the reflected polynomial 0xEDB88320.
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32 of `bytes`.
    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
