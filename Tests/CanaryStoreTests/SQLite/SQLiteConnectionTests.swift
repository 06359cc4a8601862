import CSQLite
import Foundation
import Testing
import CanaryStore

@Suite("SQLiteConnection")
struct SQLiteConnectionTests {
    @Test("Opens :memory: without WAL and enforces foreign keys")
    func memory() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        #expect(connection.isFile == false)
        #expect(try connection.queryText("PRAGMA journal_mode") == "memory")
        #expect(try connection.queryInt("PRAGMA foreign_keys") == 1)
    }

    @Test("A file database is in WAL mode", arguments: [SynchronousMode.normal, .full])
    func walFile(mode: SynchronousMode) throws {
        try withTemporaryDatabase { path in
            let connection = try SQLiteConnection(path: path, synchronous: mode)
            #expect(connection.isFile)
            #expect(try connection.queryText("PRAGMA journal_mode") == "wal")
            #expect(try connection.queryInt("PRAGMA synchronous") == mode.pragmaValue)
            #expect(try connection.queryInt("PRAGMA foreign_keys") == 1)
            #expect(try connection.queryInt("PRAGMA busy_timeout") == Int(SQLiteConnection.busyTimeoutMilliseconds))
        }
    }

    @Test("Typed binds read back exactly, including NUL bytes, empty text, empty blob and NULL")
    func bindRoundTrip() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t(i INTEGER, d REAL, s TEXT, b BLOB, n TEXT, e TEXT, eb BLOB)")
        let bytes = (0...255).map { UInt8($0) } + [0, 0, 255, 0]
        let text = "a\u{0}b ünï 🐤 中文"
        let insert = try connection.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        try insert.bind(Int64.min, at: 1)
        try insert.bind(-0.5, at: 2)
        try insert.bind(text, at: 3)
        try insert.bind(bytes, at: 4)
        try insert.bindNull(at: 5)
        try insert.bind("", at: 6)
        try insert.bind([UInt8](), at: 7)
        try insert.run()
        insert.finalize()

        let select = try connection.prepare(
            "SELECT i, d, s, b, n, e, eb, typeof(e), typeof(eb), length(CAST(s AS BLOB)) FROM t"
        )
        #expect(try select.step())
        #expect(select.int64(at: 0) == Int64.min)
        #expect(select.double(at: 1) == -0.5)
        #expect(select.text(at: 2) == text)
        #expect(select.blob(at: 3) == bytes)
        #expect(select.isNull(at: 4))
        #expect(select.optionalText(at: 4) == nil)
        #expect(select.optionalText(at: 5) == "")
        #expect(select.blob(at: 6) == [])
        #expect(select.text(at: 7) == "text")
        #expect(select.text(at: 8) == "blob")
        #expect(select.int(at: 9) == text.utf8.count)
        #expect(try select.step() == false)
    }

    @Test("A cached statement forgets its bindings after each use")
    func cacheClearsBindings() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let first = try connection.row("SELECT ?1", "secret") { row -> String? in row[0] } ?? nil
        #expect(first == "secret")
        let second = try connection.row("SELECT ?1") { row -> String? in row[0] } ?? nil
        #expect(second == nil)
    }

    @Test("Arguments bind to ?1, ?2… in one call and rows read back as typed values")
    func argumentsAndRows() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t(s TEXT, i INTEGER, b INTEGER, d REAL, x BLOB, n TEXT)")
        let none: String? = nil
        let changed = try connection.run(
            "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5, ?6)", "a\u{0}b", Int64.max, true, 0.25, [UInt8]([0, 255]), none)
        #expect(changed == 1)
        try connection.run("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5, ?6)", "", 7, false, -1.0, [UInt8](), "n")
        let rows = try connection.rows("SELECT s, i, b, d, x, n FROM t ORDER BY i DESC") { row in
            (row[0] as String, row[1] as Int64, row[2] as Bool, row[3] as Double, row[4] as [UInt8], row[5] as String?)
        }
        #expect(rows.count == 2)
        #expect(rows[0] == ("a\u{0}b", Int64.max, true, 0.25, [0, 255], nil))
        #expect(rows[1] == ("", 7, false, -1.0, [], "n"))
        #expect(try connection.scalar("SELECT count(*) FROM t WHERE b = ?1", true, as: Int.self) == 1)
        #expect(try connection.scalar("SELECT s FROM t WHERE i = ?1", 99, as: String.self) == nil)
        #expect(try connection.exists("SELECT 1 FROM t WHERE n = ?1", "n"))
        #expect(try !connection.exists("SELECT 1 FROM t WHERE n = ?1", "m"))
        var total = 0
        try connection.eachRow("SELECT i FROM t WHERE i < ?1", 100) { row in total += row[0] }
        #expect(total == 7)
    }

    @Test("transaction commits on return and rolls back on error")
    func transaction() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        try connection.execute("CREATE TABLE t(x INTEGER PRIMARY KEY)")
        try connection.transaction { try connection.execute("INSERT INTO t VALUES (1)") }
        #expect(throws: StoreError.notFound) {
            try connection.transaction {
                try connection.execute("INSERT INTO t VALUES (2)")
                throw StoreError.notFound
            }
        }
        #expect(throws: StoreError.duplicateKey) {
            try connection.transaction {
                try connection.execute("INSERT INTO t VALUES (3)")
                try connection.execute("INSERT INTO t VALUES (1)")
            }
        }
        #expect(try connection.queryInt("SELECT group_concat(x) FROM t") == 1)
        // The connection is usable again: no transaction was left open.
        try connection.transaction { try connection.execute("INSERT INTO t VALUES (4)") }
        #expect(try connection.queryInt("SELECT count(*) FROM t") == 2)
    }

    @Test("Bad SQL fails with the code and message, and the connection stays usable")
    func badSQL() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let error = #expect(throws: StoreError.self) { try connection.prepare("SELEC 1") }
        guard case let .sqlite(code, message)? = error else {
            Issue.record("expected .sqlite, got \(String(describing: error))")
            return
        }
        #expect(code == SQLITE_ERROR)
        #expect(message.contains("syntax error"))
        #expect(try connection.queryInt("SELECT 42") == 42)
    }

    @Test("A file that is not a database is refused with SQLITE_NOTADB")
    func notADatabase() throws {
        try withTemporaryDatabase { path in
            let garbage = Data(repeating: 0x41, count: 4096)
            #expect(FileManager.default.createFile(atPath: path, contents: garbage))
            let error = #expect(throws: StoreError.self) { try SQLiteConnection(path: path) }
            guard case let .sqlite(code, _)? = error else {
                Issue.record("expected .sqlite, got \(String(describing: error))")
                return
            }
            #expect(code == SQLITE_NOTADB)
        }
    }

    @Test("Use after close fails with SQLITE_MISUSE instead of crashing")
    func useAfterClose() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        let statement = try connection.prepare("SELECT 1")
        connection.close()
        connection.close()
        // The statement keeps the zombie connection alive (sqlite3_close_v2) and still runs.
        #expect(try statement.step())
        statement.finalize()
        #expect(throws: StoreError.sqlite(code: SQLITE_MISUSE, message: "statement used after finalize")) {
            try statement.step()
        }
        #expect(throws: StoreError.sqlite(code: SQLITE_MISUSE, message: "connection used after close")) {
            try connection.execute("SELECT 1")
        }
    }
}
