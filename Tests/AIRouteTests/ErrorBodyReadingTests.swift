import Foundation
import Testing

@testable import AIRoute

/// What `ErrorBody` reads from each provider's error shape: the codes the classifier matches, the
/// message and Google's retry delay.
struct ErrorBodyReadingTests {
    func read(_ text: String) -> ErrorBody { ErrorBody(Data(text.utf8)) }

    @Test func openAIErrorObject() {
        let body = read(
            #"{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#)
        #expect(body.codes == ["requests", "rate_limit_exceeded"])
        #expect(body.message == "Rate limit reached")
        #expect(body.retryDelay == nil)
    }

    @Test func anthropicErrorObjectAndSpendLimitDetail() {
        let body = read(
            #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"r"}"#)
        #expect(body.codes == ["overloaded_error"])
        #expect(body.message == "Overloaded")
        let limit = read(
            #"{"type":"error","error":{"type":"invalid_request_error","message":"limit","details":{"error_code":"workspace_spend_limit"}}}"#
        )
        #expect(limit.codes == ["invalid_request_error", "workspace_spend_limit"])
    }

    @Test func googleErrorWithDetails() {
        let body = read(
            #"{"error":{"code":429,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT_EXCEEDED"},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"26s"}]}}"#
        )
        #expect(body.codes == ["RESOURCE_EXHAUSTED", "RATE_LIMIT_EXCEEDED"])
        #expect(body.message == "Resource exhausted")
        #expect(body.retryDelay == "26s")
    }

    @Test func detailsThatAreNotAllObjectsAreIgnored() {
        let body = read(#"{"error":{"status":"UNAVAILABLE","details":[{"reason":"R","retryDelay":"1s"},"text"]}}"#)
        #expect(body.codes == ["UNAVAILABLE"])
        #expect(body.retryDelay == nil)
    }

    @Test func aListOfErrorsIsReadFromItsFirst() {
        let body = read(
            #"[{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}},{"error":{"status":"X"}}]"#)
        #expect(body.codes == ["INVALID_ARGUMENT"])
        #expect(body.message == "bad")
    }

    @Test func nestedErrorAndRootWithoutErrorKey() {
        #expect(read(#"{"error":{"message":"m","error":{"type":"inner"}}}"#).codes == ["inner"])
        let root = read(#"{"message":"Not found","type":"not_found"}"#)
        #expect(root.codes == ["not_found", "not_found"])
        #expect(root.message == "Not found")
    }

    @Test func textThatIsNotAnObject() {
        let plain = read("Bad Gateway")
        #expect(plain.codes.isEmpty)
        #expect(plain.message == "Bad Gateway")
        let fragment = read(#""just a string""#)
        #expect(fragment.codes.isEmpty)
        #expect(fragment.message == nil)
        #expect(read("").message == nil)
    }
}
