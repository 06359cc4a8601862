import CSQLite

/// One SQLite database connection (`sqlite3 *`), set up the way the store needs it, with a statement cache.
///
/// Opened with `SQLITE_OPEN_NOMUTEX`: SQLite does no locking of its own on this connection
/// (https://www.sqlite.org/threadsafe.html), because its owner keeps it behind a `PThreadLock` and uses it from one thread
/// at a time. For the same reason the type is not `Sendable`.
package final class SQLiteConnection {
    /// The connection handle; nil once closed.
    private var db: OpaquePointer?
    /// Prepared statements of the hot queries, keyed by their SQL text.
    private var cache: [String: SQLiteStatement] = [:]
    /// Whether this is an on-disk database file (WAL applies) rather than `:memory:` or a private temporary one.
    package let isFile: Bool

    /// How long a statement waits for another connection's lock before failing with `SQLITE_BUSY`.
    package static let busyTimeoutMilliseconds: Int32 = 5000

    /// Opens (creating if needed) the database at `path` and applies the connection settings.
    ///
    /// - Parameters:
    ///   - path: a file path, or `:memory:` for a private in-memory database (an empty path opens a private
    ///     temporary database; https://www.sqlite.org/inmemorydb.html).
    ///   - synchronous: durability of commits; see `SynchronousMode`.
    /// - Throws: `StoreError.sqlite` when the file cannot be opened or set up, `.walUnavailable` when a file database
    ///   does not accept WAL mode.
    package init(path: String, synchronous: SynchronousMode = .normal) throws(StoreError) {
        isFile = !(path == ":memory:" || path.isEmpty)
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            // https://www.sqlite.org/c3ref/open.html: a handle is usually returned even on failure and must be
            // closed; its errmsg says why (the path itself is not part of the message).
            let error = StoreError(code: code, db: handle)
            sqlite3_close_v2(handle)
            throw error
        }
        db = handle
        do {
            try configure(synchronous: synchronous)
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Applies the per-connection settings of docs/store.md (foreign keys, busy timeout, extended result codes, WAL).
    private func configure(synchronous: SynchronousMode) throws(StoreError) {
        let handle = try live()
        // https://www.sqlite.org/rescode.html#extrc: distinguishes e.g. SQLITE_CONSTRAINT_PRIMARYKEY from other
        // constraint failures, which `.duplicateKey` depends on.
        sqlite3_extended_result_codes(handle, 1)
        // https://www.sqlite.org/c3ref/busy_timeout.html: wait for a competing writer instead of failing at once.
        sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds)
        // https://www.sqlite.org/foreignkeys.html#fk_enable: foreign keys are off unless enabled per connection.
        try execute("PRAGMA foreign_keys = ON")
        if isFile {
            // https://www.sqlite.org/wal.html: readers do not block the writer, and a commit is a single append.
            // The pragma answers with the mode in force; anything but "wal" (e.g. on a file system without shared
            // memory) means we would not get the durability we promise.
            let mode = try queryText("PRAGMA journal_mode = WAL") ?? ""
            guard mode.lowercased() == "wal" else { throw StoreError.walUnavailable(mode: mode) }
        }
        // https://www.sqlite.org/pragma.html#pragma_synchronous: in WAL mode NORMAL keeps every commit across a
        // process crash (kill -9); FULL keeps it across power loss as well.
        try execute("PRAGMA synchronous = \(synchronous.pragmaValue)")
    }

    /// Finalizes every cached statement and closes the connection. Safe to call more than once.
    ///
    /// `sqlite3_close_v2` (https://www.sqlite.org/c3ref/close.html) leaves the connection open as a "zombie" while
    /// any uncached statement is still alive and closes it when the last one is finalized, so this never fails.
    package func close() {
        for statement in cache.values { statement.finalize() }
        cache.removeAll()
        if let db { sqlite3_close_v2(db) }
        db = nil
    }

    /// The open handle, or a misuse error after `close()`.
    private func live() throws(StoreError) -> OpaquePointer {
        guard let db else {
            throw StoreError.sqlite(code: SQLITE_MISUSE, message: "connection used after close")
        }
        return db
    }

    // MARK: - Running SQL

    /// Runs one or more SQL statements without parameters (schema changes, pragmas, `BEGIN`…).
    /// - Throws: `StoreError` with the code and message of the first failing statement.
    package func execute(_ sql: String) throws(StoreError) {
        let handle = try live()
        // The error-message out-parameter is left nil so nothing needs sqlite3_free; sqlite3_errmsg has the text.
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw StoreError(code: code, db: handle) }
    }

    /// Compiles a statement the caller owns (finalized when released). For SQL that runs rarely.
    package func prepare(_ sql: String) throws(StoreError) -> SQLiteStatement {
        try SQLiteStatement(db: try live(), sql: sql)
    }

    // MARK: - Statements with arguments (cached)

    // Each of these takes the cached prepared statement for its SQL text, binds the arguments to ?1, ?2… and resets
    // the statement and clears its bindings afterwards (https://www.sqlite.org/c3ref/reset.html,
    // https://www.sqlite.org/c3ref/clear_bindings.html), whether it succeeded or not, so it holds no read lock and
    // no bound value (no secret) between uses.

    /// Runs one statement with `arguments` bound to `?1`, `?2`… to completion, through the statement cache.
    /// - Returns: the rows it changed (`changes`), for `UPDATE … WHERE` and `INSERT … DO NOTHING`; meaningful only
    ///   for INSERT, UPDATE and DELETE (other statements leave the previous count).
    @discardableResult
    package func run<each V: SQLiteValue>(_ sql: String, _ arguments: repeat each V) throws(StoreError) -> Int {
        let statement = try cached(sql)
        defer { statement.reset() }
        try statement.bind(repeat each arguments)
        try statement.run()
        return changes
    }

    /// The first row of `sql` with `arguments`, read by `decode`, or nil when there is none.
    package func row<T, each V: SQLiteValue>(
        _ sql: String, _ arguments: repeat each V, as decode: (SQLiteRow) -> T
    ) throws(StoreError) -> T? {
        let statement = try cached(sql)
        defer { statement.reset() }
        try statement.bind(repeat each arguments)
        return try statement.step() ? decode(SQLiteRow(statement: statement)) : nil
    }

    /// Every row of `sql` with `arguments`, each read by `decode`.
    package func rows<T, each V: SQLiteValue>(
        _ sql: String, _ arguments: repeat each V, as decode: (SQLiteRow) -> T
    ) throws(StoreError) -> [T] {
        var result: [T] = []
        try eachRow(sql, repeat each arguments) { row in result.append(decode(row)) }
        return result
    }

    /// Calls `body` with every row of `sql` with `arguments` (to fold rows into a dictionary without an array).
    package func eachRow<each V: SQLiteValue>(
        _ sql: String, _ arguments: repeat each V, do body: (SQLiteRow) -> Void
    ) throws(StoreError) {
        let statement = try cached(sql)
        defer { statement.reset() }
        try statement.bind(repeat each arguments)
        while try statement.step() { body(SQLiteRow(statement: statement)) }
    }

    /// Calls `body` with every row of `sql` with `values` bound to `?1`, `?2`… in order: for a statement whose
    /// conditions, and so whose arguments, are chosen at run time (each distinct text is cached once).
    package func eachRow(
        _ sql: String, binding values: [any SQLiteValue], do body: (SQLiteRow) -> Void
    ) throws(StoreError) {
        let statement = try cached(sql)
        defer { statement.reset() }
        for (offset, value) in values.enumerated() { try value.bind(to: statement, at: Int32(offset + 1)) }
        while try statement.step() { body(SQLiteRow(statement: statement)) }
    }

    /// The first column of the first row of `sql` with `arguments` as `R`, or nil when there is no row.
    ///
    /// The statement runs to completion, so an `UPDATE … RETURNING` has finished when this returns
    /// (https://www.sqlite.org/lang_returning.html).
    package func scalar<R: SQLiteValue, each V: SQLiteValue>(
        _ sql: String, _ arguments: repeat each V, as type: R.Type = R.self
    ) throws(StoreError) -> R? {
        let statement = try cached(sql)
        defer { statement.reset() }
        try statement.bind(repeat each arguments)
        guard try statement.step() else { return nil }
        let value = R.read(from: statement, at: 0)
        try statement.run()
        return value
    }

    /// Whether `sql` with `arguments` yields at least one row.
    package func exists<each V: SQLiteValue>(_ sql: String, _ arguments: repeat each V) throws(StoreError) -> Bool {
        try row(sql, repeat each arguments) { _ in true } ?? false
    }

    /// The cached prepared statement for `sql`, compiled on first use; the caller resets it after use.
    private func cached(_ sql: String) throws(StoreError) -> SQLiteStatement {
        if let statement = cache[sql] { return statement }
        let statement = try prepare(sql)
        cache[sql] = statement
        return statement
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE on this connection, not counting changes made by
    /// foreign-key actions or triggers (https://www.sqlite.org/c3ref/changes.html).
    package var changes: Int {
        guard let db else { return 0 }
        return Int(sqlite3_changes(db))
    }

    /// Calls `hook` before every commit with `context`; a non-zero answer turns the COMMIT into a ROLLBACK, which
    /// fails with `SQLITE_CONSTRAINT_COMMITHOOK` (https://www.sqlite.org/c3ref/commit_hook.html). `context` must
    /// outlive the connection, and the hook must not use it.
    package func setCommitHook(
        _ hook: @escaping @convention(c) (UnsafeMutableRawPointer?) -> Int32, context: UnsafeMutableRawPointer
    ) {
        guard let db else { return }
        _ = sqlite3_commit_hook(db, hook, context)
    }

    /// The first column of the first row of `sql` as text, or nil when there is no row or it is NULL.
    package func queryText(_ sql: String) throws(StoreError) -> String? {
        let statement = try prepare(sql)
        defer { statement.finalize() }
        return try statement.step() ? statement.optionalText(at: 0) : nil
    }

    /// The first column of the first row of `sql` as an integer, or nil when there is no row or it is NULL.
    package func queryInt(_ sql: String) throws(StoreError) -> Int? {
        let statement = try prepare(sql)
        defer { statement.finalize() }
        return try statement.step() ? statement.optionalInt64(at: 0).map { Int($0) } : nil
    }
}

@available(*, unavailable)
extension SQLiteConnection: Sendable {}
