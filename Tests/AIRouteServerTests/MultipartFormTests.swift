import Foundation
import Testing

@testable import AIRouteServer

/// The upload parser (RFC 7578) reads what the official SDKs and curl send, and refuses what is broken.
@Suite struct MultipartFormTests {
    static func form(_ boundary: String, _ parts: [(headers: String, body: Data)], closing: Bool = true) -> Data {
        var data = Data()
        for part in parts {
            data.append(Data("--\(boundary)\r\n\(part.headers)\r\n\r\n".utf8))
            data.append(part.body)
            data.append(Data("\r\n".utf8))
        }
        if closing { data.append(Data("--\(boundary)--\r\n".utf8)) }
        return data
    }

    @Test func boundaryFromContentType() {
        #expect(MultipartForm.boundary(fromContentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartForm.boundary(fromContentType: "Multipart/Form-Data;boundary=\"a b\"") == "a b")
        #expect(MultipartForm.boundary(fromContentType: "application/json") == nil)
        #expect(MultipartForm.boundary(fromContentType: "multipart/form-data") == nil)
        #expect(MultipartForm.boundary(fromContentType: "multipart/form-data; boundary=") == nil)
    }

    @Test func fieldsAndABinaryFileWithCRLFInside() throws {
        let audio = Data([0x52, 0x49, 0x46, 0x46, 0x0D, 0x0A, 0x2D, 0x2D, 0x00, 0xFF, 0x0D, 0x0A])
        let body = Self.form(
            "XyZ",
            [
                ("Content-Disposition: form-data; name=\"model\"", Data("speech-to-text".utf8)),
                (
                    "Content-Disposition: form-data; name=\"file\"; filename=\"talk \\\"1\\\".wav\"\r\nContent-Type: audio/wav",
                    audio
                ),
                ("content-disposition: form-data; name=\"timestamp_granularities[]\"", Data("word".utf8)),
            ])
        let form = try MultipartForm.parse(body, boundary: "XyZ")
        #expect(form.parts.count == 3)
        #expect(form.part("model")?.text == "speech-to-text")
        #expect(form.part("file")?.data == audio)
        #expect(form.part("file")?.fileName == "talk \"1\".wav")
        #expect(form.part("file")?.contentType == "audio/wav")
        #expect(form.part("timestamp_granularities[]")?.text == "word")
    }

    @Test func emptyFieldValue() throws {
        let body = Self.form("b", [("Content-Disposition: form-data; name=\"prompt\"", Data())])
        #expect(try MultipartForm.parse(body, boundary: "b").part("prompt")?.text == "")
    }

    @Test func brokenBodiesAreRefused() {
        let unterminated = Self.form(
            "b", [("Content-Disposition: form-data; name=\"model\"", Data("x".utf8))], closing: false)
        #expect(throws: MultipartForm.Malformed.self) { try MultipartForm.parse(unterminated, boundary: "b") }
        #expect(throws: MultipartForm.Malformed.self) {
            try MultipartForm.parse(Data("no boundary here".utf8), boundary: "b")
        }
        let nameless = Self.form("b", [("Content-Type: text/plain", Data("x".utf8))])
        #expect(throws: MultipartForm.Malformed.self) { try MultipartForm.parse(nameless, boundary: "b") }
        let headless = Data("--b\r\nContent-Disposition: form-data; name=\"x\"".utf8)
        #expect(throws: MultipartForm.Malformed.self) { try MultipartForm.parse(headless, boundary: "b") }
        #expect(throws: MultipartForm.Malformed.self) { try MultipartForm.parse(Data("--b".utf8), boundary: "b") }
    }
}
