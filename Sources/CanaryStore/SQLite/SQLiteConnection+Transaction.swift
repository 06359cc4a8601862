import CSQLite

extension SQLiteConnection {
    /// How a transaction takes its locks (https://www.sqlite.org/lang_transaction.html).
    package enum TransactionKind: Sendable {
        /// `BEGIN DEFERRED`: takes a read snapshot at the first read; for multi-statement reads.
        case deferred
        /// `BEGIN IMMEDIATE`: takes the write lock at once, so a writer never fails half-way with SQLITE_BUSY on
        /// upgrading from a read lock (https://www.sqlite.org/lang_transaction.html#deferred_immediate_and_exclusive_transactions).
        case immediate

        /// The statement that starts this kind of transaction.
        var beginSQL: String {
            switch self {
            case .deferred: "BEGIN DEFERRED"
            case .immediate: "BEGIN IMMEDIATE"
            }
        }
    }

    /// Runs `body` in one transaction: commits when it returns, rolls back when it (or the commit) throws.
    ///
    /// When this returns, the transaction has committed. Transactions do not nest; `body` must not call this again.
    /// The body is a plain throwing closure: whatever it throws (a `StoreError`, or a caller's own error) is rethrown
    /// as it is after the rollback; `ConsoleStore.locked` is where store code turns it back into a `StoreError`.
    /// - Parameters:
    ///   - kind: `.immediate` (the default) for writes, `.deferred` for consistent multi-statement reads.
    ///   - body: the work; its error is rethrown after the rollback.
    package func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        try run(kind.beginSQL)
        let result: T
        do {
            result = try body()
            try run("COMMIT")
        } catch {
            rollback()
            throw error
        }
        return result
    }

    /// Rolls back the open transaction, if any.
    ///
    /// Its own failure is ignored: some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY, SQLITE_NOMEM) may already
    /// have rolled the transaction back (https://www.sqlite.org/lang_transaction.html#response_to_errors_within_a_transaction),
    /// and then ROLLBACK only reports that no transaction is active. The original error is the one that matters.
    private func rollback() {
        _ = try? run("ROLLBACK")
    }
}
