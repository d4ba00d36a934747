import Foundation

/// The chat request body, the one airoute encodes on every call, written by hand when the request
/// has its ordinary shape: through the `Encoder` protocol it was the largest share of airoute's
/// own CPU in a non-streamed call (BENCHMARKS.md, "Client CPU"). The bytes are exactly what
/// ``DirectJSONEncoder`` writes (`ChatRequestBodyTests` compares them); tools, `tool_choice`,
/// `response_format`, content parts and tool calls go through the encoder.
extension ChatCompletionRequest {
    /// The request as compact JSON.
    func jsonBody() throws -> Data {
        let writer = JSONByteWriter()
        do {
            if try writeOrdinary(to: writer) { return Data(writer.bytes) }
        } catch is JSONByteWriter.Unsupported {}
        return try DirectJSONEncoder.encode(self)
    }

    private static let reservedKeys = Set(CodingKeys.allCases.map(\.stringValue))

    /// Writes the request; `false`, with partial output, when it needs the general encoder.
    /// Members come in the order of `encode(to:)`.
    func writeOrdinary(to writer: JSONByteWriter) throws -> Bool {
        guard tools == nil, toolChoice == nil, responseFormat == nil else { return false }
        var object = JSONObjectWriter(writer)
        object.key("model")
        writer.writeString(model)
        object.key("messages")
        writer.writeByte(UInt8(ascii: "["))
        for (index, message) in messages.enumerated() {
            if index > 0 { writer.writeByte(UInt8(ascii: ",")) }
            guard try message.writeOrdinary(to: writer) else { return false }
        }
        writer.writeByte(UInt8(ascii: "]"))
        try object.double("temperature", temperature)
        try object.double("top_p", topP)
        object.integer("max_tokens", maxTokens)
        object.integer("max_completion_tokens", maxCompletionTokens)
        object.integer("n", n)
        if let stop {
            object.key("stop")
            switch stop {
            case .single(let single): writer.writeString(single)
            case .multiple(let multiple): JSONObjectWriter.writeStrings(multiple, to: writer)
            }
        }
        object.integer("seed", seed)
        object.string("user", user)
        object.bool("parallel_tool_calls", parallelToolCalls)
        try object.double("presence_penalty", presencePenalty)
        try object.double("frequency_penalty", frequencyPenalty)
        if let logitBias {
            object.key("logit_bias")
            var bias = JSONObjectWriter(writer)
            for (token, value) in logitBias { bias.integer(token, value) }
            bias.close()
        }
        object.bool("stream", stream)
        if let streamOptions {
            object.key("stream_options")
            var options = JSONObjectWriter(writer)
            options.bool("include_usage", streamOptions.includeUsage)
            options.close()
        }
        try object.extra(extra, reserved: Self.reservedKeys)
        object.close()
        return true
    }
}

extension ChatMessage {
    private static let reservedKeys = Set(CodingKeys.allCases.map(\.stringValue))

    /// Writes the message when its content is text (or absent) and it has no tool calls,
    /// annotations or audio; `false` otherwise. Members come in the order of `encode(to:)`.
    func writeOrdinary(to writer: JSONByteWriter) throws -> Bool {
        guard toolCalls == nil, annotations == nil, audio == nil else { return false }
        var object = JSONObjectWriter(writer)
        object.key("role")
        writer.writeString(role.rawValue)
        switch content {
        case nil: break
        case .text(let text)?:
            object.key("content")
            writer.writeString(text)
        case .parts?: return false
        }
        object.string("name", name)
        object.string("tool_call_id", toolCallID)
        object.string("refusal", refusal)
        object.string("reasoning_content", reasoningContent)
        try object.extra(extra, reserved: Self.reservedKeys)
        object.close()
        return true
    }
}

/// The members of one JSON object being written by hand: the braces, and a comma before every
/// member after the first; absent optional members are left out, as `encodeIfPresent` does.
struct JSONObjectWriter {
    private let writer: JSONByteWriter
    private var count = 0

    /// Opens the object.
    init(_ writer: JSONByteWriter) {
        self.writer = writer
        writer.writeByte(UInt8(ascii: "{"))
    }

    /// Starts a member: the comma when needed, the key and the colon.
    mutating func key(_ key: String) {
        if count > 0 { writer.writeByte(UInt8(ascii: ",")) }
        count += 1
        writer.writeKey(key)
    }

    mutating func string(_ key: String, _ value: String?) {
        guard let value else { return }
        self.key(key)
        writer.writeString(value)
    }

    mutating func integer(_ key: String, _ value: Int?) {
        guard let value else { return }
        self.key(key)
        writer.writeInteger(value)
    }

    mutating func double(_ key: String, _ value: Double?) throws {
        guard let value else { return }
        self.key(key)
        try writer.writeDouble(value)
    }

    mutating func bool(_ key: String, _ value: Bool?) {
        guard let value else { return }
        self.key(key)
        writer.writeBool(value)
    }

    /// Undeclared parameters after the declared ones, skipping any that a declared key shadows.
    mutating func extra(_ extra: [String: JSONValue], reserved: Set<String>) throws {
        for (key, value) in extra where !reserved.contains(key) {
            self.key(key)
            try Self.write(value, to: writer)
        }
    }

    /// Closes the object.
    func close() {
        writer.writeByte(UInt8(ascii: "}"))
    }

    static func writeStrings(_ strings: [String], to writer: JSONByteWriter) {
        writer.writeByte(UInt8(ascii: "["))
        for (index, string) in strings.enumerated() {
            if index > 0 { writer.writeByte(UInt8(ascii: ",")) }
            writer.writeString(string)
        }
        writer.writeByte(UInt8(ascii: "]"))
    }

    static func write(_ value: JSONValue, to writer: JSONByteWriter) throws {
        switch value {
        case .null: writer.writeNull()
        case .bool(let bool): writer.writeBool(bool)
        case .number(let number): try writer.writeDouble(number)
        case .string(let string): writer.writeString(string)
        case .array(let values):
            writer.writeByte(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { writer.writeByte(UInt8(ascii: ",")) }
                try write(element, to: writer)
            }
            writer.writeByte(UInt8(ascii: "]"))
        case .object(let members):
            var object = JSONObjectWriter(writer)
            for (key, member) in members {
                object.key(key)
                try write(member, to: writer)
            }
            object.close()
        }
    }
}
