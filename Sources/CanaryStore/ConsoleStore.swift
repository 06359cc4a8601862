import Locking
/// The durable state of the mock Console: flocks, factory auth strings, tokens and the change counter, in SQLite.
///
/// One connection per database file, behind a lock (a pthread mutex: see `PThreadLock` for why not `Mutex`): every method is one locked call, every
/// multi-row change is one transaction, and a method that returns has committed its transaction, so the caller
/// may acknowledge the write. Methods block; call them from threads, not from the Swift concurrency pool.
package final class ConsoleStore: Sendable {
    /// The id of the Default Flock, which always exists.
    package static let defaultFlockID = "flock:default"
    /// The name of the Default Flock.
    package static let defaultFlockName = "Default Flock"

    /// The only connection to the database; the mutex serializes its use (it is opened with SQLITE_OPEN_NOMUTEX).
    private let connection: PThreadLock<SQLiteConnection>
    /// WAL checkpoints off the request path, for file databases (see `Checkpointer`).
    private let checkpointer: Checkpointer?
    /// WAL pages after which the writer checkpoints itself (see `init`).
    static let walBackstopPages = 10_000
    /// Tokens by id; see `TokenCache` for why it stays consistent.
    let tokenCache = PThreadLock(TokenCache())
    /// Concurrent token inserts share transactions (see `GroupCommit`).
    let tokenInserts = GroupCommit<NewToken, TokenRecord>()

    /// Opens (creating if needed) the database at `path` and migrates its schema forward.
    ///
    /// - Parameters:
    ///   - path: a file path, or `:memory:` for a database that lives as long as this object.
    ///   - synchronous: `.normal` keeps every commit across a process crash in WAL mode; `.full` also across power
    ///     loss (https://www.sqlite.org/pragma.html#pragma_synchronous).
    /// - Throws: `StoreError.schemaTooNew` when a newer program wrote the file, `.walUnavailable` when WAL mode
    ///   cannot be used, `.sqlite` for anything else.
    package init(path: String, synchronous: SynchronousMode = .normal) throws(StoreError) {
        let opened = try SQLiteConnection(path: path, synchronous: synchronous)
        try Self.migrate(opened)
        var checkpointer: Checkpointer?
        if path != ":memory:" && !path.isEmpty, let started = try? Checkpointer(path: path) {
            // https://www.sqlite.org/pragma.html#pragma_wal_autocheckpoint: the writer's own checkpoint stays as a
            // backstop at 10,000 pages (about 40 MB) instead of 1,000. Under sustained writes a PASSIVE checkpoint
            // never finds the WAL idle, so it never restarts (measured: 347 MB after 6 s of creates with the
            // backstop off); the backstop finds most pages already copied, so it is short, and the WAL restarts.
            // journal_size_limit trims the WAL file after that so it does not keep its largest size.
            try opened.execute("PRAGMA wal_autocheckpoint = \(Self.walBackstopPages)")
            try opened.execute("PRAGMA journal_size_limit = 67108864")
            checkpointer = started
        }
        self.checkpointer = checkpointer
        connection = PThreadLock(opened)
    }

    /// Runs `body` with the connection while holding the lock.
    func locked<T: Sendable>(_ body: (SQLiteConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        try connection.withLock { (database: inout SQLiteConnection) throws(StoreError) -> T in
            try body(database)
        }
    }

    /// Empties every table, resets the change counter to 0 and recreates the Default Flock, in one transaction.
    /// With `keepFlocks`, flocks stay as they are and only tokens and factories go.
    package func reset(keepFlocks: Bool = false) throws(StoreError) {
        try locked { database throws(StoreError) in
            defer { tokenCache.withLock { $0.removeAll() } }
            try database.transaction { () throws(StoreError) in
                // Children before parents, so no foreign key is ever left dangling mid-way.
                try database.execute(
                    """
                    DELETE FROM token_files;
                    DELETE FROM token_attributes;
                    DELETE FROM tokens;
                    DELETE FROM factories;
                    UPDATE console SET updated_id = 0 WHERE id = 1;
                    """
                )
                if keepFlocks { return }
                try database.execute(
                    """
                    DELETE FROM flocks;
                    INSERT INTO flocks(flock_id, name, created_us)
                        VALUES ('\(Self.defaultFlockID)', '\(Self.defaultFlockName)', \(Self.nowMicrosSQL));
                    """
                )
            }
        }
    }

    /// An SQL expression for the current time in integer microseconds since the Unix epoch (millisecond precision).
    ///
    /// Computed by SQLite so this module needs no clock of its own. `strftime('%s')` gives whole seconds and
    /// `%f` gives `SS.SSS`, of which characters 4–6 are the milliseconds; 'now' is the same for every use within
    /// one sqlite3_step() call (https://www.sqlite.org/lang_datefunc.html).
    static let nowMicrosSQL =
        "(CAST(strftime('%s', 'now') AS INTEGER) * 1000000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER) * 1000)"

    /// Stops the checkpoint thread; the connections close when their owners go.
    deinit {
        checkpointer?.stop()
    }
}
