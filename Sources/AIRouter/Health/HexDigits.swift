extension Sequence<UInt8> {
    /// The bytes as lower-case hexadecimal, two digits each: key fingerprints, salts, content hashes.
    package var hexDigits: String {
        var text = ""
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            let hex = String(byte, radix: 16)
            if byte < 16 { text += "0" }
            text += hex
        }
        return text
    }
}
