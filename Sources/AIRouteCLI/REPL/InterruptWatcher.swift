import Foundation
import Synchronization

/// SIGINT while a REPL reply is in flight.
///
/// While the user edits a line, libedit turns the terminal's signal keys off and Ctrl-C is an
/// ordinary key (see ``LibEditLineReader``). While a reply is being written the terminal is back
/// in cooked mode and Ctrl-C sends SIGINT. The handler installed here (with `sigaction`, without
/// `SA_RESTART`) only bumps an atomic counter, which is async-signal-safe; ``run(_:)`` polls the
/// counter every 20 ms and cancels the request task when it moves. Polling is needed because on
/// an async main the signal is delivered to whichever thread has it unblocked, not to the task.
enum InterruptWatcher {
    /// SIGINTs received since the handler was installed.
    static let count = Atomic<Int>(0)

    /// How often the counter is checked while a request runs.
    static let pollInterval = Duration.milliseconds(20)

    /// Installs the counting SIGINT handler (the REPL's session).
    static func install() {
        set(handler: { _ in InterruptWatcher.count.add(1, ordering: .relaxed) })
    }

    /// Restores the default SIGINT disposition (the REPL has ended).
    static func restore() {
        set(handler: SIG_DFL)
    }

    private static func set(handler: (@convention(c) (Int32) -> Void)?) {
        var action = sigaction()
        #if os(Linux)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: a blocking read or write returns EINTR
        sigaction(SIGINT, &action, nil)
    }

    /// Runs `operation` in a task that is cancelled when `counter` moves (a SIGINT arrives).
    ///
    /// - Returns: the operation's result, and whether it was interrupted. An operation that
    ///   finished successfully although interrupted keeps its result.
    static func run<T: Sendable>(
        counter: @escaping @Sendable () -> Int = { InterruptWatcher.count.load(ordering: .relaxed) },
        _ operation: @escaping @Sendable () async throws -> T
    ) async -> (result: Result<T, any Error>, interrupted: Bool) {
        let baseline = counter()
        let work = Task { try await operation() }
        let watcher = Task {
            while !Task.isCancelled {
                if counter() != baseline {
                    work.cancel()
                    return true
                }
                try? await Task.sleep(for: pollInterval)
            }
            return counter() != baseline
        }
        let result = await work.result
        watcher.cancel()
        let interrupted = await watcher.value
        return (result, interrupted)
    }
}
