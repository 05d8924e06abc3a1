import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts a child with `posix_spawn`: every signal unblocked and at its default action, standard streams from the
/// given descriptors, nothing else inherited (Rampart's descriptors are close-on-exec).
///
/// Foundation's `Process` hands children the spawning thread's signal mask; under the test runner that mask blocks
/// SIGTERM, so servers started from tests could not be stopped gracefully. It also sometimes missed the exit of a
/// child that had started a background process, leaving `waitUntilExit` waiting for ever; `wait()` here reaps the
/// child itself.
struct SpawnedProcess {
    let pid: pid_t

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    static func start(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
                      stdin: Int32, stdout: Int32, stderr: Int32) throws -> SpawnedProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (from, to) in [(stdin, Int32(0)), (stdout, 1), (stderr, 2)] { posix_spawn_file_actions_adddup2(&actions, from, to) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let environment = environment ?? ProcessInfo.processInfo.environment
        // A working directory of its own: a shell changes into it and then becomes the program.
        var executable = executable, arguments = arguments
        if let directory {
            arguments = ["-c", #"cd "$0" && exec "$@""#, directory, executable] + arguments
            executable = "/bin/sh"
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw Failed(description: "cannot start \(executable): \(String(cString: strerror(result)))") }
        return SpawnedProcess(pid: pid)
    }

    /// Waits for the child to end and returns its exit status (128 + the signal when a signal ended it). Blocks.
    func wait() -> Int32 {
        var status: Int32 = 0
        var reaped: pid_t
        repeat { reaped = waitpid(pid, &status, 0) } while reaped == -1 && errno == EINTR
        guard reaped == pid else { return -1 }
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    func signal(_ signal: Int32) { kill(pid, signal) }

    /// A pipe whose two ends are closed on exec (the spawn's `dup2` clears that on the child's copy).
    static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard Glibc.pipe(&fds) == 0 else { throw Failed(description: "pipe: \(String(cString: strerror(errno)))") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }
}
