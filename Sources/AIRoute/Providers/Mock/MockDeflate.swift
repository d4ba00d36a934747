/// A minimal zlib (RFC 1950) stream of one fixed-Huffman deflate block (RFC 1951) whose only
/// matches are runs of the previous byte (distance 1): enough to compress the mock's
/// solid-colour images to a few bytes per row, with no dependency on zlib.
struct MockDeflate: Sendable {
    private var bits = BitWriter()
    private var last: UInt8?
    private var run = 0
    private var adlerA: UInt32 = 1
    private var adlerB: UInt32 = 0

    /// Base lengths of length codes 257–285.
    private static let lengthBases: [Int] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    /// Extra bits of length codes 257–285.
    private static let lengthExtraBits: [Int] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]

    /// Starts the stream: the zlib header, then the header of the one final fixed-Huffman block.
    init() {
        bits.write(0x78, count: 8)  // CMF: deflate, 32 KB window
        bits.write(0x01, count: 8)  // FLG: no dictionary, fastest; (0x7801 % 31 == 0)
        bits.write(1, count: 1)  // BFINAL
        bits.write(1, count: 2)  // BTYPE = 01, fixed Huffman
    }

    /// Appends `byte` `count` times.
    mutating func append(_ byte: UInt8, count: Int = 1) {
        guard count > 0 else { return }
        updateAdler(byte, count: count)
        var remaining = count
        if last != byte {
            flushRun()
            writeLiteral(Int(byte))
            last = byte
            remaining -= 1
        }
        run += remaining
        while run >= 258 + 3 {
            writeMatch(length: 258)
            run -= 258
        }
    }

    /// Appends bytes.
    mutating func append(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { append(byte) }
    }

    /// Ends the block and returns the whole zlib stream (with its Adler-32 trailer).
    mutating func finish() -> [UInt8] {
        flushRun()
        writeSymbol(256)
        var out = bits.finish()
        let adler = adlerB << 16 | adlerA
        out.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: adler >> $0) })
        return out
    }

    /// Adler-32 of `count` copies of `byte`, in closed form: a grows by count·byte, and b by
    /// count·a plus byte·count·(count+1)/2.
    private mutating func updateAdler(_ byte: UInt8, count: Int) {
        let modulus: UInt64 = 65521
        let n = UInt64(count)
        let c = UInt64(byte)
        let a = UInt64(adlerA)
        let triangle = (n * (n + 1) / 2) % modulus
        adlerB = UInt32((UInt64(adlerB) + (n % modulus) * a + c * triangle) % modulus)
        adlerA = UInt32((a + (n % modulus) * c) % modulus)
    }

    /// Emits the pending run: a match when it is long enough, else literals.
    private mutating func flushRun() {
        guard let last else { return }
        while run > 0 {
            if run >= 3 {
                let length = min(run, 258)
                writeMatch(length: length)
                run -= length
            } else {
                writeLiteral(Int(last))
                run -= 1
            }
        }
    }

    private mutating func writeLiteral(_ value: Int) { writeSymbol(value) }

    /// A match of `length` (3–258) at distance 1.
    private mutating func writeMatch(length: Int) {
        var code = Self.lengthBases.count - 1
        while Self.lengthBases[code] > length { code -= 1 }
        writeSymbol(257 + code)
        bits.write(UInt32(length - Self.lengthBases[code]), count: Self.lengthExtraBits[code])
        writeHuffman(0, length: 5)  // distance code 0 = distance 1, no extra bits
    }

    /// A literal/length symbol with the fixed Huffman code.
    private mutating func writeSymbol(_ symbol: Int) {
        switch symbol {
        case 0...143: writeHuffman(0x30 + symbol, length: 8)
        case 144...255: writeHuffman(0x190 + symbol - 144, length: 9)
        case 256...279: writeHuffman(symbol - 256, length: 7)
        default: writeHuffman(0xC0 + symbol - 280, length: 8)
        }
    }

    /// Huffman codes go most-significant bit first.
    private mutating func writeHuffman(_ code: Int, length: Int) {
        var reversed: UInt32 = 0
        for i in 0..<length where code & (1 << i) != 0 { reversed |= 1 << (length - 1 - i) }
        bits.write(reversed, count: length)
    }
}

/// Packs bits least-significant first, as deflate does.
struct BitWriter: Sendable {
    private var bytes: [UInt8] = []
    private var buffer: UInt32 = 0
    private var used = 0

    /// Writes the low `count` bits of `value` (count ≤ 24).
    mutating func write(_ value: UInt32, count: Int) {
        guard count > 0 else { return }
        buffer |= (value & ((1 << UInt32(count)) - 1)) << UInt32(used)
        used += count
        while used >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            used -= 8
        }
    }

    /// The bytes, the last one zero-padded.
    mutating func finish() -> [UInt8] {
        if used > 0 { bytes.append(UInt8(truncatingIfNeeded: buffer)) }
        buffer = 0
        used = 0
        return bytes
    }
}
