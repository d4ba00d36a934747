import AIRoute

/// libFuzzer entry point: the SSE decoder must never crash, and must decode the same events
/// whether the bytes arrive in one piece or one byte at a time (WHATWG framing is
/// split-independent). A small event cap exercises the "endless line" guard.
/// Replayed in CI by FuzzCorpusReplayTests.sseDecoder (same calls).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSEDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    func decode(_ pieces: [ArraySlice<UInt8>]) -> [String] {
        var decoder = ServerSentEventDecoder(maximumEventSize: 4096)
        var out: [String] = []
        do {
            for piece in pieces {
                for event in try decoder.feed(piece) { out.append("\(event)") }
            }
            let end = try decoder.finish()
            out += end.events.map { "\($0)" }
            out.append("complete: \(end.isComplete)")
        } catch {
            out.append("error: \(error)")
        }
        return out
    }
    let whole = decode([bytes[...]])
    let slices = decode(bytes.indices.map { bytes[$0...$0] })
    if whole != slices { fatalError("split-dependent decoding:\n\(whole)\n\(slices)") }
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

@_cdecl("FuzzSSEDecoder_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, fuzzSSEDecoder)
}
