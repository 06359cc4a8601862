import Testing
import CanaryStore

@Suite("ConsoleStore tokens")
struct CanaryStoreTokensTests {
    let id = "0123456789abcdefghijklmno"

    // MARK: - Round trips

    @Test("A token round-trips every field, attributes and files")
    func roundTrip() throws {
        let store = try ConsoleStore(path: ":memory:")
        try store.insertFactory(FactoryRecord(factoryAuth: "fa", memo: "f", flockID: ConsoleStore.defaultFlockID, createdMicros: 1))
        let image = TokenFile(name: "web_image", filename: "lögo 🐤.png", contentType: "image/png", bytes: (0...255).map { UInt8($0) } + [0, 0])
        let other = TokenFile(name: "extra", filename: "", contentType: nil, bytes: [])
        let attributes = [
            "browser_scanner_enabled": "true",
            "cloned_web": "example.com",
            "access_key_id": "AKIAABCDEFGHIJKLMNOP",
            "secret_access_key": "abc/def+ghi",
            "empty": "",
            "ünïcødé": "値 🐤\u{0}tail",
        ]
        let new = makeToken(
            id, kind: "web-image", memo: "Mémo 🐤 中文 \"q\" \\ \n\t end", createdMicros: 1_586_161_315_087_693,
            factoryAuth: "fa", attributes: attributes, files: [image, other]
        )
        let inserted = try store.insertToken(new)
        let expected = TokenRecord(
            canarytoken: id, kind: "web-image", memo: new.memo, flockID: ConsoleStore.defaultFlockID,
            createdMicros: 1_586_161_315_087_693, enabled: true, triggeredCount: 0, updatedID: 1,
            url: new.url, hostname: new.hostname, factoryAuth: "fa", attributes: attributes
        )
        #expect(inserted == expected)
        #expect(try store.token(id) == expected)
        #expect(try store.tokenFile(id, name: "web_image") == image)
        #expect(try store.tokenFile(id, name: "extra") == other)
        #expect(try store.tokenFile(id, name: "missing") == nil)
        #expect(try store.tokenFile("unknown", name: "web_image") == nil)
        #expect(try store.token("unknown") == nil)
    }

    @Test("A 10,000-character memo and nil optionals round-trip")
    func longMemo() throws {
        let store = try ConsoleStore(path: ":memory:")
        let memo = String(repeating: "é🐤x", count: 3_333) + "z"
        #expect(memo.count == 10_000)
        let inserted = try store.insertToken(makeToken(id, memo: memo))
        #expect(inserted.memo == memo)
        #expect(inserted.factoryAuth == nil)
        #expect(inserted.attributes.isEmpty)
        #expect(try store.token(id)?.memo == memo)
    }

