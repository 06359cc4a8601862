import CSQLite

/// Extended result codes Swift cannot import: sqlite3.h defines them as expressions
/// (`#define SQLITE_CONSTRAINT_UNIQUE (SQLITE_CONSTRAINT | (8<<8))`), which the Clang importer skips.
/// Values from https://www.sqlite.org/rescode.html#extrc.
package enum SQLiteResultCode {
    /// `SQLITE_CONSTRAINT_FOREIGNKEY` (787): a foreign key constraint failed.
    package static let constraintForeignKey: Int32 = SQLITE_CONSTRAINT | (3 << 8)
    /// `SQLITE_CONSTRAINT_NOTNULL` (1299): a NOT NULL constraint failed.
    package static let constraintNotNull: Int32 = SQLITE_CONSTRAINT | (5 << 8)
    /// `SQLITE_CONSTRAINT_PRIMARYKEY` (1555): a PRIMARY KEY constraint failed.
    package static let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)
    /// `SQLITE_CONSTRAINT_UNIQUE` (2067): a UNIQUE constraint failed.
    package static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)
    /// `SQLITE_CONSTRAINT_COMMITHOOK` (531): a commit hook turned the COMMIT into a ROLLBACK.
    package static let constraintCommitHook: Int32 = SQLITE_CONSTRAINT | (2 << 8)
    /// `SQLITE_CONSTRAINT_CHECK` (275): a CHECK constraint failed.
    package static let constraintCheck: Int32 = SQLITE_CONSTRAINT | (1 << 8)
}
