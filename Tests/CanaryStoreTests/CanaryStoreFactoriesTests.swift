import Testing
import CanaryStore

@Suite("ConsoleStore factories")
struct CanaryStoreFactoriesTests {
    let auth = "0123456789abcdef0123456789abcdef"

    @Test("A factory round-trips every field, with and without a deletion time")
    func roundTrip() throws {
        let store = try ConsoleStore(path: ":memory:")
        let live = FactoryRecord(factoryAuth: auth, memo: "Fäctory 🐤\n\"quoted\"", flockID: ConsoleStore.defaultFlockID, createdMicros: 42)
        let deleted = FactoryRecord(factoryAuth: "ffff", memo: "", flockID: ConsoleStore.defaultFlockID, createdMicros: 43, deletedMicros: 44)
        try store.insertFactory(live)
        try store.insertFactory(deleted)
        #expect(try store.factory(auth) == live)
        #expect(try store.factory("ffff") == deleted)
        #expect(try store.factory("ffff")?.isDeleted == true)
        #expect(try store.factory("nope") == nil)
    }

    @Test("insertFactory with a taken auth string fails with duplicateKey")
    func duplicate() throws {
        let store = try ConsoleStore(path: ":memory:")
        try store.insertFactory(FactoryRecord(factoryAuth: auth, memo: "one", flockID: ConsoleStore.defaultFlockID, createdMicros: 1))
        #expect(throws: StoreError.duplicateKey) {
            try store.insertFactory(FactoryRecord(factoryAuth: auth, memo: "two", flockID: ConsoleStore.defaultFlockID, createdMicros: 2))
        }
        #expect(try store.factory(auth)?.memo == "one")
    }

    @Test("A factory in an unknown flock is refused by the foreign key")
    func unknownFlock() throws {
        let store = try ConsoleStore(path: ":memory:")
        #expect(throws: StoreError.sqlite(code: SQLiteResultCode.constraintForeignKey, message: "FOREIGN KEY constraint failed")) {
            try store.insertFactory(FactoryRecord(factoryAuth: auth, memo: "m", flockID: "flock:nope", createdMicros: 1))
        }
        #expect(try store.factory(auth) == nil)
    }

    @Test("ensureFactory inserts once and leaves an existing factory, deleted or not, unchanged")
    func ensure() throws {
        let store = try ConsoleStore(path: ":memory:")
        let original = FactoryRecord(factoryAuth: auth, memo: "one", flockID: ConsoleStore.defaultFlockID, createdMicros: 1)
        #expect(try store.ensureFactory(original))
        #expect(try store.ensureFactory(FactoryRecord(factoryAuth: auth, memo: "two", flockID: ConsoleStore.defaultFlockID, createdMicros: 2)) == false)
        #expect(try store.factory(auth) == original)
        try store.deleteFactory(auth, atMicros: 5)
        #expect(try store.ensureFactory(original) == false)
        #expect(try store.factory(auth)?.deletedMicros == 5)
    }

    @Test("deleteFactory is true once, keeps the row and its tokens")
    func delete() throws {
        let store = try ConsoleStore(path: ":memory:")
        try store.insertFactory(FactoryRecord(factoryAuth: auth, memo: "m", flockID: ConsoleStore.defaultFlockID, createdMicros: 1))
        let token = try store.insertToken(makeToken("aaaaaaaaaaaaaaaaaaaaaaaaa", factoryAuth: auth))
        #expect(try store.deleteFactory("unknown", atMicros: 9) == false)
        #expect(try store.deleteFactory(auth, atMicros: 9))
        #expect(try store.deleteFactory(auth, atMicros: 10) == false)
        #expect(try store.factory(auth)?.deletedMicros == 9)
        #expect(try store.token(token.canarytoken)?.factoryAuth == auth)
    }

    @Test("factories(includeDeleted:) filters and orders by creation time, then auth string")
    func listing() throws {
        let store = try ConsoleStore(path: ":memory:")
        for (name, created) in [("c", 1), ("b", 2), ("a", 2)] {
            try store.insertFactory(FactoryRecord(factoryAuth: name, memo: name, flockID: ConsoleStore.defaultFlockID, createdMicros: Int64(created)))
        }
        try store.deleteFactory("b", atMicros: 3)
        #expect(try store.factories(includeDeleted: true).map(\.factoryAuth) == ["c", "a", "b"])
        #expect(try store.factories(includeDeleted: false).map(\.factoryAuth) == ["c", "a"])
    }
}
