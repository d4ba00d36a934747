import Testing

@testable import AIRouteCLI

/// The command line of the exchange log: `logs`, `chat --continue/--conversation/-u`, `--no-log`.
struct LogsParsingTests {
    func parse(_ arguments: [String]) throws(UsageError) -> (GlobalOptions, Invocation) {
        try Invocation.parse(arguments)
    }

    @Test func logsTypesItsOptions() throws {
        let (global, invocation) = try parse(["logs", "-n", "5", "--conversation", "abc", "-q", "slow start"])
        #expect(global == GlobalOptions())
        #expect(invocation == .logs(LogsOptions(count: 5, conversation: "abc", query: "slow start")))
        #expect(try parse(["logs"]).1 == .logs(LogsOptions()))
        #expect(try parse(["logs", "--query=x", "-n0"]).1 == .logs(LogsOptions(count: 0, query: "x")))
    }

    @Test func shortQAfterLogsIsQueryAndBeforeItQuiet() throws {
        let (global, invocation) = try parse(["-q", "logs", "-q", "text"])
        #expect(global.quiet)
        #expect(invocation == .logs(LogsOptions(query: "text")))
        #expect(try parse(["chat", "-q", "Hi"]).0.quiet)
        #expect(try parse(["logs", "--quiet"]).0.quiet)
    }

    @Test func chatLogOptionsAndNoLog() throws {
        let (global, invocation) = try parse(["chat", "--no-log", "--continue", "-u", "more"])
        #expect(global.noLog)
        var chat = ChatOptions()
        chat.continueLast = true
        chat.usage = true
        chat.prompt = ["more"]
        #expect(invocation == .chat(chat))
        chat = ChatOptions()
        chat.conversation = "3f2a9c01b7de"
        #expect(try parse(["chat", "--conversation", "3f2a9c01b7de"]).1 == .chat(chat))
    }

    @Test func badLogsCommandLines() {
        for arguments in [["logs", "-n", "-1"], ["logs", "extra"], ["logs", "-q"], ["chat", "-c"]] {
            #expect(throws: UsageError.self, "\(arguments)") { try parse(arguments) }
        }
    }
}
