import Testing

@_spi(Testing) @testable import AIRouter

struct RandomSourceTests {
    /// The published SplitMix64 outputs for seed 0, turned into units the way the sources do.
    static let referenceBits: [UInt64] = [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F]

    @Test func seededSourceFollowsTheSplitMix64ReferenceSequence() {
        let source = SeededRandomSource(seed: 0)
        let units = (0..<3).map { _ in source.nextUnit() }
        #expect(units == Self.referenceBits.map { Double($0 >> 11) / Double(1 << 53) })
    }

    @Test func theSharedStepMatchesTheReferenceSequence() {
        var state: UInt64 = 0
        #expect((0..<3).map { _ in SplitMix64.next(&state) } == Self.referenceBits)
    }

    @Test func systemSourceDrawsUnitsInRange() {
        let source = SystemRandomSource()
        let units = (0..<1000).map { _ in source.nextUnit() }
        #expect(units.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(Set(units).count > 990)
    }
}
