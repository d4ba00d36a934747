import AIRouter

/// libFuzzer entry point: the configuration loader either returns a configuration or throws a
/// ``ConfigurationError``; it never crashes or hangs, and no diagnostic ever contains the value of
/// an environment variable holding a key.
/// Replayed in CI by FuzzCorpusReplayTests.configuration (same calls).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfiguration(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let yaml = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let canary = "sk-canary-fuzz-5f3c9a7e"
    let environment = ["OPENAI_API_KEY": canary, "ANTHROPIC_API_KEY": canary, "HOME": "/nonexistent"]
    do {
        let configuration = try Configuration.parse(yaml: yaml, file: "fuzz.yaml", environment: environment)
        for warning in configuration.warnings where "\(warning)".contains(canary) {
            fatalError("a warning shows a key: \(warning)")
        }
    } catch {
        if "\(error)".contains(canary) { fatalError("a configuration error shows a key") }
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

@_cdecl("FuzzConfiguration_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, fuzzConfiguration)
}
