import CSQLite

/// The one error type of the store layer: what went wrong, never with which values.
///
/// Cases carry the SQLite result code and the text of `sqlite3_errmsg`, which names tables, columns and
/// constraints but never the values bound to a statement, so an error can be logged without leaking a memo,
/// a secret access key or a factory auth string.
package enum StoreError: Error, Equatable, CustomStringConvertible {
    /// SQLite reported a failure: the extended result code and the `sqlite3_errmsg` text.
    case sqlite(code: Int32, message: String)
    /// A PRIMARY KEY or UNIQUE constraint rejected an insert; the caller may retry with a new random id.
    case duplicateKey
    /// The row the operation needs does not exist.
    case notFound
    /// The database was written by a newer version of this program (its `user_version` is higher than ours).
    case schemaTooNew(found: Int, supported: Int)
    /// `PRAGMA journal_mode = WAL` did not take effect; the database reported this mode instead.
    case walUnavailable(mode: String)
    /// Another process holds the database file's exclusive lock (another server runs on it; see `DatabaseFile`).
    case databaseInUse
    /// A commit was refused because the database file was deleted or replaced while open (see `DatabaseFile`).
    case databaseFileGone

    /// A short text for logs; never contains a bound value.
    package var description: String {
        switch self {
        case let .sqlite(code, message):
            "SQLite error \(code): \(message)"
        case .duplicateKey:
            "duplicate key"
        case .notFound:
            "not found"
        case let .schemaTooNew(found, supported):
            "database schema version \(found) is newer than the supported version \(supported)"
        case let .walUnavailable(mode):
            "could not switch the database to WAL mode (journal mode is \(mode))"
        case .databaseInUse:
            "the database file is locked by another process (is another canary-mock running on it?)"
        case .databaseFileGone:
            "write refused: the database file was deleted or replaced while the server runs"
        }
    }

    /// Builds the error for a failed call on `db`.
    ///
    /// `sqlite3_errmsg` describes the most recent failure on the connection; with extended result codes on, `code`
    /// is the extended code (https://www.sqlite.org/rescode.html#extrc). PRIMARY KEY and UNIQUE violations become
    /// `.duplicateKey` so callers can tell "id taken" from every other failure without parsing messages.
    /// - Parameters:
    ///   - code: the result code the failing call returned.
    ///   - db: the connection the call ran on, or nil when there is none (a failed open).
    init(code: Int32, db: OpaquePointer?) {
        if code == SQLiteResultCode.constraintPrimaryKey || code == SQLiteResultCode.constraintUnique {
            self = .duplicateKey
            return
        }
        // Only ConsoleStore's commit hook refuses commits, and only when the file is gone (see `DatabaseFile`).
        if code == SQLiteResultCode.constraintCommitHook {
            self = .databaseFileGone
            return
        }
        let message: String
        if let db, let text = sqlite3_errmsg(db) {
            message = String(cString: text)
        } else {
            message = "no connection"
        }
        self = .sqlite(code: code, message: message)
    }

    /// `error` as a store error: itself when it is one. Store code throws nothing else, so the other branch is a
    /// safety net; it names the error's type, never its text (which could quote a value).
    init(converting error: any Error) {
        if let error = error as? StoreError {
            self = error
        } else {
            self = .sqlite(code: SQLITE_ERROR, message: "unexpected \(type(of: error))")
        }
    }
}
