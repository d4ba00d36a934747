import AIRoute
import AIRouteTesting
import Foundation
import Synchronization
import Testing

@testable import AIRouteCLI

/// The repository root, from this file's path.
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
private let offlineConfiguration = repositoryRoot.appendingPathComponent("examples/offline.yaml").path

/// A fresh temporary directory.
private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("airoute-repl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A REPL on the offline configuration (or `yaml`), with captured output.
private func makeREPL(
    yaml: String? = nil, environment: [String: String] = [:], options: ChatOptions = ChatOptions(), quiet: Bool = false
) async throws -> (REPL, CapturedOutput) {
    var path = offlineConfiguration
    if let yaml {
        let file = try temporaryDirectory().appendingPathComponent("config.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        path = file.path
    }
    let global = GlobalOptions(config: path, quiet: quiet, noState: true)
    var environment = environment
    environment["NO_COLOR"] = "1"
    if environment["XDG_STATE_HOME"] == nil && environment["AIROUTE_NOHISTORY"] == nil {
        environment["AIROUTE_NOHISTORY"] = "1"
    }
    let (io, captured) = IO.capture(stdinIsTerminal: true)
    let console = Console(io: io, global: global, environment: environment)
    let context = try await CommandContext(global: global, environment: environment, console: console)
    return (REPL(context: context, options: options, conversation: Conversation(system: options.system)), captured)
}

/// Runs `repl` over `lines` (end of input after them).
private func run(_ repl: inout REPL, _ script: [LineResult]) async -> (ExitCode, ScriptedLineReader) {
    var reader = ScriptedLineReader(script)
    let history = repl.openHistory()
    let code = await repl.run(reader: &reader, history: history)
    await repl.context.close()
    return (code, reader)
}

private func run(_ repl: inout REPL, lines: [String]) async -> (ExitCode, ScriptedLineReader) {
    await run(&repl, lines.map(LineResult.line))
}

@Suite("REPL")
struct REPLTests {
    @Test("the banner names the pool and every prompt shows it")
    func bannerAndPrompt() async throws {
        var (repl, captured) = try await makeREPL()
        let (code, reader) = await run(&repl, lines: [])
        #expect(code == .ok)
        #expect(captured.err.contains("airoute chat — pool text-generation. Type .help for commands, Ctrl-D to exit."))
        #expect(reader.prompts == ["text-generation> "])
        #expect(captured.out.isEmpty)
    }

    @Test("-q leaves the banner out")
    func quietBanner() async throws {
        var (repl, captured) = try await makeREPL(quiet: true)
        _ = await run(&repl, lines: [".clear"])
        #expect(!captured.err.contains("airoute chat"))
        #expect(!captured.err.contains("conversation cleared"))
    }

    @Test("the conversation is kept across turns; replies go to standard output")
    func conversationKept() async throws {
        var (repl, captured) = try await makeREPL()
        let (code, _) = await run(&repl, lines: ["first question", "second question"])
        #expect(code == .ok)
        #expect(captured.out.contains("Mock reply from mock-chat: first question\n"))
        #expect(captured.out.contains("Mock reply from mock-chat: second question\n"))
        let turns = repl.conversation.messages.map { "\($0.role.rawValue): \($0.text ?? "")" }
        #expect(
            turns == [
                "user: first question", "assistant: Mock reply from mock-chat: first question",
                "user: second question", "assistant: Mock reply from mock-chat: second question",
            ])
    }

    @Test("a \"\"\" block is one message, read with the continuation prompt")
    func multiLineBlock() async throws {
        let state = try temporaryDirectory()
        var (repl, captured) = try await makeREPL(environment: ["XDG_STATE_HOME": state.path])
        let (_, reader) = await run(&repl, lines: ["\"\"\"", "line one", "", "  line three", "\"\"\"", "after"])
        #expect(
            reader.prompts == [
                "text-generation> ", "... ", "... ", "... ", "... ", "text-generation> ", "text-generation> ",
            ])
        #expect(repl.conversation.turns.first?.text == "line one\n\n  line three")
        #expect(repl.conversation.turns.count == 4)
        #expect(captured.out.contains("Mock reply from mock-chat: line one line three\n"))
        // One history entry for the block.
        let history = LineHistory(path: state.appendingPathComponent("airoute/history").path, console: nil)
        #expect(history.entries == ["line one\n\n  line three", "after"])
    }

    @Test("a block's text is a message even when it looks like a command; Ctrl-C discards a block")
    func blockContent() async throws {
        var (repl, captured) = try await makeREPL()
        let (_, reader) = await run(
            &repl,
            [
                .line("\"\"\""), .line(".clear"), .line("\"\"\""), .line("\"\"\""), .line("half"),
                .interrupted(discarded: ""),
            ])
        #expect(repl.conversation.turns.first?.text == ".clear")
        #expect(repl.conversation.turns.count == 2)
        #expect(captured.out.contains("Mock reply from mock-chat: .clear"))
        #expect(reader.prompts.last == "text-generation> ")
    }

    @Test("a multi-line entry recalled from history is sent as one message")
    func recalledBlock() async throws {
        var (repl, _) = try await makeREPL()
        _ = await run(&repl, lines: [".help\nsecond line"])
        #expect(repl.conversation.turns.first?.text == ".help\nsecond line")
    }

    @Test(".model switches the pool; unknown or non-chat names are errors with a suggestion")
    func modelSwitch() async throws {
        var (repl, captured) = try await makeREPL()
        let (_, reader) = await run(
            &repl,
            lines: [
                ".model mock-chat", "hi", ".model", ".model text-generaton", ".model embeddings",
                ".model text-generation",
            ])
        #expect(
            reader.prompts == [
                "text-generation> ", "mock-chat> ", "mock-chat> ", "mock-chat> ", "mock-chat> ", "mock-chat> ",
                "text-generation> ",
            ])
        #expect(captured.err.contains("now using mock-chat"))
        #expect(captured.err.contains("using mock-chat\n"))
        #expect(captured.err.contains("Error: unknown pool or model 'text-generaton'; did you mean 'text-generation'?"))
        #expect(captured.err.contains("Error: pool 'embeddings' serves embeddings, not chat"))
        #expect(captured.out.contains("Mock reply from mock-chat: hi"))
        // Asked of the model directly: no failover from the flaky member.
        #expect(!captured.err.contains("flaky-chat"))
        #expect(repl.pool == "text-generation")
    }

    @Test(".system sets the system prompt, alone clears it")
    func system() async throws {
        var (repl, captured) = try await makeREPL()
        _ = await run(&repl, lines: [".system Answer in French."])
        #expect(repl.conversation.system == "Answer in French.")
        #expect(repl.conversation.messages.first?.role == .system)
        #expect(captured.err.contains("system prompt set"))
        _ = await run(&repl, lines: [".system"])
        #expect(repl.conversation.system == nil)
        #expect(captured.err.contains("system prompt cleared"))
    }

    @Test("a system prompt given with -s is kept until .system changes it")
    func systemFromOptions() async throws {
        var options = ChatOptions()
        options.system = "Be brief."
        var (repl, _) = try await makeREPL(options: options)
        _ = await run(&repl, lines: ["hello"])
        #expect(repl.conversation.messages.map(\.role) == [.system, .user, .assistant])
    }

    @Test(".clear forgets the conversation")
    func clear() async throws {
        var (repl, captured) = try await makeREPL()
        _ = await run(&repl, lines: ["one", "two", ".clear", "three"])
        #expect(captured.err.contains("conversation cleared"))
        #expect(repl.conversation.turns.map(\.text) == ["three", "Mock reply from mock-chat: three"])
    }

    @Test(".attach adds a file to the next message only; alone it lists; .detach removes")
    func attach() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let photo = dir.appendingPathComponent("photo.png")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]).write(to: photo)
        var (repl, captured) = try await makeREPL()
        _ = await run(
            &repl,
            lines: [
                ".attach \(photo.path)", ".attach", "what is it?", ".attach", ".attach \(dir.path)/none.png",
                ".attach \(photo.path)", ".detach", "and now?",
            ])
        #expect(captured.err.contains("attached \(photo.path) (image/png, 12 bytes) to the next message"))
        #expect(captured.err.contains("with the next message: \(photo.path) (image/png, 12 bytes)"))
        #expect(captured.err.contains("nothing attached"))
        #expect(captured.err.contains("Error: no such file: \(dir.path)/none.png"))
        #expect(captured.err.contains("attachments removed"))
        let users = repl.conversation.turns.filter { $0.role == .user }
        guard case .parts(let parts)? = users.first?.content else {
            Issue.record("the first message has no parts")
            return
        }
        #expect(parts.first?.text == "what is it?")
        #expect(parts.last?.imageURL?.url.hasPrefix("data:image/png;base64,") == true)
        #expect(users.last?.content == .text("and now?"))
    }

    @Test("unknown dot-commands suggest the closest; .exit and .quit leave")
    func unknownCommand() async throws {
        var (repl, captured) = try await makeREPL()
        let (code, reader) = await run(&repl, lines: [".hlep", ".modle x", ".frobnicate", ".quit", "never sent"])
        #expect(code == .ok)
        #expect(
            captured.err.contains("Error: unknown command '.hlep'; did you mean '.help'? Type .help for the commands."))
        #expect(captured.err.contains("Error: unknown command '.modle'; did you mean '.model'?"))
        #expect(captured.err.contains("Error: unknown command '.frobnicate'. Type .help for the commands."))
        #expect(reader.prompts.count == 4)
        #expect(repl.conversation.turns.isEmpty)
    }

    @Test(".help, .pools and .health print to standard error")
    func informationCommands() async throws {
        var (repl, captured) = try await makeREPL()
        _ = await run(&repl, lines: [".help", ".pools", ".health text-generation", ".pools nope"])
        #expect(captured.err.contains("Commands:"))
        #expect(captured.err.contains(".model [POOL]"))
        #expect(captured.err.contains("MEMBER"))
        #expect(captured.err.contains("STATE"))
        #expect(captured.err.contains("mock-embed"))
        #expect(captured.err.contains("Error: unknown pool 'nope'"))
        #expect(captured.out.isEmpty)
    }

    @Test("Ctrl-C on an empty line prints a hint; on a non-empty line it only discards it")
    func interruptedLines() async throws {
        var (repl, captured) = try await makeREPL()
        let (code, reader) = await run(&repl, [.interrupted(discarded: "typed text"), .interrupted(discarded: "")])
        #expect(code == .ok)
        #expect(reader.prompts.count == 3)
        #expect(captured.err.components(separatedBy: "(To exit, press Ctrl-D or type .exit)").count == 2)
        #expect(repl.conversation.turns.isEmpty)
    }

    @Test("a failed turn is reported, forgotten, and the session goes on")
    func failedTurn() async throws {
        let yaml = """
            version: 1
            providers:
              broken: {type: mock, fail: 401}
              fine: {type: mock}
            models:
              broken-chat: {provider: broken, capabilities: [chat, streaming]}
              fine-chat: {provider: fine, capabilities: [chat, streaming]}
            pools:
              text-generation: {operation: chat, members: [broken-chat]}
              backup: {operation: chat, members: [fine-chat]}
            """
        var (repl, captured) = try await makeREPL(yaml: yaml)
        let (code, _) = await run(&repl, lines: ["doomed", ".model backup", "works"])
        #expect(code == .ok)
        #expect(captured.err.contains("Error:"))
        #expect(captured.err.contains("broken-chat"))
        #expect(repl.conversation.turns.map(\.text) == ["works", "Mock reply from fine-chat: works"])
    }

    @Test("Ctrl-C during a slow reply returns to the prompt at once and forgets the turn")
    func interruptedReply() async throws {
        let yaml = """
            version: 1
            providers:
              slow: {type: mock, latency: 30s}
              fast: {type: mock}
            models:
              slow-chat: {provider: slow, capabilities: [chat, streaming]}
              fast-chat: {provider: fast, capabilities: [chat, streaming]}
            pools:
              text-generation: {operation: chat, members: [slow-chat]}
            """
        var (repl, captured) = try await makeREPL(yaml: yaml)
        let counter = Counter()
        repl.interrupts = { counter.value }
        // A Ctrl-C 300 ms into the first (slow) reply.
        let press = Task {
            try await Task.sleep(for: .milliseconds(300))
            counter.bump()
        }
        let start = ContinuousClock.now
        let (code, _) = await run(&repl, lines: ["slow question", ".model fast-chat", "quick question"])
        let elapsed = ContinuousClock.now - start
        _ = try? await press.value
        #expect(code == .ok)
        #expect(elapsed < .seconds(20))  // the 30 s reply was cancelled, not waited out (room for a loaded machine)
        #expect(captured.err.contains("(interrupted)"))
        #expect(repl.conversation.turns.map(\.text) == ["quick question", "Mock reply from fast-chat: quick question"])
    }

    @Test("history is written with mode 0600 in a 0700 directory and read back next session")
    func historyFile() async throws {
        let state = try temporaryDirectory()
        let environment = ["XDG_STATE_HOME": state.path]
        var (repl, _) = try await makeREPL(environment: environment)
        _ = await run(&repl, lines: ["hello", ".help", "  ", "hello"])
        let path = state.appendingPathComponent("airoute/history").path
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let directory = try FileManager.default.attributesOfItem(atPath: state.appendingPathComponent("airoute").path)
        #expect((directory[.posixPermissions] as? Int) == 0o700)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("_HiStOrY_V2_"))

        // The next session starts with those entries and appends to them.
        var (next, _) = try await makeREPL(environment: environment)
        let history = try #require(next.openHistory())
        #expect(history.entries == ["hello", ".help", "hello"])
        var reader = ScriptedLineReader(lines: ["more"])
        _ = await next.run(reader: &reader, history: history)
        await next.context.close()
        #expect(LineHistory(path: path, console: nil).entries == ["hello", ".help", "hello", "more"])
    }

    @Test("history defaults to ~/.local/state/airoute/history; XDG_STATE_HOME must be absolute")
    func historyPath() {
        #expect(LineHistory.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.local/state/airoute/history")
        #expect(
            LineHistory.defaultPath(environment: ["HOME": "/home/u", "XDG_STATE_HOME": "/s"]) == "/s/airoute/history")
        #expect(
            LineHistory.defaultPath(environment: ["HOME": "/home/u", "XDG_STATE_HOME": "rel"])
                == "/home/u/.local/state/airoute/history")
        #expect(LineHistory.defaultPath(environment: [:]) == nil)
    }

    @Test("AIROUTE_NOHISTORY=1 reads and writes nothing")
    func noHistory() async throws {
        let state = try temporaryDirectory()
        let path = state.appendingPathComponent("airoute/history")
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        let seeded = LineHistory(path: path.path, console: nil)
        seeded.add("secret earlier line")
        let before = try Data(contentsOf: path)

        var (repl, _) = try await makeREPL(environment: ["XDG_STATE_HOME": state.path, "AIROUTE_NOHISTORY": "1"])
        #expect(repl.openHistory() == nil)
        _ = await run(&repl, lines: ["not recorded"])
        #expect(try Data(contentsOf: path) == before)
        #expect(LineHistory.disabled(environment: ["AIROUTE_NOHISTORY": "0"]) == false)
        #expect(LineHistory.disabled(environment: ["AIROUTE_NOHISTORY": "true"]))
    }

    @Test("a history file that cannot be written is one warning, and the session goes on")
    func historyUnwritable() async throws {
        let state = try temporaryDirectory()
        // A file where the directory should be.
        try Data().write(to: state.appendingPathComponent("airoute"))
        var (repl, captured) = try await makeREPL(environment: ["XDG_STATE_HOME": state.path])
        let (code, _) = await run(&repl, lines: ["one", "two"])
        #expect(code == .ok)
        #expect(captured.err.components(separatedBy: "warning: cannot save the history").count == 2)
        #expect(repl.conversation.turns.count == 4)
    }
}

