import CLibEdit
import Foundation

/// The REPL's input history: libedit's `History`, loaded from and saved to
/// `$XDG_STATE_HOME/airoute/history` (default `$HOME/.local/state/airoute/history`).
///
/// The file is libedit's own format (`_HiStOrY_V2_`, strvis-encoded), so a `"""` block is one
/// entry. The directory is created with mode 0700 and the file is written with mode 0600,
/// through a temporary file and a rename. `AIROUTE_NOHISTORY=1` turns history off: nothing is
/// read or written. Failing to write is a warning (once per session), never fatal.
///
/// Not thread-safe: one REPL uses it from one task.
final class LineHistory {
    /// The libedit handle, attached to the editor with `EL_HIST`.
    let handle: OpaquePointer
    /// Where it is saved; `nil` keeps it in memory only.
    let path: String?
    /// The most entries kept.
    static let limit: Int32 = 1000
    private let console: Console?
    private var warned = false

    /// A history kept in memory, or loaded from `path` when it exists.
    init(path: String?, console: Console?) {
        handle = history_init()
        self.path = path
        self.console = console
        var event = HistEvent()
        _ = clibedit_history_setsize(handle, &event, Self.limit)
        _ = clibedit_history_setunique(handle, &event, 1)
        if let path, FileManager.default.fileExists(atPath: path) {
            _ = clibedit_history_load(handle, &event, path)
        }
    }

    deinit { history_end(handle) }

    /// Whether `AIROUTE_NOHISTORY` asks for no history.
    static func disabled(environment: [String: String]) -> Bool {
        guard let value = environment["AIROUTE_NOHISTORY"]?.lowercased(), !value.isEmpty else { return false }
        return !["0", "false", "no", "off"].contains(value)
    }

    /// The history file for an environment: `$XDG_STATE_HOME/airoute/history` when that is an
    /// absolute path, else `$HOME/.local/state/airoute/history`; `nil` without either, or when
    /// history is disabled.
    static func defaultPath(environment: [String: String]) -> String? {
        guard !disabled(environment: environment) else { return nil }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/airoute/history"
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return home + "/.local/state/airoute/history"
        }
        return nil
    }

    /// The session's history: `nil` when `AIROUTE_NOHISTORY` turns it off (nothing read or
    /// written, not even in memory, so Up-arrow shows only what an editor keeps itself).
    static func open(environment: [String: String], console: Console?) -> LineHistory? {
        guard !disabled(environment: environment) else { return nil }
        return LineHistory(path: defaultPath(environment: environment), console: console)
    }

    /// The entries, oldest first.
    var entries: [String] {
        var event = HistEvent()
        var result: [String] = []
        guard clibedit_history_last(handle, &event) == 0 else { return [] }
        repeat {
            if let text = event.str { result.append(String(cString: text)) }
        } while clibedit_history_prev(handle, &event) == 0
        return result
    }

    /// Records an entry (consecutive duplicates are kept once) and saves the file.
    func add(_ entry: String) {
        guard !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        var event = HistEvent()
        _ = clibedit_history_enter(handle, &event, entry)
        save()
    }

    /// Writes the file (0600, via a temporary file and a rename); a failure is one warning.
    func save() {
        guard let path else { return }
        do {
            try write(to: path)
        } catch {
            if !warned {
                warned = true
                console?.warning("cannot save the history to \(path): \(error.message)")
            }
        }
    }

    private struct SaveError: Error {
        var message: String
        init(_ what: String, _ code: Int32 = errno) { message = "\(what): \(String(cString: strerror(code)))" }
    }

    private func write(to path: String) throws(SaveError) {
        let directory = (path as NSString).deletingLastPathComponent
        try Self.makeDirectory(directory)
        let temporary = "\(path).tmp-\(getpid())"
        let fd = Foundation.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SaveError("cannot create \(temporary)") }
        // The file may have existed with other permissions: force 0600 before any entry is written.
        let chmodFailed = fchmod(fd, 0o600) != 0
        close(fd)
        if chmodFailed {
            let error = SaveError("cannot restrict \(temporary)")
            unlink(temporary)
            throw error
        }
        var event = HistEvent()
        guard clibedit_history_save(handle, &event, temporary) >= 0 else {
            let error = SaveError("cannot write \(temporary)")
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = SaveError("cannot rename \(temporary)")
            unlink(temporary)
            throw error
        }
    }

    /// `mkdir -p` with mode 0700 for every directory it creates.
    private static func makeDirectory(_ directory: String) throws(SaveError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw SaveError("\(directory) is not a directory", ENOTDIR) }
            return
        }
        let parent = (directory as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != directory { try makeDirectory(parent) }
        if mkdir(directory, 0o700) != 0 && errno != EEXIST { throw SaveError("cannot create \(directory)") }
    }
}
