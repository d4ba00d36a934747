/// A command line that cannot be parsed: reported as `Error: …` plus usage, exit 64.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, one line.
    public var message: String
    /// The command whose usage to show, if known.
    public var command: String?

    /// Creates a usage error.
    public init(_ message: String, command: String? = nil) {
        self.message = message
        self.command = command
    }

    /// The message.
    public var description: String { message }
}
