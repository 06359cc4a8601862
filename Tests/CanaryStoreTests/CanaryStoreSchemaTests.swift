import Foundation
import Testing
@testable import CanaryStore

@Suite("ConsoleStore schema and lifecycle")
struct CanaryStoreSchemaTests {
    @Test("An empty file is migrated to the current version with the Default Flock")
    func migratesEmptyFile() throws {
        try withTemporaryDatabase { path in
            #expect(FileManager.default.createFile(atPath: path, contents: Data()))
            let before = nowMicros()
            do {
                let store = try ConsoleStore(path: path)
                let flocks = try store.flocks()
                #expect(flocks.map(\.flockID) == [ConsoleStore.defaultFlockID])
                #expect(flocks.first?.name == "Default Flock")
                let created = flocks.first?.createdMicros ?? 0
                #expect(abs(created - before) < 5_000_000)
                #expect(try store.tokenCount() == 0)
                #expect(try store.currentUpdatedID() == 0)
            }
            let connection = try SQLiteConnection(path: path)
            #expect(try connection.queryInt("PRAGMA user_version") == 5)
            #expect(ConsoleStore.schemaVersion == 5)
            #expect(try connection.queryText("PRAGMA journal_mode") == "wal")
            let tables = try connection.queryText(
                "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name)"
            )
            #expect(tables == "audit_trail,console,devices,factories,flocks,ignore_list,incident_events,incidents,sqlite_sequence,token_attributes,token_files,tokens")
        }
    }

    @Test("A version 1 file migrates to the current version: every token is kept and the incident tables are added")
    func migratesVersion1() throws {
        try withTemporaryDatabase { path in
            do {
                // The file as the version 1 program wrote it: the first migration only, and two tokens.
                let connection = try SQLiteConnection(path: path)
                try connection.execute("BEGIN IMMEDIATE")
                try connection.execute(ConsoleStore.migrations[0])
                try connection.execute("PRAGMA user_version = 1")
                try connection.execute(
                    """
                    INSERT INTO tokens(canarytoken, kind, memo, flock_id, created_us, enabled, triggered_count,
                        updated_id, url, hostname, factory_auth)
                    VALUES ('aaaaaaaaaaaaaaaaaaaaaaaaa', 'http', 'one', 'flock:default', 5, 1, 4, 1, 'u', 'h', NULL),
                        ('bbbbbbbbbbbbbbbbbbbbbbbbb', 'dns', 'two', 'flock:default', 6, 0, 0, 2, 'u', 'h', NULL);
                    INSERT INTO token_attributes(canarytoken, name, value) VALUES ('aaaaaaaaaaaaaaaaaaaaaaaaa', 'k', 'v');
                    UPDATE console SET updated_id = 2 WHERE id = 1;
                    COMMIT;
                    """
                )
            }
            let store = try ConsoleStore(path: path)
            let tokens = try store.tokens(flockID: nil)
            #expect(tokens.map(\.canarytoken) == ["aaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbb"])
            #expect(tokens.map(\.triggeredCount) == [4, 0])
            #expect(tokens.map(\.enabled) == [true, false])
            #expect(tokens.first?.attributes == ["k": "v"])
            #expect(try store.currentUpdatedID() == 2)
            #expect(try store.currentIncidentUpdatedID() == 0)
            #expect(try store.incidentCount() == 0)
            let incident = try store.recordEvent(
                NewIncidentEvent(
                    canarytoken: "aaaaaaaaaaaaaaaaaaaaaaaaa", srcHost: "1.2.3.4", srcPort: 0, timeMicros: 7_000_000,
                    fields: "{}", kind: "http", logtype: "17000", flockID: ConsoleStore.defaultFlockID,
                    description: "Canarytoken triggered",
                    newKey: "incident:canarytoken:0123456789abcdef01234567:1.2.3.4:7",
                    newHashID: "0123456789abcdef0123456789abcdef"),
                windowMicros: 60_000_000)
            #expect(incident.updatedID == 1)
            #expect(try store.token("aaaaaaaaaaaaaaaaaaaaaaaaa")?.triggeredCount == 5)
            #expect(try store.token("aaaaaaaaaaaaaaaaaaaaaaaaa")?.updatedID == 3)
            let connection = try SQLiteConnection(path: path)
            #expect(try connection.queryInt("PRAGMA user_version") == 5)
        }
    }

