import AIRoute
import Foundation
import HTTPTypes
import NIOCore
import NIOFoundationCompat

extension GatewayCore {
    /// `POST /v1/audio/transcriptions`: a `multipart/form-data` upload; the answer in the requested
    /// `response_format` (JSON for `json` and `verbose_json`, plain text for `text`, `srt` and `vtt`).
    func transcription(
        _ body: ByteBuffer, headers: HTTPFields, caller: ClientAuthenticator.Caller, exchange: inout Exchange
    ) async throws -> Reply {
        let request = try Self.transcriptionRequest(body, headers: headers)
        try admit(model: request.model, caller: caller, exchange: &exchange)
        let client = self.client
        let response = try await answer { () async throws(RouteError) in
            try await client.audio.transcriptions.create(request)
        }
        let format = request.responseFormat ?? .json
        if format.isJSON { return try Reply.encoding(response, routing: response.routing) }
        let type = format == .vtt ? "text/vtt; charset=utf-8" : "text/plain; charset=utf-8"
        var text = response.text
        if format == .text && !text.hasSuffix("\n") { text += "\n" }
        return Reply.bytes(Data(text.utf8), contentType: type, routing: response.routing)
    }

    /// The form's fields as a transcription request; fields the gateway does not know pass through.
    static func transcriptionRequest(_ body: ByteBuffer, headers: HTTPFields) throws -> TranscriptionRequest {
        guard let contentType = headers[.contentType],
            let boundary = MultipartForm.boundary(fromContentType: contentType)
        else {
            throw GatewayFailure.invalidRequest(
                "a transcription is uploaded as multipart/form-data with a 'file' field",
                code: "unsupported_content_type")
        }
        let form: MultipartForm
        do {
            form = try MultipartForm.parse(Data(buffer: body, byteTransferStrategy: .noCopy), boundary: boundary)
        } catch {
            throw GatewayFailure.invalidRequest(
                "the upload is not a valid form: \(error.message)", code: "invalid_multipart")
        }
        guard let file = form.part("file"), file.fileName != nil || !file.data.isEmpty else {
            throw GatewayFailure.missingParameter("file")
        }
        guard let model = form.part("model")?.text, !model.isEmpty else {
            throw GatewayFailure.missingParameter("model")
        }
        var request = TranscriptionRequest(
            model: model, file: file.data, fileName: file.fileName ?? "audio",
            language: form.part("language")?.text, prompt: form.part("prompt")?.text,
            responseFormat: form.part("response_format").map { TranscriptionFormat(rawValue: $0.text) })
        if let temperature = form.part("temperature") {
            guard let value = Double(temperature.text) else {
                throw GatewayFailure.invalidRequest(
                    "invalid value for 'temperature'", code: "invalid_value", param: "temperature")
            }
            request.temperature = value
        }
        let known: Set = ["file", "model", "language", "prompt", "response_format", "temperature"]
        for part in form.parts where !known.contains(part.name) && part.fileName == nil {
            let name = part.name.hasSuffix("[]") ? String(part.name.dropLast(2)) : part.name
            if part.name.hasSuffix("[]") {
                var values: [JSONValue] = []
                if case .array(let items)? = request.extra[name] { values = items }
                values.append(JSONValue.string(part.text))
                request.extra[name] = .array(values)
            } else {
                request.extra[name] = .string(part.text)
            }
        }
        return request
    }
}
