import Foundation

/// The one way the tests start a child process (``Spawned``, the REPL tests' tmux): one spawn at a
/// time in the process, only descriptors 0, 1 and 2 left open in the child, an empty signal mask
/// and default dispositions for the signals the child must receive.
///
/// Why one at a time: a pipe made for one child, then a second child spawned by another thread
/// before the first spawn closed the pipe's other descriptors, leaves that end in the second child
/// — a PostgreSQL or tmux server holding it keeps the first child's reader from ever seeing
/// end-of-file (seen as a hung test). Under the lock, the descriptors to close are listed after
/// the caller made its pipes, so every other child closes them.
public enum ChildLauncher {
    private static let spawning = NSLock()

    /// Spawns `path`; returns its process id.
    ///
    /// - Parameters:
    ///   - environment: the child's whole environment.
    ///   - defaultSignals: signals whose disposition is reset to the default in the child (a
    ///     test runner may ignore some; Dispatch threads block every signal).
    ///   - standardDescriptors: runs under the lock before the spawn: makes the caller's pipes and
    ///     adds the actions that set up descriptors 0, 1 and 2.
    ///   - parentEnds: runs under the lock after the spawn, whether it succeeded or not: closes the
    ///     child's ends of the caller's pipes in this process.
    public static func spawn(
        _ path: String, _ arguments: [String], environment: [String: String], defaultSignals: [Int32],
        standardDescriptors: (inout posix_spawn_file_actions_t) throws -> Void, parentEnds: () -> Void = {}
    ) throws -> pid_t {
        spawning.lock()
        defer { spawning.unlock() }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        try standardDescriptors(&actions)
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in defaultSignals { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        parentEnds()
        guard result == 0 else { throw Spawned.Failure(description: "posix_spawn \(path): \(result)") }
        return pid
    }
}
