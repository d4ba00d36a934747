#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Assembles the chunks of a streamed chat completion into the ``CompletionResponse`` a
/// non-streamed call would have returned.
///
/// ```swift
/// var accumulator = ChatCompletionAccumulator()
/// for try await chunk in stream {
///     accumulator.add(chunk)
/// }
/// if !accumulator.incompleteToolCalls.isEmpty { /* arguments cut mid-JSON */ }
/// let response = accumulator.makeResponse()
/// ```
///
/// Content, refusal and reasoning fragments are concatenated per choice, and so are the
/// `content` and `refusal` lists of their log probabilities; tool-call pieces are joined by
/// their `index`, their `arguments` fragments concatenated in arrival order. A choice's
/// undeclared fields (``ChatCompletionChunk/Choice/extra``) are merged, the latest value of a key
/// winning.
public struct ChatCompletionAccumulator: Hashable, Sendable {
    /// The completion's id (from the first chunk that had one).
    public private(set) var id = ""
    /// The upstream model (from the first chunk that named one).
    public private(set) var model = ""
    /// The creation time (from the first chunk that had one).
    public private(set) var created = 0
    /// The backend fingerprint, when a chunk had one.
    public private(set) var systemFingerprint: String?
    /// The usage, when a chunk reported it (usually the last).
    public private(set) var usage: Usage?
    /// The routing of the last chunk that carried one.
    public private(set) var routing: RoutingInfo?
    /// The service tier, when a chunk reported it.
    public private(set) var serviceTier: String?
    /// How many chunks were added.
    public private(set) var chunkCount = 0
    private var choices: [Int: ChoiceState] = [:]

    /// Creates an empty accumulator.
    public init() {}

    /// Adds the next chunk of the stream.
    public mutating func add(_ chunk: ChatCompletionChunk) {
        chunkCount += 1
        if id.isEmpty { id = chunk.id }
        if model.isEmpty { model = chunk.model }
        if created == 0 { created = chunk.created }
        systemFingerprint = chunk.systemFingerprint ?? systemFingerprint
        usage = chunk.usage ?? usage
        routing = chunk.routing ?? routing
        serviceTier = chunk.serviceTier ?? serviceTier
        for choice in chunk.choices {
            choices[choice.index, default: ChoiceState()].add(choice)
        }
    }

    /// Whether any chunk so far carried generated output (text, refusal or a tool-call piece).
    public var hasContent: Bool {
        choices.values.contains { $0.hasContent }
    }

    /// Whether every choice seen has received its finish reason (and there is at least one).
    public var isFinished: Bool {
        !choices.isEmpty && choices.values.allSatisfy { $0.finishReason != nil }
    }

    /// The first choice's finish reason, once received.
    public var finishReason: FinishReason? {
        firstChoice?.finishReason
    }

    /// The first choice's text so far.
    public var text: String {
        firstChoice?.content ?? ""
    }

    /// The first choice's refusal so far, when the model refused.
    public var refusal: String? {
        firstChoice?.refusal
    }

    /// The first choice's reasoning so far, when the model sent any.
    public var reasoning: String? {
        firstChoice?.reasoning
    }

    /// The first choice's tool calls so far, in index order.
    public var toolCalls: [PartialToolCall] {
        firstChoice?.orderedToolCalls ?? []
    }

    /// The tool calls, of every choice, whose arguments are not (yet) a complete JSON text:
    /// after the stream ends, a non-empty result means the arguments were cut mid-JSON.
    public var incompleteToolCalls: [PartialToolCall] {
        choices.keys.sorted().flatMap { choices[$0]!.orderedToolCalls.filter { !$0.hasCompleteArguments } }
    }

    /// The response assembled so far.
    ///
    /// - Parameter routing: The routing to attach; defaults to the last one a chunk carried,
    ///   else ``AIRouter/RoutingInfo/unrouted``.
    /// - Returns: A completion with one choice per choice index seen, in index order.
    public func makeResponse(routing: RoutingInfo? = nil) -> CompletionResponse {
        CompletionResponse(
            id: id, created: created, model: model,
            choices: choices.keys.sorted().map { choices[$0]!.makeChoice(index: $0) },
            usage: usage, systemFingerprint: systemFingerprint,
            routing: routing ?? self.routing ?? .unrouted, serviceTier: serviceTier
        )
    }

    private var firstChoice: ChoiceState? {
        choices.keys.min().flatMap { choices[$0] }
    }
}

// MARK: - Partial tool calls

