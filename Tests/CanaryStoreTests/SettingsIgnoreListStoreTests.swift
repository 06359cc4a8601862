import Testing
@testable import CanaryStore

@Suite("ConsoleStore: the ignore list and schema version 4")
struct SettingsIgnoreListStoreTests {
    @Test("Entries are added once each, listed by address then port, looked up by address, and cleared by reset")
    func addListReset() throws {
        let store = try ConsoleStore(path: ":memory:")
        #expect(try store.ignoreEntries() == [])
        #expect(try store.addIgnoreEntry(IgnoreEntry(srcIP: "10.0.0.2", dstPort: 443)))
        #expect(try store.addIgnoreEntry(IgnoreEntry(srcIP: "10.0.0.1")))
        #expect(try store.addIgnoreEntry(IgnoreEntry(srcIP: "10.0.0.2")))
        #expect(try !store.addIgnoreEntry(IgnoreEntry(srcIP: "10.0.0.1")))
        #expect(try !store.addIgnoreEntry(IgnoreEntry(srcIP: "10.0.0.2", dstPort: 443)))
        #expect(try store.ignoreEntries() == [
            IgnoreEntry(srcIP: "10.0.0.1"), IgnoreEntry(srcIP: "10.0.0.2"),
            IgnoreEntry(srcIP: "10.0.0.2", dstPort: 443),
        ])
        #expect(try store.ignoreEntries(srcIP: "10.0.0.2") == [
            IgnoreEntry(srcIP: "10.0.0.2"), IgnoreEntry(srcIP: "10.0.0.2", dstPort: 443),
        ])
        #expect(try store.ignoreEntries(srcIP: "10.0.0.3") == [])
        try store.reset(keepFlocks: true)
        #expect(try store.ignoreEntries() == [])
    }

    @Test("An entry matches its address on any port, or only its port when it has one")
    func matching() {
        let any = IgnoreEntry(srcIP: "10.0.0.1")
        #expect(any.matches(srcIP: "10.0.0.1", port: nil))
        #expect(any.matches(srcIP: "10.0.0.1", port: 80))
        #expect(!any.matches(srcIP: "10.0.0.10", port: nil))
        let port = IgnoreEntry(srcIP: "10.0.0.1", dstPort: 443)
        #expect(port.matches(srcIP: "10.0.0.1", port: 443))
        #expect(!port.matches(srcIP: "10.0.0.1", port: 80))
        #expect(!port.matches(srcIP: "10.0.0.1", port: nil))
    }

    @Test("A version 3 file migrates to the current version: tokens and incidents kept, an empty ignore list added")
    func migratesVersion3() throws {
        try withTemporaryDatabase { path in
            do {
                let connection = try SQLiteConnection(path: path)
                try connection.execute("BEGIN IMMEDIATE")
                for sql in ConsoleStore.migrations.prefix(3) { try connection.execute(sql) }
                try connection.execute("PRAGMA user_version = 3")
                try connection.execute(
                    """
                    INSERT INTO tokens(canarytoken, kind, memo, flock_id, created_us, enabled, triggered_count,
                        updated_id, url, hostname, factory_auth)
                    VALUES ('aaaaaaaaaaaaaaaaaaaaaaaaa', 'http', 'one', 'flock:default', 5, 1, 1, 1, 'u', 'h', NULL);
                    INSERT INTO incidents(incident_key, hash_id, node_id, kind, logtype, flock_id, src_host, src_port,
                        description, created_us, last_event_us, updated_us, acknowledged, updated_id, event_count)
                    VALUES ('incident:canarytoken:0123456789abcdef01234567:1.2.3.4:7',
                        '0123456789abcdef0123456789abcdef', 'aaaaaaaaaaaaaaaaaaaaaaaaa', 'http', '17000',
                        'flock:default', '1.2.3.4', 0, 'Canarytoken triggered', 7000000, 7000000, 7000000, 0, 1, 0);
                    UPDATE console SET updated_id = 1, incident_updated_id = 1 WHERE id = 1;
                    COMMIT;
                    """
                )
            }
            do {
                let store = try ConsoleStore(path: path)
                #expect(try store.token("aaaaaaaaaaaaaaaaaaaaaaaaa")?.memo == "one")
                #expect(try store.incidentCount() == 1)
                #expect(try store.currentUpdatedID() == 1)
                #expect(try store.currentIncidentUpdatedID() == 1)
                #expect(try store.ignoreEntries() == [])
                #expect(try store.addIgnoreEntry(IgnoreEntry(srcIP: "1.2.3.4", dstPort: 80)))
            }
            let store = try ConsoleStore(path: path)
            #expect(try store.ignoreEntries() == [IgnoreEntry(srcIP: "1.2.3.4", dstPort: 80)])
            let connection = try SQLiteConnection(path: path)
            #expect(try connection.queryInt("PRAGMA user_version") == 5)
        }
    }
}
