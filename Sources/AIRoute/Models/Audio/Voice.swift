/// A text-to-speech voice: OpenAI's `alloy`, `ash`, `ballad`, `coral`, `echo`, `fable`, `onyx`,
/// `nova`, `sage`, `shimmer`, `verse`, or any name a provider offers.
///
/// A pool member may map requested voices to its own (`voices:` in the configuration).
public struct Voice: OpenStringValue {
    /// The wire spelling.
    public var rawValue: String

    /// Creates the voice spelled `rawValue` on the wire.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// OpenAI `alloy`.
    public static let alloy = Voice(rawValue: "alloy")
    /// OpenAI `ash`.
    public static let ash = Voice(rawValue: "ash")
    /// OpenAI `ballad`.
    public static let ballad = Voice(rawValue: "ballad")
    /// OpenAI `coral`.
    public static let coral = Voice(rawValue: "coral")
    /// OpenAI `echo`.
    public static let echo = Voice(rawValue: "echo")
    /// OpenAI `fable`.
    public static let fable = Voice(rawValue: "fable")
    /// OpenAI `onyx`.
    public static let onyx = Voice(rawValue: "onyx")
    /// OpenAI `nova`.
    public static let nova = Voice(rawValue: "nova")
    /// OpenAI `sage`.
    public static let sage = Voice(rawValue: "sage")
    /// OpenAI `shimmer`.
    public static let shimmer = Voice(rawValue: "shimmer")
    /// OpenAI `verse`.
    public static let verse = Voice(rawValue: "verse")
}
