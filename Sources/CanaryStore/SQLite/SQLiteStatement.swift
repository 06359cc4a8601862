import CSQLite

/// `SQLITE_TRANSIENT` is a C macro with a cast (`((sqlite3_destructor_type)-1)`), which Swift does not import.
/// It tells `sqlite3_bind_text`/`_blob` to copy the bytes before returning
/// (https://www.sqlite.org/c3ref/bind_blob.html), so Swift buffers only need to live for the call.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One prepared statement (`sqlite3_stmt`), with typed binds and column reads.
///
/// Parameter and column indices follow SQLite: parameters start at 1, columns at 0.
/// Not thread-safe: it belongs to one connection, which is used under one `PThreadLock`.
package final class SQLiteStatement {
    /// The prepared statement; nil once finalized.
    private var handle: OpaquePointer?
    /// The connection that prepared it, for `sqlite3_errmsg`. SQLite keeps it valid while the statement lives:
    /// `sqlite3_close_v2` defers the close until the last statement is finalized
    /// (https://www.sqlite.org/c3ref/close.html).
    private let db: OpaquePointer

    /// Compiles one SQL statement on `db`.
    /// - Throws: `StoreError.sqlite` when the SQL does not compile (the message quotes SQL text, never values).
    init(db: OpaquePointer, sql: String) throws(StoreError) {
        self.db = db
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        guard code == SQLITE_OK else {
            sqlite3_finalize(statement)
            throw StoreError(code: code, db: db)
        }
        guard let statement else {
            // https://www.sqlite.org/c3ref/prepare.html: empty SQL or only a comment yields a NULL statement.
            throw StoreError.sqlite(code: SQLITE_MISUSE, message: "empty SQL statement")
        }
        handle = statement
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Releases the statement; later calls fail with `SQLITE_MISUSE`. Safe to call more than once.
    package func finalize() {
        sqlite3_finalize(handle)
        handle = nil
    }

    /// The live handle, or a misuse error after `finalize()`.
    private func live() throws(StoreError) -> OpaquePointer {
        guard let handle else {
            throw StoreError.sqlite(code: SQLITE_MISUSE, message: "statement used after finalize")
        }
        return handle
    }

    /// Turns a bind result code into an error.
    private func check(_ code: Int32) throws(StoreError) {
        guard code == SQLITE_OK else { throw StoreError(code: code, db: db) }
    }

    // MARK: - Binding

    /// Binds a 64-bit integer to parameter `index` (1-based).
    package func bind(_ value: Int64, at index: Int32) throws(StoreError) {
        try check(sqlite3_bind_int64(try live(), index, value))
    }

    /// Binds an `Int` to parameter `index` (1-based).
    package func bind(_ value: Int, at index: Int32) throws(StoreError) {
        try bind(Int64(value), at: index)
    }

    /// Binds a boolean as the integer 1 or 0 (SQLite has no boolean type: https://www.sqlite.org/datatype3.html).
    package func bind(_ value: Bool, at index: Int32) throws(StoreError) {
        try bind(Int64(value ? 1 : 0), at: index)
    }

    /// Binds a double to parameter `index` (1-based).
    package func bind(_ value: Double, at index: Int32) throws(StoreError) {
        try check(sqlite3_bind_double(try live(), index, value))
    }

    /// Binds UTF-8 text to parameter `index`, with its exact byte length (embedded NULs are kept).
    package func bind(_ value: String, at index: Int32) throws(StoreError) {
        let statement = try live()
        var text = value
        let code = text.withUTF8 { bytes -> Int32 in
            guard let length = Int32(exactly: bytes.count) else { return SQLITE_TOOBIG }
            // A NULL pointer would bind SQL NULL, not ''; bind a zero-length text explicitly for "".
            guard let base = bytes.baseAddress, length > 0 else {
                return sqlite3_bind_text(statement, index, "", 0, sqliteTransient)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { pointer in
                sqlite3_bind_text(statement, index, pointer, length, sqliteTransient)
            }
        }
        try check(code)
    }

    /// Binds text, or NULL when `value` is nil.
    package func bind(_ value: String?, at index: Int32) throws(StoreError) {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    /// Binds an integer, or NULL when `value` is nil.
    package func bind(_ value: Int64?, at index: Int32) throws(StoreError) {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    /// Binds bytes as a BLOB; an empty array binds a zero-length BLOB, not NULL.
    package func bind(_ value: [UInt8], at index: Int32) throws(StoreError) {
        let statement = try live()
        let code = value.withUnsafeBytes { bytes -> Int32 in
            guard let length = Int32(exactly: bytes.count) else { return SQLITE_TOOBIG }
            // https://www.sqlite.org/c3ref/bind_blob.html: a NULL data pointer binds NULL, so bind an empty BLOB
            // with sqlite3_bind_zeroblob instead.
            guard let base = bytes.baseAddress, length > 0 else {
                return sqlite3_bind_zeroblob(statement, index, 0)
            }
            return sqlite3_bind_blob(statement, index, base, length, sqliteTransient)
        }
        try check(code)
    }

    /// Binds SQL NULL to parameter `index` (1-based).
    package func bindNull(at index: Int32) throws(StoreError) {
        try check(sqlite3_bind_null(try live(), index))
    }

    /// Binds `values` to parameters 1, 2, 3… in order.
    package func bind<each V: SQLiteValue>(_ values: repeat each V) throws(StoreError) {
        var index: Int32 = 0
        for value in repeat each values {
            index += 1
            try value.bind(to: self, at: index)
        }
    }

    // MARK: - Stepping

    /// Runs the statement to its next row.
    /// - Returns: true when a row is available (`SQLITE_ROW`), false when the statement is done (`SQLITE_DONE`).
    /// - Throws: `StoreError.duplicateKey` for a PRIMARY KEY/UNIQUE violation, `.sqlite` for anything else.
    package func step() throws(StoreError) -> Bool {
        let code = sqlite3_step(try live())
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StoreError(code: code, db: db)
        }
    }

    /// Runs a statement that returns no rows (or whose rows do not matter) to completion.
    package func run() throws(StoreError) {
        while try step() {}
    }

    /// Makes the statement ready to run again and drops every binding, so no value lingers in a cached statement.
    ///
    /// The result of `sqlite3_reset` repeats the error of the last step (https://www.sqlite.org/c3ref/reset.html),
    /// which `step()` has already reported, so it is not checked here.
    package func reset() {
        guard let handle else { return }
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: - Columns

    /// Whether column `index` (0-based) of the current row is NULL.
    package func isNull(at index: Int32) -> Bool {
        guard let handle else { return true }
        return sqlite3_column_type(handle, index) == SQLITE_NULL
    }

    /// Column `index` of the current row as a 64-bit integer (NULL reads as 0).
    package func int64(at index: Int32) -> Int64 {
        guard let handle else { return 0 }
        return sqlite3_column_int64(handle, index)
    }

    /// Column `index` of the current row as an `Int` (NULL reads as 0).
    package func int(at index: Int32) -> Int {
        Int(int64(at: index))
    }

    /// Column `index` of the current row as an integer, or nil when NULL.
    package func optionalInt64(at index: Int32) -> Int64? {
        isNull(at: index) ? nil : int64(at: index)
    }

    /// Column `index` of the current row as a double (NULL reads as 0).
    package func double(at index: Int32) -> Double {
        guard let handle else { return 0 }
        return sqlite3_column_double(handle, index)
    }

    /// Column `index` of the current row as UTF-8 text (NULL reads as "").
    ///
    /// Reads by byte count, not up to the first NUL: https://www.sqlite.org/c3ref/column_blob.html says to call
    /// `sqlite3_column_text` first and `sqlite3_column_bytes` after it.
    package func text(at index: Int32) -> String {
        guard let handle, let pointer = sqlite3_column_text(handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Column `index` of the current row as text, or nil when NULL.
    package func optionalText(at index: Int32) -> String? {
        isNull(at: index) ? nil : text(at: index)
    }

    /// Column `index` of the current row as bytes (NULL and a zero-length BLOB both read as []).
    package func blob(at index: Int32) -> [UInt8] {
        guard let handle, let pointer = sqlite3_column_blob(handle, index) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, index))
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

@available(*, unavailable)
extension SQLiteStatement: Sendable {}
