// Tool calls of whole completions, decoded on the hot path (see ``FastDecodable``).

extension ToolCall {
    static let declaredKeys = DeclaredKeys(CodingKeys.self)

    /// A function call; a missing `type` is `function` (a `custom` call is left to `JSONDecoder`).
    init?(fast json: FastJSON) {
        guard case .object = json, let id = json.requiredString("id"),
            let type = json.string("type", default: "function"),
            let function = json["function"], case .object = function,
            let name = function.requiredString("name"), let arguments = function.requiredString("arguments")
        else { return nil }
        self.init(
            id: id, type: type, function: FunctionCall(name: name, arguments: arguments),
            extra: json.unknownMembers(Self.declaredKeys))
    }
}
