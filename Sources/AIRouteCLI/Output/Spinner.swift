import Foundation
import Synchronization

/// A spinner on stderr while waiting for the first token: only on a terminal, never with `-q`.
final class Spinner: Sendable {
    private let console: Console
    private let task = Mutex<Task<Void, Never>?>(nil)
    /// Whether frames may be drawn; frames are drawn and erased under this lock, so no frame
    /// can land after ``stop()`` has erased the line (and then over the payload).
    private let drawing = Mutex(false)

    init(console: Console) { self.console = console }

    var enabled: Bool { console.io.stderrIsTerminal && !console.quiet }

    func start(_ label: String = "waiting") {
        guard enabled else { return }
        let console = self.console
        drawing.withLock { $0 = true }
        let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
        task.withLock {
            $0 = Task {
                var index = 0
                // Only after a short delay, so fast answers never flash a spinner.
                try? await Task.sleep(for: .milliseconds(150))
                while !Task.isCancelled {
                    let frame = "\r" + console.paint(frames[index % frames.count] + " " + label, "2")
                    self.drawing.withLock { if $0 { console.err(frame) } }
                    index += 1
                    try? await Task.sleep(for: .milliseconds(80))
                }
            }
        }
    }

    func stop() {
        guard
            let running = task.withLock({ t -> Task<Void, Never>? in
                defer { t = nil }
                return t
            })
        else { return }
        running.cancel()
        // Erase synchronously so the payload never shares a line with a frame.
        drawing.withLock {
            $0 = false
            console.err("\r\u{1B}[K")
        }
    }
}