    @Test("Token ids are compared exactly, not case-insensitively")
    func exactIDs() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(makeToken("abc"))
        _ = try store.insertToken(makeToken("ABC"))
        #expect(try store.tokenCount() == 2)
    }

    // MARK: - Counter and constraints

    @Test("updated_id increases strictly and is not consumed by failed inserts")
    func updatedIDs() throws {
        let store = try ConsoleStore(path: ":memory:")
        #expect(try store.currentUpdatedID() == 0)
        #expect(try store.insertToken(makeToken("a")).updatedID == 1)
        #expect(throws: StoreError.duplicateKey) { try store.insertToken(makeToken("a", memo: "other")) }
        #expect(throws: StoreError.self) { try store.insertToken(makeToken("x", flockID: "flock:nope")) }
        #expect(try store.currentUpdatedID() == 1)
        #expect(try store.insertToken(makeToken("b")).updatedID == 2)
        #expect(try store.updateToken("a", memo: "new", enabled: nil)?.updatedID == 3)
        #expect(try store.insertToken(makeToken("c")).updatedID == 4)
        #expect(try store.token("a")?.memo == "new")
        #expect(try store.token("a")?.updatedID == 3)
        #expect(try store.tokens(flockID: nil).map(\.updatedID).sorted() == [2, 3, 4])
    }

    @Test("A duplicate insert writes nothing: the original keeps its fields, attributes and files")
    func duplicateWritesNothing() throws {
        let store = try ConsoleStore(path: ":memory:")
        let original = try store.insertToken(makeToken(id, memo: "one", attributes: ["k": "v"]))
        #expect(throws: StoreError.duplicateKey) {
            try store.insertToken(makeToken(
                id, memo: "two", attributes: ["k": "w", "extra": "x"],
                files: [TokenFile(name: "web_image", filename: "a.gif", contentType: nil, bytes: [1])]
            ))
        }
        #expect(try store.token(id) == original)
        #expect(try store.tokenFile(id, name: "web_image") == nil)
        #expect(try store.tokenCount() == 1)
    }

    @Test("Unknown flock or factory is refused by the foreign key and nothing is written")
    func foreignKeys() throws {
        let store = try ConsoleStore(path: ":memory:")
        let foreignKey = StoreError.sqlite(code: SQLiteResultCode.constraintForeignKey, message: "FOREIGN KEY constraint failed")
        #expect(throws: foreignKey) {
            try store.insertToken(makeToken(id, flockID: "flock:nope", attributes: ["k": "v"],
                                            files: [TokenFile(name: "f", filename: "f", contentType: nil, bytes: [1])]))
        }
        #expect(throws: foreignKey) { try store.insertToken(makeToken(id, factoryAuth: "no-such-factory")) }
        #expect(try store.tokenCount() == 0)
        #expect(try store.token(id) == nil)
        #expect(try store.tokenFile(id, name: "f") == nil)
        #expect(try store.currentUpdatedID() == 0)
    }

    @Test("Errors never contain bound values")
    func noSecretsInErrors() throws {
        let store = try ConsoleStore(path: ":memory:")
        let secret = "sk_live_TOPSECRET_4f9a2c"
        let failures: [StoreError] = [
            #expect(throws: StoreError.self) {
                try store.insertToken(makeToken(secret, memo: secret, flockID: "flock:\(secret)", attributes: [secret: secret]))
            },
            #expect(throws: StoreError.self) {
                try store.insertFactory(FactoryRecord(factoryAuth: secret, memo: secret, flockID: secret, createdMicros: 1))
            },
            #expect(throws: StoreError.self) {
                _ = try store.insertToken(makeToken(secret, memo: secret))
                _ = try store.insertToken(makeToken(secret, memo: secret))
            },
        ].compactMap { $0 }
        #expect(failures.count == 3)
        for error in failures {
            #expect(!String(describing: error).contains("TOPSECRET"))
            #expect(!String(reflecting: error).contains("TOPSECRET"))
        }
    }

    // MARK: - Update, delete, list

    @Test("updateToken changes memo and enabled, bumps the counter, and ignores unknown ids")
    func update() throws {
        let store = try ConsoleStore(path: ":memory:")
        let original = try store.insertToken(makeToken(id, memo: "one", attributes: ["k": "v"]))
        let disabled = try store.updateToken(id, memo: nil, enabled: false)
        #expect(disabled?.enabled == false)
        #expect(disabled?.memo == "one")
        #expect(disabled?.updatedID == 2)
        let renamed = try store.updateToken(id, memo: "two", enabled: nil)
        #expect(renamed?.enabled == false)
        #expect(renamed?.memo == "two")
        #expect(renamed?.updatedID == 3)
        #expect(renamed?.attributes == original.attributes)
        let both = try store.updateToken(id, memo: "three", enabled: true)
        #expect(both?.enabled == true)
        #expect(both?.memo == "three")
        #expect(both?.updatedID == 4)
        #expect(try store.updateToken(id, memo: nil, enabled: nil) == both)
        #expect(try store.updateToken("unknown", memo: "x", enabled: true) == nil)
        #expect(try store.updateToken("unknown", memo: nil, enabled: nil) == nil)
        #expect(try store.currentUpdatedID() == 4)
    }

    @Test("deleteToken removes the token with its attributes and files, once")
    func delete() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(makeToken(
            id, attributes: ["k": "v"], files: [TokenFile(name: "web_image", filename: "a.gif", contentType: nil, bytes: [1])]
        ))
        #expect(try store.deleteToken("unknown") == false)
        #expect(try store.currentUpdatedID() == 1)
        #expect(try store.deleteToken(id))
        #expect(try store.currentUpdatedID() == 2)
        #expect(try store.deleteToken(id) == false)
        #expect(try store.token(id) == nil)
        #expect(try store.tokenFile(id, name: "web_image") == nil)
        // The id is free again; attributes from before do not come back.
        #expect(try store.insertToken(makeToken(id)).attributes.isEmpty)
    }

    @Test("tokens(flockID:) filters by flock, orders by creation then id, and carries attributes")
    func listing() throws {
        let store = try ConsoleStore(path: ":memory:")
        try store.createFlock(FlockRecord(flockID: "flock:other", name: "Other", createdMicros: 1))
        _ = try store.insertToken(makeToken("c", createdMicros: 3, attributes: ["n": "c"]))
        _ = try store.insertToken(makeToken("b", createdMicros: 2))
        _ = try store.insertToken(makeToken("a", createdMicros: 3, attributes: ["n": "a", "m": "x"]))
        _ = try store.insertToken(makeToken("z", flockID: "flock:other", createdMicros: 1, attributes: ["n": "z"]))
        let all = try store.tokens(flockID: nil)
        #expect(all.map(\.canarytoken) == ["z", "b", "a", "c"])
        #expect(all.map(\.attributes) == [["n": "z"], [:], ["n": "a", "m": "x"], ["n": "c"]])
        let defaults = try store.tokens(flockID: ConsoleStore.defaultFlockID)
        #expect(defaults.map(\.canarytoken) == ["b", "a", "c"])
        #expect(defaults.map(\.attributes) == [[:], ["n": "a", "m": "x"], ["n": "c"]])
        #expect(try store.tokens(flockID: "flock:other").map(\.canarytoken) == ["z"])
        #expect(try store.tokens(flockID: "flock:none").isEmpty)
        for token in all {
            #expect(try store.token(token.canarytoken) == token)
        }
    }
}
