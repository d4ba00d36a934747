import AIRouteCLI

/// libFuzzer entry point: the argument parser either types the command line or throws a
/// ``UsageError``; it never crashes. Input: arguments separated by NUL bytes.
/// Replayed in CI by ArgumentsFuzzCorpusReplayTests (same calls).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArguments(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: data, count: size)
    let arguments = buffer.split(separator: 0, omittingEmptySubsequences: false).map {
        String(decoding: $0, as: UTF8.self)
    }
    do {
        _ = try Invocation.parse(arguments)
    } catch {
        _ = "\(error)"
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

@_cdecl("FuzzArguments_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, fuzzArguments)
}