extension ChatCompletionAccumulator {
    /// A tool call assembled from its streamed pieces.
    public struct PartialToolCall: Hashable, Sendable {
        /// The call's position among the message's tool calls.
        public var index: Int
        /// The call's id (empty until its first piece arrived).
        public var id = ""
        /// The call's type (`function`).
        public var type = "function"
        /// The function's name.
        public var name = ""
        /// The concatenated argument fragments.
        public var arguments = ""
        /// The pieces' undeclared fields, merged (the latest value of a key wins).
        public var extra: [String: JSONValue] = [:]

        /// Creates a partial tool call.
        public init(index: Int, id: String = "", type: String = "function", name: String = "", arguments: String = "") {
            self.index = index
            self.id = id
            self.type = type
            self.name = name
            self.arguments = arguments
        }

        /// Whether ``arguments`` is a complete JSON text. Empty arguments count as complete
        /// (a function without parameters); `{"city": "Par` does not.
        public var hasCompleteArguments: Bool {
            let trimmed = arguments.utf8.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
            guard !trimmed.isEmpty else { return true }
            return JSONValue(parsing: Data(arguments.utf8)) != nil
        }

        /// The assembled call.
        public var toolCall: ToolCall {
            ToolCall(id: id, type: type, function: .init(name: name, arguments: arguments), extra: extra)
        }

        mutating func add(_ delta: ToolCallDelta) {
            if let id = delta.id, !id.isEmpty { self.id = id }
            if let type = delta.type, !type.isEmpty { self.type = type }
            if let name = delta.function?.name, !name.isEmpty, name != self.name {
                // OpenAI sends the name once; servers that split it send fragments.
                self.name += name
            }
            if let arguments = delta.function?.arguments { self.arguments += arguments }
            extra.merge(delta.extra) { _, latest in latest }
        }
    }
}

// MARK: - Per-choice state

extension ChatCompletionAccumulator {
    struct ChoiceState: Hashable, Sendable {
        var role: ChatRole?
        var content = ""
        var sawContent = false
        var refusal: String?
        var reasoning: String?
        var finishReason: FinishReason?
        var logprobs: JSONValue?
        var extra: [String: JSONValue] = [:]
        var toolCalls: [Int: PartialToolCall] = [:]
        /// Where pieces with a given wire index go: a server that omits or repeats indices for
        /// distinct calls (a new `id` at an occupied index) gets a fresh slot.
        var slotForIndex: [Int: Int] = [:]

        var hasContent: Bool {
            !content.isEmpty || !(refusal ?? "").isEmpty || !toolCalls.isEmpty || !(reasoning ?? "").isEmpty
        }

        var orderedToolCalls: [PartialToolCall] {
            toolCalls.keys.sorted().map { toolCalls[$0]! }
        }

        mutating func add(_ choice: ChatCompletionChunk.Choice) {
            let delta = choice.delta
            role = role ?? delta.role
            if let text = delta.content {
                content += text
                sawContent = true
            }
            if let text = delta.refusal { refusal = (refusal ?? "") + text }
            if let text = delta.reasoningContent { reasoning = (reasoning ?? "") + text }
            for piece in delta.toolCalls ?? [] {
                var slot = slotForIndex[piece.index] ?? piece.index
                if let id = piece.id, !id.isEmpty, let existing = toolCalls[slot], !existing.id.isEmpty,
                    existing.id != id
                {
                    slot = (toolCalls.keys.max() ?? -1) + 1
                    slotForIndex[piece.index] = slot
                }
                toolCalls[slot, default: PartialToolCall(index: slot)].add(piece)
            }
            finishReason = choice.finishReason ?? finishReason
            if let pieces = choice.logprobs { logprobs = Self.appending(pieces, to: logprobs) }
            extra.merge(choice.extra) { _, latest in latest }
        }

        /// Log probabilities so far plus a chunk's: the `content` and `refusal` token lists are
        /// concatenated; anything else is replaced by the chunk's value.
        static func appending(_ pieces: JSONValue, to sofar: JSONValue?) -> JSONValue {
            guard case .object(var merged)? = sofar, case .object(let next) = pieces else { return pieces }
            for (key, value) in next {
                if case .array(let old)? = merged[key], case .array(let new) = value {
                    merged[key] = .array(old + new)
                } else if value != .null || merged[key] == nil {
                    merged[key] = value
                }
            }
            return .object(merged)
        }

        func makeChoice(index: Int) -> CompletionResponse.Choice {
            let calls = orderedToolCalls.map(\.toolCall)
            let message = ChatMessage(
                role: role ?? .assistant,
                content: sawContent || (calls.isEmpty && refusal == nil) ? .text(content) : nil,
                toolCalls: calls.isEmpty ? nil : calls,
                refusal: refusal, reasoningContent: reasoning
            )
            return CompletionResponse.Choice(
                index: index, message: message, finishReason: finishReason, logprobs: logprobs, extra: extra)
        }
    }
}