/// A counter standing in for the SIGINT count.
private final class Counter: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func bump() { count.withLock { $0 += 1 } }
}

@Suite("REPL input")
struct REPLInputTests {
    @Test("dot-commands are parsed; a dot followed by a non-letter is a message")
    func parse() {
        #expect(DotCommand.parse(".help") == .help)
        #expect(DotCommand.parse("  .exit  ") == .exit)
        #expect(DotCommand.parse(".QUIT") == .exit)
        #expect(DotCommand.parse(".model") == .model(nil))
        #expect(DotCommand.parse(".model   fast  ") == .model("fast"))
        #expect(DotCommand.parse(".system Be kind.  Always.") == .system("Be kind.  Always."))
        #expect(DotCommand.parse(".system") == .system(nil))
        #expect(DotCommand.parse(".pools embeddings") == .pools("embeddings"))
        #expect(DotCommand.parse(".health") == .health(nil))
        #expect(DotCommand.parse(".nope x") == .unknown(".nope"))
        #expect(DotCommand.parse(".5 is a number") == nil)
        #expect(DotCommand.parse("hello .help") == nil)
        #expect(DotCommand.parse("...") == nil)
    }

    @Test("Tab completes commands and, after .model, pools and models")
    func completion() {
        let completer = Completer(targets: ["text-generation", "fast", "mock-chat", "mock-chat-2"])
        #expect(completer.action(for: ".hel") == .insert("p"))
        #expect(completer.action(for: ".h") == .insert("e"))
        #expect(completer.action(for: ".he") == .list([".health", ".help"]))
        #expect(completer.action(for: ".mo") == .insert("del "))
        #expect(completer.action(for: ".model te") == .insert("xt-generation"))
        #expect(completer.action(for: ".model mo") == .insert("ck-chat"))
        #expect(completer.action(for: ".model mock-chat") == .list(["mock-chat", "mock-chat-2"]))
        #expect(completer.action(for: ".model ") == .list(["fast", "mock-chat", "mock-chat-2", "text-generation"]))
        #expect(completer.action(for: ".model x") == .none)
        #expect(completer.action(for: ".system te") == .none)
        #expect(completer.action(for: "hello") == .none)
        #expect(completer.action(for: ".zz") == .none)
    }

