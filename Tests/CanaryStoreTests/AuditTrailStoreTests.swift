import CanaryStore
import Testing

/// An item of the given type at `seconds` after 2024-07-11 07:50:12 UTC.
private func item(_ actionType: String, at seconds: Int64 = 0, flock: String? = "flock:default") -> AuditItem {
    AuditItem(
        actionType: actionType, message: "\(actionType) message", flockID: flock,
        flockName: flock == nil ? nil : "Default Flock", user: "API Token", userIP: "127.0.0.1",
        userBrowserAgent: "curl/8.5.0", userBrowserLanguage: "en", timeMicros: 1_720_684_212_000_000 + seconds * 1_000_000)
}

@Suite("ConsoleStore: the audit trail")
struct AuditTrailStoreTests {
    @Test("append gives ids 1, 2, 3… and stores every field, NULLs included")
    func append() throws {
        let store = try ConsoleStore(path: ":memory:")
        let first = try store.appendAudit(item("canarytoken_create"))
        var expected = item("canarytoken_create")
        expected.id = 1
        #expect(first == expected)
        var second = item("flock_create", at: 5, flock: nil)
        second.additionalInformation = "extra"
        second.id = 99  // ignored
        let stored = try store.appendAudit(second)
        #expect(stored.id == 2)
        second.id = 2
        #expect(try store.auditItems(matching: AuditItem.Filter(), limit: 10) == [second, expected])
        #expect(try store.auditCount() == 2)
    }

    @Test("Pages newest first, from the oldest end before a bound, with every filter")
    func pages() throws {
        let store = try ConsoleStore(path: ":memory:")
        for index in 0..<6 {
            _ = try store.appendAudit(item(index % 2 == 0 ? "canarytoken_create" : "flock_create", at: Int64(index) * 60))
        }
        func ids(_ filter: AuditItem.Filter, limit: Int = 10, oldestFirst: Bool = false) throws -> [Int] {
            try store.auditItems(matching: filter, limit: limit, oldestFirst: oldestFirst).map(\.id)
        }
        #expect(try ids(AuditItem.Filter(), limit: 2) == [6, 5])
        #expect(try ids(AuditItem.Filter(beforeID: 5), limit: 2) == [4, 3])
        #expect(try ids(AuditItem.Filter(afterID: 2), limit: 2, oldestFirst: true) == [4, 3])
        #expect(try ids(AuditItem.Filter(actionType: "flock_create")) == [6, 4, 2])
        #expect(try ids(AuditItem.Filter(searchTerm: "FLOCK_CREATE MESS")) == [6, 4, 2])
        #expect(try ids(AuditItem.Filter(searchTerm: "CURL")) == [6, 5, 4, 3, 2, 1])
        #expect(try ids(AuditItem.Filter(searchTerm: "nothing like it")) == [])
        let start: Int64 = 1_720_684_212_000_000
        #expect(try ids(AuditItem.Filter(fromMicros: start + 120_000_000)) == [6, 5, 4, 3])
        #expect(try ids(AuditItem.Filter(beforeMicros: start + 120_000_000)) == [2, 1])
        #expect(try store.auditCount(matching: AuditItem.Filter(actionType: "canarytoken_create", afterID: 1)) == 2)
    }

    @Test("purge deletes up to and including an id; ids are never reused; reset empties and restarts at 1")
    func purgeAndReset() throws {
        let store = try ConsoleStore(path: ":memory:")
        for _ in 0..<4 { _ = try store.appendAudit(item("canarytoken_create")) }
        #expect(try store.purgeAudit(upTo: 2) == 2)
        #expect(try store.purgeAudit(upTo: 2) == 0)
        #expect(try store.purgeAudit(upTo: 4) == 2)
        #expect(try store.appendAudit(item("flock_create")).id == 5)
        try store.reset()
        #expect(try store.auditCount() == 0)
        #expect(try store.appendAudit(item("flock_create")).id == 1)
    }

    @Test("Items and the id sequence survive closing and reopening the file")
    func restart() throws {
        try withTemporaryDatabase { path in
            var written: [AuditItem] = []
            do {
                let store = try ConsoleStore(path: path)
                for index in 0..<3 { written.append(try store.appendAudit(item("canarytoken_create", at: Int64(index)))) }
                #expect(try store.purgeAudit(upTo: 3) == 3)
                written = [try store.appendAudit(item("webhook_add", flock: nil))]
            }
            let reopened = try ConsoleStore(path: path)
            #expect(try reopened.auditItems(matching: AuditItem.Filter(), limit: 10) == written)
            #expect(written.map(\.id) == [4])
            #expect(try reopened.appendAudit(item("webhook_remove")).id == 5)
        }
    }

    @Test("A token insert with a TokenAudit bound writes the item in the token's transaction, and nothing when it fails")
    func withToken() throws {
        let store = try ConsoleStore(path: ":memory:")
        let audit = TokenAudit { token, flockName in
            var made = item("canarytoken_create")
            made.message = "Created \(token.canarytoken) in \(flockName ?? "?")"
            return made
        }
        let stored = try TokenAudit.$current.withValue(audit) {
            try store.insertToken(CanaryStoreDatabaseFileTests.token("aaaaabbbbbcccccdddddeeeee"))
        }
        #expect(stored.canarytoken == "aaaaabbbbbcccccdddddeeeee")
        #expect(audit.written?.id == 1)
        #expect(audit.written?.message == "Created aaaaabbbbbcccccdddddeeeee in Default Flock")
        #expect(try store.auditItems(matching: AuditItem.Filter(), limit: 10).map(\.message)
            == ["Created aaaaabbbbbcccccdddddeeeee in Default Flock"])

        // A token whose flock does not exist is refused, and its item goes with it.
        let refused = TokenAudit { _, _ in item("canarytoken_create") }
        #expect(throws: StoreError.self) {
            try TokenAudit.$current.withValue(refused) {
                try store.insertToken(CanaryStoreDatabaseFileTests.token("zzzzzbbbbbcccccdddddeeeee", flock: "flock:" + String(repeating: "0", count: 32)))
            }
        }
        #expect(refused.written == nil)
        #expect(try store.auditItems(matching: AuditItem.Filter(), limit: 10).count == 1)
        // Without one bound, an insert writes no item.
        _ = try store.insertToken(CanaryStoreDatabaseFileTests.token("yyyyybbbbbcccccdddddeeeee"))
        #expect(try store.auditItems(matching: AuditItem.Filter(), limit: 10).count == 1)
    }
}
