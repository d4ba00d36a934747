import Foundation
import Testing

@testable import AIRoute

/// The byte search that decides whether a successful answer or a streamed event is parsed as a
/// possible in-band error.
struct InBandErrorMarkerTests {
    @Test(arguments: [
        (#"{"error":{"message":"x"}}"#, true),
        (#"{"type":"error","error":{}}"#, true),
        (#"{"id":"1","choices":[],"x":"error"}"#, true),  // a quoted "error" anywhere: parsed, then judged
        (#"{"id":"1","choices":[{"text":"no errors here"}]}"#, false),
        (#"{"id":"1","msg":"error"#, false),  // the closing quote is missing
        (#""error""#, true),
        (#""erro""#, false),
        ("", false),
    ])
    func findsTheQuotedWord(text: String, expected: Bool) {
        #expect(InBandErrorMarker.present(inEvent: text) == expected)
        #expect(InBandErrorMarker.present(inBody: Data(text.utf8)) == expected)
    }

    @Test func bodiesAreSearchedOnlyInTheirFirstBytes() {
        let padding = String(repeating: " ", count: InBandErrorMarker.bodyPrefix)
        #expect(!InBandErrorMarker.present(inBody: Data((padding + #""error""#).utf8)))
        #expect(InBandErrorMarker.present(inEvent: padding + #""error""#))
        // A marker that straddles the limit is not found: the whole needle must fit in the prefix.
        let straddling = String(repeating: " ", count: InBandErrorMarker.bodyPrefix - 3) + #""error""#
        #expect(!InBandErrorMarker.present(inBody: Data(straddling.utf8)))
    }

    @Test func bridgedAndSubstringTextIsSearchedToo() {
        let text = String(#"prefix {"error":1} suffix"#.dropFirst(7))
        #expect(InBandErrorMarker.present(inEvent: text))
        let nonASCII = "ünïcödé \"error\" ✓"
        #expect(InBandErrorMarker.present(inEvent: nonASCII))
    }
}