    @Test("the watcher cancels the operation when the counter moves")
    func watcher() async {
        let counter = Counter()
        let press = Task {
            try? await Task.sleep(for: .milliseconds(100))
            counter.bump()
        }
        let start = ContinuousClock.now
        let (result, interrupted) = await InterruptWatcher.run(counter: { counter.value }) {
            try await Task.sleep(for: .seconds(10))
            return 1
        }
        await press.value
        #expect(interrupted)
        // The operation would sleep 10 s: ending before that proves the cancellation. The bound
        // leaves 2 s of that margin because the suite's first wave on two cores starves the
        // cooperative pool (5.4 s was seen for a 100 ms press and a 20 ms poll).
        #expect(ContinuousClock.now - start < .seconds(8))
        #expect(throws: CancellationError.self) { try result.get() }

        let (quiet, untouched) = await InterruptWatcher.run(counter: { 0 }) { 42 }
        #expect(!untouched)
        #expect((try? quiet.get()) == 42)
    }
}

// MARK: - A real terminal

/// `tmux`, if installed.
private let tmuxPath: String? = {
    let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    return (directories.map { "\($0)/tmux" } + ["/usr/bin/tmux", "/usr/local/bin/tmux"])
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// The built binary (`swift build` before `swift test`).
private let binaryPath = repositoryRoot.appendingPathComponent(".build/debug/airoute").path

private let terminalAvailable = tmuxPath != nil && FileManager.default.isExecutableFile(atPath: binaryPath)

/// `airoute chat` in a detached tmux session on a private server, driven by keys.
private final class TerminalSession {
    let socket = "airoute-repl-\(UUID().uuidString.prefix(8))"
    let tmux: String

    init(command: String) throws {
        tmux = tmuxPath!
        // The pane stays after the REPL exits, showing its exit status.
        try run([
            "new-session", "-d", "-s", "repl", "-x", "110", "-y", "50", "\(command); echo \"[exit $?]\"; sleep 30",
        ])
    }

    deinit { end() }

    /// Ends the tmux server and with it the REPL.
    func end() { _ = try? run(["kill-server"]) }

    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        // Only capture-pane's output is read: the server tmux starts keeps the streams it
        // inherits, so a pipe given to new-session would never reach end of file.
        try spawn(tmux, ["-L", socket, "-f", "/dev/null"] + arguments, capture: arguments.first == "capture-pane")
    }

    struct SpawnError: Error { var message: String }
    struct TimedOut: Error {}

    /// Runs a program and waits for it, returning its standard output when `capture`.
    ///
    /// Not Foundation's `Process`: it spawns from a Dispatch worker thread whose signal mask
    /// blocks every signal, and the child (the tmux server, then airoute) would inherit that —
    /// Ctrl-C would never become a SIGINT. Here the child gets an empty mask, default
    /// dispositions, and no descriptor beyond 0, 1 and 2.
    private func spawn(_ path: String, _ arguments: [String], capture: Bool) throws -> String {
        var fds: [Int32] = [-1, -1]
        let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU, SIGWINCH]
        let pid: pid_t
        do {
            pid = try ChildLauncher.spawn(
                path, arguments, environment: ProcessInfo.processInfo.environment, defaultSignals: signals,
                standardDescriptors: { actions in
                    if capture {
                        guard pipe(&fds) == 0 else { throw SpawnError(message: "pipe: \(errno)") }
                        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
                        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
                    } else {
                        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
                    }
                    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
                    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
                },
                parentEnds: { if capture { close(fds[1]) } })
        } catch {
            if fds[0] >= 0 { close(fds[0]) }
            throw error
        }
        var output = Data()
        if capture {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(fds[0], &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                output.append(contentsOf: buffer[0..<count])
            }
            close(fds[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }

    /// Types text literally.
    func type(_ text: String) throws { try run(["send-keys", "-t", "repl", "-l", text]) }
    /// Presses keys by tmux name (`Enter`, `Tab`, `C-c`).
    func press(_ keys: String...) throws { try run(["send-keys", "-t", "repl"] + keys) }

    /// The screen and its scrollback, without trailing spaces and trailing blank lines.
    func screen() throws -> String {
        try run(["capture-pane", "-p", "-J", "-t", "repl", "-S", "-200"])
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0.reversed().drop { $0 == " " }.reversed()) }
            .reversed().drop { $0.trimmingCharacters(in: .whitespaces).isEmpty }.reversed().joined(separator: "\n")
    }

    /// Waits until the screen satisfies `condition` (polling, up to `timeout`); the last screen.
    @discardableResult
    func wait(
        for what: String, timeout: Duration = .seconds(10), _ condition: (String) -> Bool,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            last = try screen()
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting for \(what); the screen:\n\(last)", sourceLocation: sourceLocation)
        throw TimedOut()
    }

    /// How many times `text` is on the screen.
    static func count(_ text: String, in screen: String) -> Int { screen.components(separatedBy: text).count - 1 }
}

