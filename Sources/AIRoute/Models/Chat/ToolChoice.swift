/// Whether and which tool the model must call: `"none"`, `"auto"`, `"required"`, or
/// `{"type": "function", "function": {"name": "…"}}`.
public enum ToolChoice: Codable, Hashable, Sendable {
    /// The model must not call a tool.
    case none
    /// The model decides.
    case auto
    /// The model must call at least one tool.
    case required
    /// The model must call the named function.
    case function(name: String)

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case type, function
    }

    private enum FunctionKeys: String, CodingKey, CaseIterable {
        case name
    }

    /// Decodes a mode string or a function object.
    public init(from decoder: any Decoder) throws {
        if let mode = try? decoder.singleValueContainer().decode(String.self) {
            switch mode {
            case "none": self = .none
            case "auto": self = .auto
            case "required": self = .required
            default:
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath, debugDescription: "Unknown tool_choice '\(mode)'."))
            }
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let function = try container.nestedContainer(keyedBy: FunctionKeys.self, forKey: .function)
        self = .function(name: try function.decode(String.self, forKey: .name))
    }

    /// Encodes a mode string or a function object.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .none: try "none".encode(to: encoder)
        case .auto: try "auto".encode(to: encoder)
        case .required: try "required".encode(to: encoder)
        case .function(let name):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode("function", forKey: .type)
            var function = container.nestedContainer(keyedBy: FunctionKeys.self, forKey: .function)
            try function.encode(name, forKey: .name)
        }
    }
}
