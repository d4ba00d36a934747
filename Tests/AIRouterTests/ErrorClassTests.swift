import Foundation
import Testing

@testable import AIRouter

/// The router's rules about error classes, and the classes' stable names on the wire.
struct ErrorClassTests {
    @Test func failoverAndHealthRulesFollowTheTable() {
        let failsOver: [ErrorClass: Bool] = [
            .transient: true, .rateLimited: true, .quota: true, .auth: true, .notFound: true, .contextLength: true,
            .contentFilter: false, .invalidRequest: false, .cancelled: false,
        ]
        let affectsHealth: [ErrorClass: Bool] = [
            .transient: true, .rateLimited: true, .quota: true, .auth: true, .notFound: true, .contextLength: false,
            .contentFilter: false, .invalidRequest: false, .cancelled: false,
        ]
        #expect(ErrorClass.allCases.count == failsOver.count)
        for c in ErrorClass.allCases {
            #expect(c.failsOver == failsOver[c], "\(c)")
            #expect(c.affectsHealth == affectsHealth[c], "\(c)")
        }
    }

    /// The names JSON output, health files and `--json` carry; they must never change.
    static let names: [(ErrorClass, String)] = [
        (.transient, "transient"), (.rateLimited, "rate_limited"), (.quota, "quota"), (.auth, "auth"),
        (.notFound, "not_found"), (.contextLength, "context_length"), (.contentFilter, "content_filter"),
        (.invalidRequest, "invalid_request"), (.cancelled, "cancelled"),
    ]

    @Test func encodesAsItsStableName() throws {
        #expect(ErrorClass.allCases == Self.names.map(\.0))
        for (errorClass, name) in Self.names {
            #expect(errorClass.rawValue == name)
            #expect("\(errorClass)" == name)
            #expect(ErrorClass(rawValue: name) == errorClass)
            let json = try JSONEncoder().encode([errorClass])
            #expect(String(decoding: json, as: UTF8.self) == "[\"\(name)\"]")
            #expect(try JSONDecoder().decode([ErrorClass].self, from: json) == [errorClass])
        }
        let record = AttemptRecord(member: "m", provider: "p", model: "u", errorClass: .rateLimited, durationMs: 1)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(
            String(decoding: try encoder.encode(record), as: UTF8.self)
                == #"{"duration_ms":1,"error_class":"rate_limited","member":"m","model":"u","provider":"p"}"#)
    }

    /// A name this version does not know is refused, as the enum refused it: a health file from
    /// a later version is not silently misread.
    @Test func unknownNamesAreRefused() {
        #expect(ErrorClass(rawValue: "Rate_Limited") == nil)
        #expect(ErrorClass(rawValue: "overloaded") == nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([ErrorClass].self, from: Data(#"["overloaded"]"#.utf8))
        }
    }

    @Test func switchesOutsideThePackageMatchByValue() {
        func verdict(_ c: ErrorClass) -> String {
            switch c {
            case .rateLimited, .quota: "wait"
            case .auth: "fix the key"
            default: "other"
            }
        }
        #expect(ErrorClass.allCases.map(verdict).filter { $0 != "other" } == ["wait", "wait", "fix the key"])
    }
}
