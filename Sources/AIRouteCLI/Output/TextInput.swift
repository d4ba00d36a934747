import Foundation

/// Where a command's text comes from, the same for every subcommand: its arguments; standard
/// input when there are none and it is not a terminal, or when the only argument is `-`. Text
/// read from standard input must be UTF-8 without NUL bytes — anything else (audio, an image,
/// random bytes) is refused with exit 65 before a request is sent.
enum TextInput {
    /// Whether a command with `arguments` reads standard input.
    ///
    /// - Parameter missing: the usage message when there are no arguments and standard input is
    ///   a terminal.
    /// - Throws: ``CommandFailure`` (``ExitCode/usage``) in that case.
    static func readsStandardInput(_ arguments: [String], io: IO, missing: String) throws(CommandFailure) -> Bool {
        if arguments == ["-"] { return true }
        if !arguments.isEmpty { return false }
        guard !io.stdinIsTerminal else { throw CommandFailure(missing, .usage) }
        return true
    }

    /// All of standard input, as text.
    static func standardInput(_ io: IO) throws(CommandFailure) -> String {
        try decode(io.readIn(), source: "standard input")
    }

    /// `data` as text (a leading byte-order mark dropped).
    ///
    /// - Throws: ``CommandFailure`` (``ExitCode/dataError``) naming `source` and the first byte
    ///   that is a NUL or not valid UTF-8.
    static func decode(_ data: Data, source: String) throws(CommandFailure) -> String {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let skipped = data.starts(with: bom) ? bom.count : 0
        let bytes = data.dropFirst(skipped)
        if let nul = bytes.firstIndex(of: 0) {
            throw CommandFailure(
                "\(source) is not text: byte \(nul - data.startIndex + 1) is a NUL (pipe text, UTF-8)", .dataError)
        }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = skipped
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return String(decoding: bytes, as: UTF8.self)
            case .error:
                throw CommandFailure(
                    "\(source) is not text: byte \(offset + 1) is not valid UTF-8 (pipe text, UTF-8)", .dataError)
            }
        }
    }
}
