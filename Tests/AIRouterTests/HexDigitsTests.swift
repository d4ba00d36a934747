import Testing

@testable import AIRouter

/// The one hex encoder of the package (fingerprints, PostgreSQL salts and channel names,
/// attachment hashes, conversation ids): two lower-case digits per byte, leading zeros kept.
struct HexDigitsTests {
    @Test func everyByteIsTwoLowerCaseDigits() {
        #expect([UInt8]().hexDigits == "")
        #expect([0, 9, 15, 16, 171, 255].hexDigits == "00090f10abff")
        #expect((0...255).map(UInt8.init).hexDigits.count == 512)
    }
}
