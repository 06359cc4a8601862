import Basics
/// The durable state of the mock Console: flocks, factory auth strings, tokens and the change counter, in SQLite.
///
/// One connection per database file, behind a `PThreadLock` (its comment says why not `Synchronization.Mutex`):
/// every method is one locked call, every multi-row change is one transaction, and a method that returns has committed its transaction, so the caller
/// may acknowledge the write. Methods block; call them from threads, not from the Swift concurrency pool.
package final class ConsoleStore: Sendable {
    /// The id of the Default Flock, which always exists.
    package static let defaultFlockID = "flock:default"
    /// The name of the Default Flock.
    package static let defaultFlockName = "Default Flock"

    /// The only connection to the database; the mutex serializes its use (it is opened with SQLITE_OPEN_NOMUTEX).
    let connection: PThreadLock<SQLiteConnection>
    /// WAL checkpoints off the request path, for file databases (see `Checkpointer`).
    private let checkpointer: Checkpointer?
    /// WAL pages after which the writer checkpoints itself (see `init`).
    static let walBackstopPages = 10_000
    /// Tokens by id; see `TokenCache` for why it stays consistent.
    let tokenCache = PThreadLock(TokenCache())
    /// Concurrent token inserts and audit appends share transactions (see `GroupCommit`, `BatchedWrite`): every
    /// audited create appends an item right after its token, and both ride the same commits.
    let batchedWrites = GroupCommit<BatchedWrite, BatchedWrite>()

    /// The database file's own descriptor (lock and identity), for file databases; nil for `:memory:`.
    let file: DatabaseFile?

    /// Opens (creating if needed) the database at `path` and migrates its schema forward.
    ///
    /// - Parameters:
    ///   - path: a file path, or `:memory:` for a database that lives as long as this object.
    ///   - synchronous: `.normal` keeps every commit across a process crash in WAL mode; `.full` also across power
    ///     loss (https://www.sqlite.org/pragma.html#pragma_synchronous).
    ///   - exclusive: take an exclusive lock on the file for as long as the store lives, so no second server opens
    ///     it (see `DatabaseFile`); the server asks for it, tests that reopen a file while it is open do not.
    /// - Throws: `StoreError.databaseInUse` when another process holds the lock, `.schemaTooNew` when a newer
    ///   program wrote the file, `.walUnavailable` when WAL mode cannot be used, `.sqlite` for anything else.
    package init(path: String, synchronous: SynchronousMode = .normal, exclusive: Bool = false) throws(StoreError) {
        let isFile = path != ":memory:" && !path.isEmpty
        // Locked before SQLite opens the file, so a second server changes nothing (no migration, no seed).
        let file = isFile ? try DatabaseFile(path: path, exclusive: exclusive) : nil
        let opened: SQLiteConnection
        var checkpointer: Checkpointer?
        do throws(StoreError) {
            opened = try SQLiteConnection(path: path, synchronous: synchronous)
            do throws(StoreError) {
                try Self.migrate(opened)
                if isFile, let started = try? Checkpointer(path: path) {
                    // https://www.sqlite.org/pragma.html#pragma_wal_autocheckpoint: the writer's own checkpoint stays
                    // as a backstop at 10,000 pages (about 40 MB) instead of 1,000. Under sustained writes a PASSIVE
                    // checkpoint never finds the WAL idle, so it never restarts (measured: 347 MB after 6 s of
                    // creates with the backstop off); the backstop finds most pages already copied, so it is short,
                    // and the WAL restarts. journal_size_limit trims the WAL file after that so it does not keep its
                    // largest size.
                    checkpointer = started
                    try opened.execute("PRAGMA wal_autocheckpoint = \(Self.walBackstopPages)")
                    try opened.execute("PRAGMA journal_size_limit = 67108864")
                }
            } catch {
                checkpointer?.stop()
                opened.close()
                throw error
            }
        } catch {
            // Every SQLite connection to the file is closed by now (see DatabaseFile on closing descriptors).
            file?.close()
            throw error
        }
        if let file {
            // Refuse every commit once the file is deleted or replaced: it would be acknowledged and then lost at the
            // next start. The store (and so `file`) outlives the connection: `deinit` closes it first.
            opened.setCommitHook({ context in
                guard let context else { return 0 }
                let file = Unmanaged<DatabaseFile>.fromOpaque(context).takeUnretainedValue()
                return file.state() == .present ? 0 : 1
            }, context: Unmanaged.passUnretained(file).toOpaque())
        }
        self.file = file
        self.checkpointer = checkpointer
        connection = PThreadLock(opened)
    }

    /// Whether the database path still names the file this store writes to; `.present` for `:memory:`.
    package func fileState() -> DatabaseFileState {
        file?.state() ?? .present
    }

    /// Runs `body` with the connection while holding the lock.
    ///
    /// The one place where store code's plain throwing closures become the typed `StoreError` of the public API:
    /// the body throws only store errors (see `StoreError.init(converting:)`).
    @discardableResult
    func locked<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws(StoreError) -> T {
        do {
            return try connection.withLock { database in try body(database) }
        } catch {
            throw StoreError(converting: error)
        }
    }

    /// Empties every table, resets both change counters to 0 and recreates the Default Flock, in one transaction.
    /// With `keepFlocks`, flocks stay as they are and only birds, incidents, tokens, factories, the ignore list and the
    /// audit trail go.
    package func reset(keepFlocks: Bool = false) throws(StoreError) {
        try locked { database in
            defer { tokenCache.withLock { $0.removeAll() } }
            try database.transaction { try Self.emptyTables(database, keepFlocks: keepFlocks) }
        }
    }

    /// The rows `reset` deletes, inside the caller's transaction. The recreated Default Flock gets
    /// `defaultFlockCreatedMicros` when given (a caller that re-applies flocks in the same transaction passes a time
    /// before theirs, so the Default Flock stays the oldest), else SQLite's current time.
    static func emptyTables(
        _ database: SQLiteConnection, keepFlocks: Bool, defaultFlockCreatedMicros: Int64? = nil
    ) throws(StoreError) {
        // Children before parents, so no foreign key is ever left dangling mid-way.
        try database.execute(
            """
            DELETE FROM ignore_list;
            DELETE FROM audit_trail;
            DELETE FROM sqlite_sequence WHERE name = 'audit_trail';
            DELETE FROM devices;
            DELETE FROM incident_events;
            DELETE FROM incidents;
            UPDATE console SET incident_updated_id = 0 WHERE id = 1;
            DELETE FROM token_files;
            DELETE FROM token_attributes;
            DELETE FROM tokens;
            DELETE FROM factories;
            UPDATE console SET updated_id = 0 WHERE id = 1;
            """
        )
        if keepFlocks { return }
        try database.execute("DELETE FROM flocks")
        if let created = defaultFlockCreatedMicros {
            _ = try database.run(
                "INSERT INTO flocks(flock_id, name, created_us) VALUES (?1, ?2, ?3)", Self.defaultFlockID,
                Self.defaultFlockName, created)
        } else {
            try database.execute(
                """
                INSERT INTO flocks(flock_id, name, created_us)
                    VALUES ('\(Self.defaultFlockID)', '\(Self.defaultFlockName)', \(Self.nowMicrosSQL));
                """
            )
        }
    }

    /// An SQL expression for the current time in integer microseconds since the Unix epoch (millisecond precision).
    ///
    /// Computed by SQLite so this module needs no clock of its own. `strftime('%s')` gives whole seconds and
    /// `%f` gives `SS.SSS`, of which characters 4–6 are the milliseconds; 'now' is the same for every use within
    /// one sqlite3_step() call (https://www.sqlite.org/lang_datefunc.html).
    static let nowMicrosSQL =
        "(CAST(strftime('%s', 'now') AS INTEGER) * 1000000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER) * 1000)"

    /// Stops the checkpoint thread, closes the connection, and only then the file's own descriptor (its lock):
    /// closing a descriptor while SQLite has the file open would drop SQLite's POSIX locks
    /// (https://www.sqlite.org/howtocorrupt.html §2.2).
    deinit {
        checkpointer?.stop()
        connection.withLock { $0.close() }
        file?.close()
    }
}
