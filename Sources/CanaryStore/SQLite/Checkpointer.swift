import Basics
import Glibc
import Synchronization

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

    /// Shared with the thread (an `Atomic` cannot be copied into a closure, so it lives in an object).
    private final class StopFlag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    private let stopping = StopFlag()
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let thread: pthread_t

    /// Opens a connection to `path` and starts the thread; throws if either fails (the caller then keeps
    /// SQLite's automatic checkpoints).
    init(path: String) throws(StoreError) {
        let handoff = Handoff(try SQLiteConnection(path: path))
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw StoreError.sqlite(code: 0, message: "checkpointer: pipe failed") }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        let stopping = self.stopping
        let readEnd = wakeRead
        // The system's default stack: a checkpoint runs inside SQLite, whose stack use is not ours to bound.
        let started = Threads.start(stackSize: nil) {
            var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            while !stopping.raised.load(ordering: .acquiring) {
                // Sleep until the interval passes or stop() writes to the pipe.
                _ = poll(&descriptor, 1, Int32(Checkpointer.interval * 1000))
                if stopping.raised.load(ordering: .acquiring) { break }
                _ = try? handoff.connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
            }
            handoff.connection.close()
        }
        guard let started else {
            close(fds[0])
            close(fds[1])
            throw StoreError.sqlite(code: 0, message: "checkpointer: thread could not start")
        }
        thread = started
    }

    /// Stops the thread (waking it at once), waits for it, and runs nothing more.
    func stop() {
        guard !stopping.raised.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
        Threads.join(thread)
        close(wakeRead)
        close(wakeWrite)
    }

    deinit { stop() }
}
