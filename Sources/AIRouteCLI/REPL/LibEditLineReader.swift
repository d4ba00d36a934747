import CLibEdit
import Foundation

/// A ``LineReader`` on a terminal, with libedit's native `el_*` API: emacs key bindings,
/// history (``LineHistory``), Tab completion (``Completer``) and Ctrl-C.
///
/// Ctrl-C: with an async main, SIGINT cannot interrupt `el_gets` on the thread it runs on, so
/// the terminal's signal keys are turned off *only while editing* (`EL_SETTY -d -isig`) and `^C`
/// is bound to a function that records the interruption and returns `CC_EOF`, which makes
/// `el_gets` return with count 0. Outside `el_gets` the terminal is in cooked mode and Ctrl-C is
/// a SIGINT again (see ``InterruptWatcher``).
///
/// The editor writes to standard error, like a shell, so standard output carries only replies.
struct LibEditLineReader: LineReader {
    /// What the C callbacks reach through `EL_CLIENTDATA`; lives as long as the editor.
    private final class State {
        let completer: Completer
        let output: Int32
        /// The current prompt, `strdup`ed: libedit reads it on every redisplay.
        var prompt: UnsafeMutablePointer<CChar>?
        /// Set by the `^C` function: the line's text, and the text after the cursor.
        var interrupted: (line: String, tail: String)?

        init(completer: Completer, output: Int32) {
            self.completer = completer
            self.output = output
        }

        deinit { free(prompt) }

        func write(_ text: String) { _ = IO.writeAll(output, Data(text.utf8)) }
    }

    /// Owns the editor so `el_end` runs (restoring the terminal) when the reader goes away.
    private final class Editor {
        let el: OpaquePointer
        let state: State
        let history: LineHistory?

        init(el: OpaquePointer, state: State, history: LineHistory?) {
            self.el = el
            self.state = state
            self.history = history
        }

        deinit { el_end(el) }
    }

    private let editor: Editor

    /// An editor on standard input, drawing on standard error (standard output when standard
    /// error is not a terminal).
    ///
    /// - Returns: `nil` when libedit cannot be initialised.
    init?(history: LineHistory?, completer: Completer) {
        let outputIsTerminal = isatty(STDERR_FILENO) == 1
        let output = outputIsTerminal ? STDERR_FILENO : STDOUT_FILENO
        guard
            let el = el_init(
                "airoute", clibedit_stdin(), outputIsTerminal ? clibedit_stderr() : clibedit_stdout(),
                clibedit_stderr())
        else { return nil }
        let state = State(completer: completer, output: output)
        editor = Editor(el: el, state: state, history: history)
        _ = clibedit_set_clientdata(el, Unmanaged.passUnretained(state).toOpaque())
        _ = clibedit_set_editor(el, "emacs")
        // libedit restores the terminal and re-raises on SIGTERM, SIGHUP… and follows SIGWINCH.
        _ = clibedit_set_signal(el, 1)
        if let history { _ = clibedit_set_history(el, history.handle) }
        _ = clibedit_set_prompt(el) { el in
            guard let el, let data = clibedit_get_clientdata(el) else { return nil }
            return Unmanaged<State>.fromOpaque(data).takeUnretainedValue().prompt
        }
        // Ctrl-C while editing: the signal keys are off in edit mode only, so ^C reaches us as a key.
        _ = clibedit_set_tty(el, "-d", "-isig", nil)
        _ = clibedit_add_function(el, "airoute-interrupt", "Discard the line (Ctrl-C)") { el, _ in
            guard let el, let data = clibedit_get_clientdata(el) else { return UInt8(CC_EOF) }
            let state = Unmanaged<State>.fromOpaque(data).takeUnretainedValue()
            let (line, tail) = LibEditLineReader.lineText(el)
            state.interrupted = (line, tail)
            return UInt8(CC_EOF)
        }
        _ = clibedit_bind(el, "^C", "airoute-interrupt")
        _ = clibedit_add_function(el, "airoute-complete", "Complete a command, pool or model") { el, _ in
            guard let el, let data = clibedit_get_clientdata(el) else { return UInt8(CC_ERROR) }
            let state = Unmanaged<State>.fromOpaque(data).takeUnretainedValue()
            let (line, tail) = LibEditLineReader.lineText(el)
            let beforeCursor = String(line.dropLast(tail.count))
            switch state.completer.action(for: beforeCursor) {
            case .insert(let text):
                return el_insertstr(el, text) == 0 ? UInt8(CC_REFRESH) : UInt8(CC_REFRESH_BEEP)
            case .list(let candidates):
                state.write("\n" + candidates.joined(separator: "  ") + "\n")
                return UInt8(CC_REDISPLAY)
            case .none:
                return UInt8(CC_REFRESH_BEEP)
            }
        }
        _ = clibedit_bind(el, "^I", "airoute-complete")
    }

    /// The editor's whole line and the part after the cursor.
    private static func lineText(_ el: OpaquePointer) -> (line: String, tail: String) {
        guard let info = el_line(el)?.pointee, let buffer = info.buffer, let last = info.lastchar,
            let cursor = info.cursor
        else { return ("", "") }
        let line = UnsafeBufferPointer(
            start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
            count: max(0, last - buffer))
        let tailStart = max(0, min(cursor - buffer, line.count))
        return (String(decoding: line, as: UTF8.self), String(decoding: line[tailStart...], as: UTF8.self))
    }

    mutating func readLine(prompt: String) -> LineResult {
        let state = editor.state
        free(state.prompt)
        state.prompt = strdup(prompt)
        state.interrupted = nil
        var count: Int32 = 0
        let raw = el_gets(editor.el, &count)
        if let interrupted = state.interrupted {
            // Move past what was after the cursor, mark the interruption and leave the line.
            state.write(interrupted.tail + "^C\n")
            return .interrupted(discarded: interrupted.line)
        }
        guard let raw, count > 0 else {
            state.write("\n")  // Ctrl-D leaves the cursor after the prompt
            return .eof
        }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }
}
