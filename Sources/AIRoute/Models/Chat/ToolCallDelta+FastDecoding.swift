// Tool-call pieces of streamed chunks, decoded on the hot path (see ``FastDecodable``).

extension ToolCallDelta {
    static let declaredKeys = DeclaredKeys(CodingKeys.self)

    init?(fast json: FastJSON) {
        guard case .object = json, let index = json.integer("index", default: 0),
            let id = json.optionalString("id"), let type = json.optionalString("type"),
            let function = json.optionalObject("function", FunctionDelta.init(fast:))
        else { return nil }
        self.init(
            index: index, id: id, type: type, function: function, extra: json.unknownMembers(Self.declaredKeys))
    }
}

extension ToolCallDelta.FunctionDelta {
    init?(fast json: FastJSON) {
        guard case .object = json, let name = json.optionalString("name"),
            let arguments = json.optionalString("arguments")
        else { return nil }
        self.init(name: name, arguments: arguments)
    }
}
