/// A Swift value that binds to a statement parameter and reads back from a result column, so statements take their
/// arguments in one call (`try db.run(sql, id, memo, flockID)`) and rows read as `row[0]`, in the manner of GRDB's
/// `DatabaseValueConvertible` (https://github.com/groue/GRDB.swift/blob/master/GRDB/Core/DatabaseValueConvertible.swift).
///
/// The arguments of a call are a parameter pack, not an array of existentials, so binding allocates nothing per
/// value. Column types follow SQLite's storage classes (https://www.sqlite.org/datatype3.html).
package protocol SQLiteValue {
    /// Binds this value to parameter `index` (1-based) of `statement`.
    func bind(to statement: SQLiteStatement, at index: Int32) throws(StoreError)
    /// Reads column `index` (0-based) of the statement's current row; NULL reads as the type's empty value.
    static func read(from statement: SQLiteStatement, at index: Int32) -> Self
}

extension String: SQLiteValue {
    /// Binds UTF-8 text.
    package func bind(to statement: SQLiteStatement, at index: Int32) throws(StoreError) {
        try statement.bind(self, at: index)
    }

    /// Reads text (NULL reads as "").
    package static func read(from statement: SQLiteStatement, at index: Int32) -> String {
        statement.text(at: index)
    }
}

extension Int64: SQLiteValue {
    /// Binds a 64-bit integer.
    package func bind(to statement: SQLiteStatement, at index: Int32) throws(StoreError) {
        try statement.bind(self, at: index)
    }

    /// Reads a 64-bit integer (NULL reads as 0).
    package static func read(from statement: SQLiteStatement, at index: Int32) -> Int64 {
        statement.int64(at: index)
    }
}

extension Int: SQLiteValue {
    /// Binds an integer.
    package func bind(to statement: SQLiteStatement, at index: Int32) throws(StoreError) {
        try statement.bind(self, at: index)
    }

    /// Reads an integer (NULL reads as 0).
    package static func read(from statement: SQLiteStatement, at index: Int32) -> Int {
        statement.int(at: index)
    }
}

extension Bool: SQLiteValue {
    /// Binds 1 or 0 (SQLite has no boolean type).
    package func bind(to statement: SQLiteStatement, at index: Int32) throws(StoreError) {
        try statement.bind(self, at: index)
    }

    /// Any non-zero integer reads as true (SQLite has no boolean type).
    package static func read(from statement: SQLiteStatement, at index: Int32) -> Bool {
        statement.int64(at: index) != 0
    }
}

extension Double: SQLiteValue {
    /// Binds a double.
    package func bind(to statement: SQLiteStatement, at index: Int32) throws(StoreError) {
        try statement.bind(self, at: index)
    }

    /// Reads a double (NULL reads as 0).
    package static func read(from statement: SQLiteStatement, at index: Int32) -> Double {
        statement.double(at: index)
    }
}

extension [UInt8]: SQLiteValue {
    /// Binds a BLOB (an empty array binds a zero-length BLOB, not NULL).
    package func bind(to statement: SQLiteStatement, at index: Int32) throws(StoreError) {
        try statement.bind(self, at: index)
    }

    /// Reads a BLOB (NULL reads as []).
    package static func read(from statement: SQLiteStatement, at index: Int32) -> [UInt8] {
        statement.blob(at: index)
    }
}

extension Optional: SQLiteValue where Wrapped: SQLiteValue {
    /// Binds the wrapped value, or NULL when nil.
    package func bind(to statement: SQLiteStatement, at index: Int32) throws(StoreError) {
        if let self { try self.bind(to: statement, at: index) } else { try statement.bindNull(at: index) }
    }

    /// NULL reads as nil.
    package static func read(from statement: SQLiteStatement, at index: Int32) -> Wrapped? {
        statement.isNull(at: index) ? nil : Wrapped.read(from: statement, at: index)
    }
}

/// The current row of a statement, read by column index (0-based) as any `SQLiteValue`: `let id: String = row[0]`.
///
/// Valid only inside the closure it is given to: the statement moves on (or is reset) afterwards.
package struct SQLiteRow {
    let statement: SQLiteStatement

    /// Column `index` of the row as `V` (NULL reads as the empty value, or nil for an optional `V`).
    package subscript<V: SQLiteValue>(_ index: Int32) -> V {
        V.read(from: statement, at: index)
    }
}

@available(*, unavailable)
extension SQLiteRow: Sendable {}
