import Testing
import CanaryStore

@Suite("StoreError")
struct StoreErrorTests {
    @Test("Descriptions name the failure")
    func descriptions() {
        #expect(String(describing: StoreError.sqlite(code: 19, message: "NOT NULL constraint failed: t.x"))
            == "SQLite error 19: NOT NULL constraint failed: t.x")
        #expect(String(describing: StoreError.duplicateKey) == "duplicate key")
        #expect(String(describing: StoreError.notFound) == "not found")
        #expect(String(describing: StoreError.schemaTooNew(found: 3, supported: 1)).contains("3"))
        #expect(String(describing: StoreError.walUnavailable(mode: "delete")).contains("delete"))
    }

    @Test("The imported extended codes have SQLite's documented values")
    func extendedCodes() {
        // https://www.sqlite.org/rescode.html
        #expect(SQLiteResultCode.constraintCheck == 275)
        #expect(SQLiteResultCode.constraintForeignKey == 787)
        #expect(SQLiteResultCode.constraintNotNull == 1299)
        #expect(SQLiteResultCode.constraintPrimaryKey == 1555)
        #expect(SQLiteResultCode.constraintUnique == 2067)
    }
}
