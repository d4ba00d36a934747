@_spi(Testing) import AIRoute

/// libFuzzer entry point: `RetryAfter.parse` never returns a negative, zero, non-finite or
/// over-the-cap wait, whatever the headers say. Input: lines of `name: value` headers; a line
/// starting with `retryDelay=` is the Gemini body hint.
/// Replayed in CI by FuzzCorpusReplayTests.retryAfter (same calls).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRetryAfter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
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
        if !(wait > .zero && wait <= cap) { fatalError("wait \(wait) outside (0, \(cap)] for \(headers)") }
    }
    for value in [text] + headers.map(\.value) {
        for seconds in [
            RetryAfter.decimalSeconds(value), RetryAfter.goDuration(value), RetryAfter.httpDate(value, now: now),
        ] {
            if let seconds, !(seconds > 0 && seconds.isFinite) { fatalError("bad seconds \(seconds) for \(value)") }
        }
    }
    return 0
}

// SwiftPM links an executable target's entry point as `<Module>_main` (aliased to `main`), so
// libFuzzer's own `main` is not used: start its driver from here instead.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzRetryAfter_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, fuzzRetryAfter)
}
