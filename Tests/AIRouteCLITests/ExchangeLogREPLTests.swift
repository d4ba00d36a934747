import AIRoute
import Foundation
import Testing

@testable import AIRouteCLI

/// REPL turns in the exchange log, in process on the offline configuration with a scripted reader.
@Suite("Exchange log in the REPL")
struct ExchangeLogREPLTests {
    let state: String
    let configuration = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/offline.yaml").path

    init() throws {
        state = NSTemporaryDirectory() + "airoute-log-repl-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
    }

    func context(_ options: ChatOptions = ChatOptions()) async throws -> (CommandContext, CapturedOutput) {
        let global = GlobalOptions(config: configuration, noState: true)
        let environment = ["XDG_STATE_HOME": state, "AIROUTE_NOHISTORY": "1", "NO_COLOR": "1"]
        let (io, captured) = IO.capture(stdinIsTerminal: true)
        let console = Console(io: io, global: global, environment: environment)
        return (try await CommandContext(global: global, environment: environment, console: console), captured)
    }

    func session(_ lines: [String], options: ChatOptions = ChatOptions()) async throws -> CapturedOutput {
        let (context, captured) = try await context(options)
        let chat = ChatCommand(context: context, options: options)
        var repl = REPL(context: context, options: options, conversation: try chat.startingConversation(prompt: ""))
        var reader = ScriptedLineReader(lines.map(LineResult.line))
        _ = await repl.run(reader: &reader, history: nil)
        await context.close()
        return captured
    }

    func logged() throws -> [LoggedExchange] {
        try ExchangeLog(path: state + "/airoute/logs.db", create: false).exchanges(.init())
    }

    @Test("turns share a conversation; .clear starts a new one; --continue loads it with a count on stderr")
    func turnsAndContinue() async throws {
        _ = try await session(["first", "second", ".clear", "third"])
        let first = try logged()
        #expect(first.map(\.prompt) == ["first", "second", "third"])
        #expect(first[0].conversationID == first[1].conversationID)
        #expect(first[1].conversationID != first[2].conversationID)
        #expect(first.allSatisfy { $0.member != nil && $0.answer != nil })

        var options = ChatOptions()
        options.continueLast = true
        let captured = try await session(["fourth"], options: options)
        #expect(captured.err.contains("conversation \(first[2].conversationID): 1 turn loaded"))
        let all = try logged()
        #expect(all.last?.prompt == "fourth" && all.last?.conversationID == first[2].conversationID)
        // The mock provider echoes the last message; the log shows the resent history was used.
        #expect(all.last?.answer?.contains("fourth") == true)
    }
}
