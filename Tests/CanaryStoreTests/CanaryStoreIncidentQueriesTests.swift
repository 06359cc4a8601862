import Testing
import CanaryStore

private let windowMicros: Int64 = 60_000_000
private let tokenA = "aaaaaaaaaaaaaaaaaaaaaaaaa"
private let tokenB = "bbbbbbbbbbbbbbbbbbbbbbbbb"
private let otherFlock = "flock:0123456789abcdef0123456789abcdef"

/// An event of `token` from `source` at `seconds`, with `tag` making a new incident's key and hash_id.
private func event(
    _ token: String, from source: String, at seconds: Int64, tag: Int, logtype: String = "17000",
    flockID: String = ConsoleStore.defaultFlockID, fields: String = "{}"
) -> NewIncidentEvent {
    let hex = String(tag, radix: 16)
    return NewIncidentEvent(
        canarytoken: token, srcHost: source, srcPort: 0, timeMicros: seconds * 1_000_000, fields: fields,
        kind: "http", logtype: logtype, flockID: flockID, description: "Canarytoken triggered",
        newKey: "incident:canarytoken:\(String(repeating: "0", count: 24 - hex.count) + hex):\(source):\(seconds)",
        newHashID: String(repeating: "0", count: 32 - hex.count) + hex)
}

