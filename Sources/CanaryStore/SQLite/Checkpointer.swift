import Basics
import Glibc

/// Copies the WAL back into the database file on a thread of its own, so no request waits for it.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL pages, on the writer's connection,
/// while our connection lock is held; with `synchronous = NORMAL` a checkpoint fsyncs, and every create queued
/// behind it waited (measured: create p99 around 100 ms). Here a second connection runs
/// `PRAGMA wal_checkpoint(PASSIVE)` every `interval` seconds, which never blocks writers or readers
/// (https://www.sqlite.org/c3ref/wal_checkpoint_v2.html), and the writer's auto-checkpoint is raised to a backstop
/// (`ConsoleStore.walBackstopPages`) that keeps the WAL bounded under sustained writes.
final class Checkpointer: Sendable {
    /// Seconds between checkpoints.
    static let interval = 0.2

    /// The checkpoint connection, handed to the checkpoint thread and used by no other.
    /// `@unchecked Sendable`: created by `init`, then touched only by the one thread it is handed to.
    private final class Handoff: @unchecked Sendable {
        let connection: SQLiteConnection
        init(_ connection: SQLiteConnection) { self.connection = connection }
    }

    /// The stop request, shared with the thread, which sleeps on `condition` between checkpoints.
    /// `@unchecked Sendable`: `requested` is read and written only while `mutex` is held.
    private final class Stop: @unchecked Sendable {
        let mutex = PThreadMutex()
        let condition = PThreadCondition()
        var requested = false
    }

    private let stopRequest = Stop()
    private let thread: pthread_t

    /// Opens a connection to `path` and starts the thread; throws if either fails (the caller then keeps
    /// SQLite's automatic checkpoints).
    init(path: String) throws(StoreError) {
        let handoff = Handoff(try SQLiteConnection(path: path))
        let stop = stopRequest
        // The system's default stack: a checkpoint runs inside SQLite, whose stack use is not ours to bound.
        let started = Threads.start(stackSize: nil) {
            while true {
                // Sleep until the interval passes or stop() signals (wake-ups can be spurious: wait again).
                let stopping = stop.mutex.withLock { () -> Bool in
                    let deadline = Clock.now + Checkpointer.interval
                    while !stop.requested, stop.condition.wait(stop.mutex, until: deadline) {}
                    return stop.requested
                }
                if stopping { break }
                _ = try? handoff.connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
            }
            handoff.connection.close()
        }
        guard let started else { throw StoreError.sqlite(code: 0, message: "checkpointer: thread could not start") }
        thread = started
    }

    /// Stops the thread (waking it at once), waits for it, and runs nothing more.
    func stop() {
        let first = stopRequest.mutex.withLock { () -> Bool in
            guard !stopRequest.requested else { return false }
            stopRequest.requested = true
            stopRequest.condition.signal()
            return true
        }
        if first { Threads.join(thread) }
    }

    deinit { stop() }
}
