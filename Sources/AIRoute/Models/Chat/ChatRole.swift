/// The author of a chat message: `system`, `user`, `assistant`, `tool`, `developer`, or any
/// role a server adds.
public struct ChatRole: OpenStringValue {
    /// The wire spelling.
    public var rawValue: String

    /// Creates the role spelled `rawValue` on the wire.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Instructions that frame the conversation.
    public static let system = ChatRole(rawValue: "system")
    /// The person talking to the model.
    public static let user = ChatRole(rawValue: "user")
    /// The model.
    public static let assistant = ChatRole(rawValue: "assistant")
    /// The result of a tool call.
    public static let tool = ChatRole(rawValue: "tool")
    /// Developer instructions (OpenAI's successor of `system` for reasoning models).
    public static let developer = ChatRole(rawValue: "developer")
}