private func shellQuote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

@Suite("REPL on a terminal", .serialized, .enabled(if: terminalAvailable, "needs tmux and .build/debug/airoute"))
struct REPLTerminalTests {
    @Test("typing, Tab, a block, Ctrl-C on a full and an empty line, Ctrl-D")
    func session() async throws {
        let state = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: state) }
        let command =
            "env XDG_STATE_HOME=\(shellQuote(state.path)) NO_COLOR=1 TERM=xterm \(shellQuote(binaryPath)) -c \(shellQuote(offlineConfiguration)) --no-state chat"
        let terminal = try TerminalSession(command: command)
        defer { terminal.end() }
        let prompt = "text-generation> "

        try await terminal.wait(for: "the banner and prompt") {
            $0.contains("Type .help for commands") && $0.hasSuffix(">")
        }

        try terminal.type("hello there")
        try terminal.press("Enter")
        try await terminal.wait(for: "the first reply") {
            $0.contains("Mock reply from mock-chat: hello there")
                && $0.hasSuffix(prompt.trimmingCharacters(in: .whitespaces))
        }

        // Tab completes .hel to .help.
        try terminal.type(".hel")
        try terminal.press("Tab")
        try await terminal.wait(for: ".hel completed") { $0.hasSuffix(prompt + ".help") }
        try terminal.press("Enter")
        try await terminal.wait(for: "the help") { $0.contains("Commands:") && $0.contains("Keys:") }

        // A block is one message.
        try terminal.type("\"\"\"")
        try terminal.press("Enter")
        try terminal.type("block line one")
        try terminal.press("Enter")
        try await terminal.wait(for: "the continuation prompt") { $0.contains("... block line one") }
        try terminal.type("block line two")
        try terminal.press("Enter")
        try terminal.type("\"\"\"")
        try terminal.press("Enter")
        try await terminal.wait(for: "the block's reply") {
            $0.contains("Mock reply from mock-chat: block line one block line two")
        }

        // Ctrl-C on a line with text discards it (the cursor need not be at the end).
        try terminal.type("throw this away")
        try terminal.press("Left", "Left")
        try terminal.press("C-c")
        try await terminal.wait(for: "the discarded line") {
            $0.contains(prompt + "throw this away^C\ntext-generation>")
        }
        try terminal.type("kept")
        try terminal.press("Enter")
        let afterKept = try await terminal.wait(for: "the reply to the next line") {
            $0.contains("Mock reply from mock-chat: kept")
        }
        #expect(!afterKept.contains("throw this awaykept"))
        #expect(!afterKept.contains("(To exit"))

        // Ctrl-C on an empty line: the hint.
        try terminal.press("C-c")
        try await terminal.wait(for: "the hint") { $0.contains("(To exit, press Ctrl-D or type .exit)") }

        // Ctrl-D leaves with status 0.
        try terminal.press("C-d")
        try await terminal.wait(for: "the exit") { $0.contains("[exit 0]") }

        // The history file has the lines, the block as one entry.
        let history = LineHistory(path: state.appendingPathComponent("airoute/history").path, console: nil)
        #expect(history.entries == ["hello there", ".help", "block line one\nblock line two", "kept"])
    }

    @Test("chat --continue on a terminal resumes the last logged conversation in the REPL")
    func continueOnATerminal() async throws {
        let state = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: state) }
        let first = try Spawned(
            binaryPath, ["-c", offlineConfiguration, "--no-state", "chat", "remember the word heron"],
            environment: ["XDG_STATE_HOME": state.path, "PATH": "/usr/bin:/bin", "HOME": state.path])
        first.send(nil)  // standard input at its end: no piped text
        #expect(await first.finish(timeout: .seconds(30)).status == 0)
        let command =
            "env XDG_STATE_HOME=\(shellQuote(state.path)) AIROUTE_NOHISTORY=1 NO_COLOR=1 TERM=xterm \(shellQuote(binaryPath)) -c \(shellQuote(offlineConfiguration)) --no-state chat --continue"
        let terminal = try TerminalSession(command: command)
        defer { terminal.end() }
        try await terminal.wait(for: "the loaded conversation and the prompt") {
            $0.contains("1 turn loaded") && $0.hasSuffix(">")
        }
        try terminal.type("which word?")
        try terminal.press("Enter")
        try await terminal.wait(for: "the reply") { $0.contains("Mock reply from mock-chat: which word?") }
        try terminal.press("C-d")
        try await terminal.wait(for: "the exit") { $0.contains("[exit 0]") }
        // Both turns are in one conversation of the log.
        let logs = try Spawned(
            binaryPath, ["--json", "logs", "-n", "0"],
            environment: ["XDG_STATE_HOME": state.path, "PATH": "/usr/bin:/bin", "HOME": state.path])
        logs.send(nil)
        let listed = await logs.finish(timeout: .seconds(30))
        let exchanges = try #require(try JSONSerialization.jsonObject(with: listed.out) as? [[String: Any]])
        #expect(exchanges.count == 2)
        #expect(Set(exchanges.compactMap { $0["conversation_id"] as? String }).count == 1)
    }

    @Test("chat -a on a terminal starts the REPL with the attachment pending for the first message")
    func attachmentOnATerminal() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let photo = dir.appendingPathComponent("photo.png")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]).write(to: photo)
        let command =
            "env AIROUTE_NOHISTORY=1 NO_COLOR=1 TERM=xterm \(shellQuote(binaryPath)) -c \(shellQuote(offlineConfiguration)) --no-state chat -a \(shellQuote(photo.path))"
        let terminal = try TerminalSession(command: command)
        defer { terminal.end() }
        try await terminal.wait(for: "the banner and prompt") {
            $0.contains("Type .help for commands") && $0.hasSuffix(">")
        }
        try terminal.type(".attach")
        try terminal.press("Enter")
        try await terminal.wait(for: "the pending attachment") { $0.contains("with the next message: \(photo.path)") }
        try terminal.type("what is this")
        try terminal.press("Enter")
        try await terminal.wait(for: "the reply") { $0.contains("Mock reply from mock-chat: what is this") }
        try terminal.type(".attach")
        try terminal.press("Enter")
        try await terminal.wait(for: "nothing pending after the turn") { $0.contains("nothing attached") }
        try terminal.press("C-d")
        try await terminal.wait(for: "the exit") { $0.contains("[exit 0]") }
    }

    @Test("Ctrl-C during a slow reply returns to the prompt within a second; the session goes on")
    func interruptSlowReply() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("slow.yaml")
        try """
        version: 1
        providers:
          slow:
            type: mock
            latency: 3s
        models:
          slow-chat:
            provider: slow
            capabilities: [chat, streaming]
        pools:
          text-generation:
            operation: chat
            members: [slow-chat]
        """.write(to: config, atomically: true, encoding: .utf8)
        let command =
            "env AIROUTE_NOHISTORY=1 NO_COLOR=1 TERM=xterm \(shellQuote(binaryPath)) -c \(shellQuote(config.path)) --no-state chat"
        let terminal = try TerminalSession(command: command)
        defer { terminal.end() }

        try await terminal.wait(for: "the prompt") { $0.hasSuffix("text-generation>") }
        try terminal.type("a slow question")
        try terminal.press("Enter")
        try await Task.sleep(for: .milliseconds(500))
        let pressed = ContinuousClock.now
        try terminal.press("C-c")
        let screen = try await terminal.wait(for: "the interruption", timeout: .seconds(2)) {
            $0.contains("(interrupted)") && $0.hasSuffix("text-generation>")
        }
        #expect(ContinuousClock.now - pressed < .milliseconds(1500))
        #expect(!screen.contains("Mock reply"))

        // The session goes on: the next question is answered (after the 3 s latency).
        try terminal.type("and now")
        try terminal.press("Enter")
        try await terminal.wait(for: "the next reply") { $0.contains("Mock reply from slow-chat: and now") }
        try terminal.type(".exit")
        try terminal.press("Enter")
        try await terminal.wait(for: "the exit") { $0.contains("[exit 0]") }
    }
}