    @Test("A version 2 file with incidents migrates to version 3: incidents and events kept, extra {}")
    func migratesVersion2() throws {
        try withTemporaryDatabase { path in
            do {
                // The file as the version 2 program wrote it: a token with one incident of one event.
                let connection = try SQLiteConnection(path: path)
                try connection.execute("BEGIN IMMEDIATE")
                try connection.execute(ConsoleStore.migrations[0])
                try connection.execute(ConsoleStore.migrations[1])
                try connection.execute("PRAGMA user_version = 2")
                try connection.execute(
                    """
                    INSERT INTO tokens(canarytoken, kind, memo, flock_id, created_us, enabled, triggered_count,
                        updated_id, url, hostname, factory_auth)
                    VALUES ('aaaaaaaaaaaaaaaaaaaaaaaaa', 'aws-id', 'one', 'flock:default', 5, 1, 1, 2, 'u', 'h', NULL);
                    INSERT INTO token_attributes(canarytoken, name, value)
                    VALUES ('aaaaaaaaaaaaaaaaaaaaaaaaa', 'access_key_id', 'AKIAEXAMPLE');
                    INSERT INTO incidents VALUES ('incident:canarytoken:0123456789abcdef01234567:1.2.3.4:7',
                        '0123456789abcdef0123456789abcdef', 'aaaaaaaaaaaaaaaaaaaaaaaaa', 'aws-id', '17012',
                        'flock:default', '1.2.3.4', 0, 'Canarytoken triggered', 7000000, 7000000, 7000000, 0, 1);
                    INSERT INTO incident_events(incident_key, time_us, fields)
                    VALUES ('incident:canarytoken:0123456789abcdef01234567:1.2.3.4:7', 7000000, '{"a":1}');
                    UPDATE console SET updated_id = 2, incident_updated_id = 1 WHERE id = 1;
                    COMMIT;
                    """
                )
            }
            let store = try ConsoleStore(path: path)
            let incident = try store.incident(key: "incident:canarytoken:0123456789abcdef01234567:1.2.3.4:7")
            #expect(incident?.extra == "{}")
            #expect(incident?.events == [IncidentEvent(timeMicros: 7_000_000, fields: #"{"a":1}"#)])
            #expect(incident?.updatedID == 1)
            #expect(try store.currentIncidentUpdatedID() == 1)
            #expect(try store.tokenID(attribute: "access_key_id", value: "AKIAEXAMPLE") == "aaaaaaaaaaaaaaaaaaaaaaaaa")
            // The event count was filled in from the events: with a cap of one, the next event opens a new incident.
            let next = try store.recordEvent(
                NewIncidentEvent(
                    canarytoken: "aaaaaaaaaaaaaaaaaaaaaaaaa", srcHost: "1.2.3.4", srcPort: 0, timeMicros: 8_000_000,
                    fields: "{}", kind: "aws-id", logtype: "17012", flockID: ConsoleStore.defaultFlockID,
                    description: "Canarytoken triggered",
                    newKey: "incident:canarytoken:ffffffffffffffffffffffff:1.2.3.4:8",
                    newHashID: "ffffffffffffffffffffffffffffffff"),
                windowMicros: 60_000_000, maxEvents: 1)
            #expect(next.key == "incident:canarytoken:ffffffffffffffffffffffff:1.2.3.4:8")
            let connection = try SQLiteConnection(path: path)
            #expect(try connection.queryInt("PRAGMA user_version") == 5)
            #expect(try connection.queryInt(
                "SELECT event_count FROM incidents WHERE incident_key = 'incident:canarytoken:0123456789abcdef01234567:1.2.3.4:7'"
            ) == 1)
        }
    }

    @Test("Opening a migrated file again changes nothing")
    func reopenIsIdempotent() throws {
        try withTemporaryDatabase { path in
            let first = try ConsoleStore(path: path).flocks()
            let second = try ConsoleStore(path: path).flocks()
            #expect(first == second)
        }
    }

    @Test("A newer schema version is refused and left untouched")
    func schemaTooNew() throws {
        try withTemporaryDatabase { path in
            _ = try ConsoleStore(path: path)
            do {
                let connection = try SQLiteConnection(path: path)
                try connection.execute("PRAGMA user_version = 7")
            }
            #expect(throws: StoreError.schemaTooNew(found: 7, supported: ConsoleStore.schemaVersion)) {
                try ConsoleStore(path: path)
            }
            let connection = try SQLiteConnection(path: path)
            #expect(try connection.queryInt("PRAGMA user_version") == 7)
        }
    }

    @Test("A reopened file sees every record, and the counter continues")
    func reopenSeesData() throws {
        try withTemporaryDatabase { path in
            let flock = FlockRecord(flockID: "flock:0123456789abcdef0123456789abcdef", name: "Servers", createdMicros: 5)
            let factory = FactoryRecord(
                factoryAuth: "0123456789abcdef0123456789abcdef", memo: "factory", flockID: flock.flockID,
                createdMicros: 6, deletedMicros: nil
            )
            let file = TokenFile(name: "web_image", filename: "logo.png", contentType: "image/png", bytes: [0x89, 0x50, 0, 1])
            let stored: TokenRecord
            do {
                let store = try ConsoleStore(path: path, synchronous: .full)
                try store.createFlock(flock)
                try store.insertFactory(factory)
                stored = try store.insertToken(makeToken(
                    "aaaaaaaaaaaaaaaaaaaaaaaaa", kind: "web-image", flockID: flock.flockID, factoryAuth: factory.factoryAuth,
                    attributes: ["web_image_name": "logo.png"], files: [file]
                ))
                _ = try store.insertToken(makeToken("bbbbbbbbbbbbbbbbbbbbbbbbb"))
                try store.deleteFactory(factory.factoryAuth, atMicros: 9)
            }
            let store = try ConsoleStore(path: path)
            #expect(try store.flock(flock.flockID) == flock)
            #expect(try store.factory(factory.factoryAuth)?.deletedMicros == 9)
            #expect(try store.token(stored.canarytoken) == stored)
            #expect(try store.tokenFile(stored.canarytoken, name: "web_image") == file)
            #expect(try store.tokenCount() == 2)
            #expect(try store.currentUpdatedID() == 2)
            #expect(try store.insertToken(makeToken("ccccccccccccccccccccccccc")).updatedID == 3)
        }
    }

    @Test(":memory: works and starts empty")
    func memoryStartsEmpty() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(makeToken("aaaaaaaaaaaaaaaaaaaaaaaaa"))
        let fresh = try ConsoleStore(path: ":memory:")
        #expect(try fresh.tokenCount() == 0)
        #expect(try fresh.currentUpdatedID() == 0)
        #expect(try fresh.flocks().map(\.flockID) == [ConsoleStore.defaultFlockID])
        #expect(try fresh.factories(includeDeleted: true).isEmpty)
    }

    @Test("reset empties every table, zeroes the counter and recreates the Default Flock")
    func reset() throws {
        let store = try ConsoleStore(path: ":memory:")
        try store.createFlock(FlockRecord(flockID: "flock:other", name: "Other", createdMicros: 1))
        try store.insertFactory(FactoryRecord(factoryAuth: "f", memo: "m", flockID: "flock:other", createdMicros: 1))
        _ = try store.insertToken(makeToken(
            "aaaaaaaaaaaaaaaaaaaaaaaaa", flockID: "flock:other", factoryAuth: "f", attributes: ["k": "v"],
            files: [TokenFile(name: "web_image", filename: "x.gif", contentType: nil, bytes: [1])]
        ))
        try store.reset()
        #expect(try store.tokenCount() == 0)
        #expect(try store.currentUpdatedID() == 0)
        #expect(try store.factories(includeDeleted: true).isEmpty)
        #expect(try store.flocks().map(\.flockID) == [ConsoleStore.defaultFlockID])
        #expect(try store.tokenFile("aaaaaaaaaaaaaaaaaaaaaaaaa", name: "web_image") == nil)
        let again = try store.insertToken(makeToken("aaaaaaaaaaaaaaaaaaaaaaaaa"))
        #expect(again.updatedID == 1)
        #expect(again.attributes.isEmpty)
    }
}