/// A store with tokens A (memo "front door", Default Flock) and B (memo "back office", another flock) and four
/// incidents: A from 1.1.1.1 at 1000 (updated_id 1), A from 2.2.2.2 at 2000 (2), B from 1.1.1.1 at 3000 (3, logtype
/// 16000, an event field "User-Agent: Zebra"), A from 1.1.1.1 at 4000 (4).
private func fourIncidents() throws -> (ConsoleStore, [IncidentRecord]) {
    let store = try ConsoleStore(path: ":memory:")
    _ = try store.insertToken(makeToken(tokenA, memo: "front door"))
    try store.ensureFlock(id: otherFlock, name: "Other", createdMicros: 1)
    _ = try store.insertToken(makeToken(tokenB, memo: "back office", flockID: otherFlock))
    let incidents = [
        try store.recordEvent(event(tokenA, from: "1.1.1.1", at: 1000, tag: 1), windowMicros: windowMicros),
        try store.recordEvent(event(tokenA, from: "2.2.2.2", at: 2000, tag: 2), windowMicros: windowMicros),
        try store.recordEvent(
            event(tokenB, from: "1.1.1.1", at: 3000, tag: 3, logtype: "16000", flockID: otherFlock,
                  fields: #"{"headers":{"User-Agent":"Zebra"}}"#),
            windowMicros: windowMicros),
        try store.recordEvent(event(tokenA, from: "1.1.1.1", at: 4000, tag: 4), windowMicros: windowMicros),
    ]
    return (store, incidents)
}

@Suite("ConsoleStore incident queries")
struct CanaryStoreIncidentQueriesTests {
    @Test("Each filter condition selects exactly its incidents, in updated_id order")
    func filters() throws {
        let (store, incidents) = try fourIncidents()
        let keys = incidents.map(\.key)
        func selected(_ change: (inout IncidentFilter) -> Void) throws -> [String] {
            var filter = IncidentFilter()
            change(&filter)
            let found = try store.incidents(matching: filter, limit: nil).map(\.key)
            #expect(try store.incidentCount(matching: filter) == found.count)
            return found
        }
        #expect(try selected { _ in } == keys)
        #expect(try selected { $0.nodeID = tokenA } == [keys[0], keys[1], keys[3]])
        #expect(try selected { $0.flockID = otherFlock } == [keys[2]])
        #expect(try selected { $0.srcHost = "1.1.1.1" } == [keys[0], keys[2], keys[3]])
        #expect(try selected { $0.createdAfterMicros = 2000_000_000 } == [keys[2], keys[3]])
        #expect(try selected { $0.createdBeforeMicros = 2000_000_000 } == [keys[0]])
        #expect(try selected { $0.logtypes = ["16000", "99"] } == [keys[2]])
        #expect(try selected { $0.logtypes = [] } == [])
        #expect(try selected { $0.keys = [keys[3], keys[1], "nope"] } == [keys[1], keys[3]])
        #expect(try selected { $0.updatedAfter = 2 } == [keys[2], keys[3]])
        #expect(try selected { $0.updatedBefore = 2 } == [keys[0]])
        #expect(try selected { $0.acknowledged = true } == [])
        #expect(try selected { $0.acknowledged = false } == keys)
        // Text: the memo of the token, an event field, the source IP; ASCII case ignored.
        #expect(try selected { $0.text = "FRONT" } == [keys[0], keys[1], keys[3]])
        #expect(try selected { $0.text = "zebra" } == [keys[2]])
        #expect(try selected { $0.text = "2.2.2" } == [keys[1]])
        #expect(try selected { $0.text = "no such thing" } == [])
        // A quote or backslash in a value is data, not JSON or SQL syntax.
        #expect(try selected { $0.keys = ["\"]", "\\"] } == [])
        #expect(try selected {
            $0.nodeID = tokenA
            $0.srcHost = "1.1.1.1"
            $0.updatedAfter = 1
        } == [keys[3]])
    }

    @Test("Limits take the oldest updated_ids, or with fromNewest the newest, always returned ascending with events")
    func limits() throws {
        let (store, incidents) = try fourIncidents()
        let keys = incidents.map(\.key)
        #expect(try store.incidents(matching: IncidentFilter(), limit: 2).map(\.key) == [keys[0], keys[1]])
        var before = IncidentFilter()
        before.updatedBefore = 4
        let newest = try store.incidents(matching: before, limit: 2, fromNewest: true)
        #expect(newest.map(\.key) == [keys[1], keys[2]])
        #expect(newest.map(\.events.count) == [1, 1])
        #expect(newest[1].events.first?.fields == #"{"headers":{"User-Agent":"Zebra"}}"#)
        #expect(try store.incidents(matching: IncidentFilter(), limit: 0).isEmpty)
    }

    @Test("Bulk acknowledge changes only incidents in the other state, each with its own new updated_id")
    func bulkAcknowledge() throws {
        let (store, incidents) = try fourIncidents()
        let keys = incidents.map(\.key)
        var filter = IncidentFilter()
        filter.nodeID = tokenA
        #expect(try store.setAcknowledged(matching: filter, true, atMicros: 9_000_000_000) == [keys[0], keys[1], keys[3]])
        #expect(try store.currentIncidentUpdatedID() == 7)
        let acknowledged = try store.incidents(matching: IncidentFilter(), limit: nil)
        #expect(acknowledged.map(\.key) == [keys[2], keys[0], keys[1], keys[3]])
        #expect(acknowledged.map(\.updatedID) == [3, 5, 6, 7])
        #expect(acknowledged.map(\.acknowledged) == [false, true, true, true])
        #expect(acknowledged.dropFirst().allSatisfy { $0.updatedMicros == 9_000_000_000 })
        // Asking again changes nothing and moves no counter.
        #expect(try store.setAcknowledged(matching: filter, true, atMicros: 9_500_000_000) == [])
        #expect(try store.currentIncidentUpdatedID() == 7)
        #expect(try store.unacknowledgedIncidentCounts(nodeIDs: [tokenA, tokenB, "x"]) == [tokenB: 1])
        var one = IncidentFilter()
        one.keys = [keys[1]]
        #expect(try store.setAcknowledged(matching: one, false, atMicros: 9_600_000_000) == [keys[1]])
        #expect(try store.incident(key: keys[1])?.updatedID == 8)
        #expect(try store.unacknowledgedIncidentCounts(nodeIDs: [tokenA, tokenB]) == [tokenA: 1, tokenB: 1])
    }

    @Test("Bulk delete removes the selected incidents with their events and moves no counter")
    func bulkDelete() throws {
        let (store, incidents) = try fourIncidents()
        let keys = incidents.map(\.key)
        var filter = IncidentFilter()
        filter.srcHost = "1.1.1.1"
        filter.acknowledged = false
        #expect(try store.deleteIncidents(matching: filter) == [keys[0], keys[2], keys[3]])
        #expect(try store.incidents(matching: IncidentFilter(), limit: nil).map(\.key) == [keys[1]])
        #expect(try store.currentIncidentUpdatedID() == 4)
        #expect(try store.deleteIncidents(matching: filter) == [])
    }

    @Test("An incident is found by its hash_id; an unknown one is nil")
    func hashID() throws {
        let (store, incidents) = try fourIncidents()
        #expect(try store.incident(hashID: incidents[2].hashID) == incidents[2])
        #expect(try store.incident(hashID: "ffffffffffffffffffffffffffffffff") == nil)
    }

    @Test("A token with incidents is deleted only with clearIncidents, which deletes its incidents too")
    func deleteTokenWithIncidents() throws {
        let (store, incidents) = try fourIncidents()
        #expect(try store.deleteToken(tokenA, clearIncidents: false) == .hasIncidents)
        #expect(try store.token(tokenA) != nil)
        #expect(try store.incidentCount() == 4)
        #expect(try store.deleteToken(tokenA, clearIncidents: true) == .deleted)
        #expect(try store.token(tokenA) == nil)
        #expect(try store.incidents(matching: IncidentFilter(), limit: nil).map(\.key) == [incidents[2].key])
        #expect(try store.deleteToken(tokenA, clearIncidents: true) == .notFound)
        let fresh = try ConsoleStore(path: ":memory:")
        _ = try fresh.insertToken(makeToken(tokenB))
        #expect(try fresh.deleteToken(tokenB, clearIncidents: false) == .deleted)
    }

    @Test("A token is found by an attribute value")
    func tokenByAttribute() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(makeToken(tokenA, kind: "aws-id", attributes: ["access_key_id": "AKIAEXAMPLE"]))
        #expect(try store.tokenID(attribute: "access_key_id", value: "AKIAEXAMPLE") == tokenA)
        #expect(try store.tokenID(attribute: "access_key_id", value: "AKIAOTHER") == nil)
        #expect(try store.tokenID(attribute: "username", value: "AKIAEXAMPLE") == nil)
    }

    @Test("A seeded incident keeps its key, times, state, events and extra; the counter continues above it")
    func seededIncident() throws {
        try withTemporaryDatabase { path in
            let seeded = IncidentRecord(
                key: "incident:sshlogin:11cdf5d57170cc4d057c8a4ef1a81d65:5.6.7.8:1720684078",
                hashID: "f1b75ac7689ff88e1ecc40c84b115785", nodeID: "0000000000000001", kind: "", logtype: "4002",
                flockID: "flock:default", srcHost: "5.6.7.8", srcPort: 51234, description: "SSH Login Attempt",
                createdMicros: 1_720_684_078_000_000, lastEventMicros: 1_720_684_080_000_000,
                updatedMicros: 1_720_684_090_000_000, acknowledged: true, updatedID: 41,
                events: [
                    IncidentEvent(timeMicros: 1_720_684_078_000_000, fields: #"{"USERNAME":"root"}"#),
                    IncidentEvent(timeMicros: 1_720_684_080_000_000, fields: #"{"USERNAME":"admin"}"#),
                ],
                extra: #"{"name":"web-01"}"#)
            do {
                let store = try ConsoleStore(path: path)
                try store.transaction { transaction in try transaction.insertIncident(seeded) }
                #expect(try store.currentIncidentUpdatedID() == 41)
                #expect(throws: StoreError.duplicateKey) {
                    try store.transaction { transaction in try transaction.insertIncident(seeded) }
                }
            }
            let reopened = try ConsoleStore(path: path)
            #expect(try reopened.incident(key: seeded.key) == seeded)
            #expect(try reopened.currentIncidentUpdatedID() == 41)
            _ = try reopened.insertToken(makeToken(tokenA))
            let next = try reopened.recordEvent(event(tokenA, from: "1.1.1.1", at: 1000, tag: 9), windowMicros: windowMicros)
            #expect(next.updatedID == 42)
            #expect(next.extra == "{}")
        }
    }

    @Test("An incident holding maxEvents events is not joined: the next event opens a new incident")
    func eventCap() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(makeToken(tokenA))
        let first = try store.recordEvent(event(tokenA, from: "1.1.1.1", at: 1000, tag: 1), windowMicros: windowMicros, maxEvents: 2)
        let second = try store.recordEvent(event(tokenA, from: "1.1.1.1", at: 1001, tag: 2), windowMicros: windowMicros, maxEvents: 2)
        let third = try store.recordEvent(event(tokenA, from: "1.1.1.1", at: 1002, tag: 3), windowMicros: windowMicros, maxEvents: 2)
        #expect(second.key == first.key)
        #expect(third.key != first.key)
        #expect(try store.incident(key: first.key)?.events.count == 2)
        #expect(try store.token(tokenA)?.triggeredCount == 3)
        #expect(ConsoleStore.maxEventsPerIncident == 1000)
    }

    @Test("Without loading events, recordEvent returns only the new event; the store keeps them all")
    func recordWithoutLoading() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(makeToken(tokenA))
        _ = try store.recordEvent(event(tokenA, from: "1.1.1.1", at: 1000, tag: 1), windowMicros: windowMicros)
        let joined = try store.recordEvent(
            event(tokenA, from: "1.1.1.1", at: 1001, tag: 2, fields: #"{"n":2}"#), windowMicros: windowMicros,
            loadingEvents: false)
        #expect(joined.events == [IncidentEvent(timeMicros: 1001_000_000, fields: #"{"n":2}"#)])
        #expect(try store.incident(key: joined.key)?.events.count == 2)
    }

    @Test("An event budget stops a page before the incident that would take it over; the first is always taken")
    func eventBudget() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(makeToken(tokenA))
        // Incidents of 3, 1 and 2 events, from three sources.
        for (source, count) in [("1.1.1.1", 3), ("2.2.2.2", 1), ("3.3.3.3", 2)] {
            for offset in 0..<count {
                _ = try store.recordEvent(
                    event(tokenA, from: source, at: 1000 + Int64(offset), tag: Int(source.prefix(1))! * 10 + offset),
                    windowMicros: windowMicros)
            }
        }
        func sources(_ budget: Int?, limit: Int? = nil) throws -> [String] {
            try store.incidents(matching: IncidentFilter(), limit: limit, eventBudget: budget).map(\.srcHost)
        }
        #expect(try sources(nil) == ["1.1.1.1", "2.2.2.2", "3.3.3.3"])
        #expect(try sources(6) == ["1.1.1.1", "2.2.2.2", "3.3.3.3"])
        #expect(try sources(5) == ["1.1.1.1", "2.2.2.2"])
        #expect(try sources(4) == ["1.1.1.1", "2.2.2.2"])
        #expect(try sources(3) == ["1.1.1.1"])
        #expect(try sources(1) == ["1.1.1.1"])
        #expect(try sources(100, limit: 2) == ["1.1.1.1", "2.2.2.2"])
        let bare = try store.incidents(matching: IncidentFilter(), limit: nil, withEvents: false)
        #expect(bare.allSatisfy { $0.events.isEmpty })
    }

    @Test("A token disabled after the caller read it records nothing: the write checks enabled itself")
    func disabledAtWrite() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(makeToken(tokenA))
        _ = try store.updateToken(tokenA, memo: nil, enabled: false)
        #expect(throws: StoreError.notFound) {
            try store.recordEvent(event(tokenA, from: "1.1.1.1", at: 1000, tag: 1), windowMicros: windowMicros)
        }
        #expect(try store.incidentCount() == 0)
        #expect(try store.token(tokenA)?.triggeredCount == 0)
    }

    @Test("Incident counts by source host, one grouped query")
    func countsBySource() throws {
        let (store, _) = try fourIncidents()
        #expect(try store.incidentCounts(srcHosts: ["1.1.1.1", "2.2.2.2", "9.9.9.9"]) == ["1.1.1.1": 3, "2.2.2.2": 1])
        #expect(try store.incidentCounts(srcHosts: []) == [:])
    }
}