extension REPLTests {
    @Test("a refusal is printed as the reply; an answer a content filter withheld is an error and no turn")
    func refusalAndFilteredAnswer() async throws {
        try await FakeProviderServer.withServer { server in
            let yaml = """
                version: 1
                providers:
                  fake: {type: openai, base_url: \(server.openAIBaseURL), api_key: sk-test}
                models:
                  a: {provider: fake, capabilities: [chat, streaming]}
                pools:
                  text-generation: {operation: chat, members: [a]}
                """
            var options = ChatOptions()
            options.stream = false
            var (repl, captured) = try await makeREPL(yaml: yaml, options: options)
            server.script(
                model: "a",
                [
                    .raw(status: 200, body: Recordings.openAIRefusal),
                    .raw(status: 200, body: Recordings.azureContentFilter),
                ])
            let (code, _) = await run(&repl, lines: ["How do I make anthrax?", "Tell me a story"])
            #expect(code == .ok)
            #expect(captured.out.contains("I'm very sorry, but I can't assist with that.\n"))
            #expect(captured.err.contains("the model refused"))
            #expect(
                captured.err.contains("Error: the provider's content filter withheld the answer (violence: medium)"))
            let turns = repl.conversation.messages.map { "\($0.role.rawValue): \($0.text ?? "")" }
            #expect(
                turns == [
                    "user: How do I make anthrax?", "assistant: I'm very sorry, but I can't assist with that.",
                ])
        }
    }
}
