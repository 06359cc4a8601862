import Testing
import CanaryStore

/// A trigger of `token` from `source` at `seconds` (Unix time); `tag` makes the key and hash_id of a new incident.
private func makeEvent(
    _ token: String, from source: String = "1.2.3.4", at seconds: Int64, tag: Int, fields: String = "{}"
) -> NewIncidentEvent {
    let hex = String(tag, radix: 16)
    return NewIncidentEvent(
        canarytoken: token, srcHost: source, srcPort: 0, timeMicros: seconds * 1_000_000, fields: fields,
        kind: "http", logtype: "17000", flockID: ConsoleStore.defaultFlockID, description: "Canarytoken triggered",
        newKey: "incident:canarytoken:\(String(repeating: "0", count: 24 - hex.count) + hex):\(source):\(seconds)",
        newHashID: String(repeating: "0", count: 32 - hex.count) + hex)
}

private let windowMicros: Int64 = 60_000_000
private let tokenA = "aaaaaaaaaaaaaaaaaaaaaaaaa"
private let tokenB = "bbbbbbbbbbbbbbbbbbbbbbbbb"

@Suite("ConsoleStore incidents")
struct CanaryStoreIncidentsTests {
    @Test("A new event opens an incident with the caller's key and hash_id, and the event as given")
    func opensIncident() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(makeToken(tokenA))
        let event = makeEvent(tokenA, at: 1_720_684_212, tag: 1, fields: #"{"type":"http","headers":{"A":"b"}}"#)
        let incident = try store.recordEvent(event, windowMicros: windowMicros)
        #expect(incident.key == event.newKey)
        #expect(incident.hashID == event.newHashID)
        #expect(incident.nodeID == tokenA)
        #expect(incident.srcHost == "1.2.3.4")
        #expect(incident.logtype == "17000")
        #expect(incident.createdMicros == event.timeMicros)
        #expect(incident.lastEventMicros == event.timeMicros)
        #expect(incident.updatedMicros == event.timeMicros)
        #expect(!incident.acknowledged)
        #expect(incident.updatedID == 1)
        #expect(incident.events == [IncidentEvent(timeMicros: event.timeMicros, fields: event.fields)])
        #expect(try store.incident(key: event.newKey) == incident)
    }

    @Test("An event inside the window joins; outside it, or from another source or token, opens a new incident")
    func window() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(makeToken(tokenA))
        _ = try store.insertToken(makeToken(tokenB))
        let first = try store.recordEvent(makeEvent(tokenA, at: 1000, tag: 1), windowMicros: windowMicros)
        let joined = try store.recordEvent(makeEvent(tokenA, at: 1059, tag: 2), windowMicros: windowMicros)
        #expect(joined.key == first.key)
        #expect(joined.events.map(\.timeMicros) == [1000_000_000, 1059_000_000])
        #expect(joined.createdMicros == 1000_000_000)
        #expect(joined.lastEventMicros == 1059_000_000)
        // The window runs from the last event, not the first.
        let chained = try store.recordEvent(makeEvent(tokenA, at: 1118, tag: 3), windowMicros: windowMicros)
        #expect(chained.key == first.key)
        // Exactly the window after the last event is outside it.
        let late = try store.recordEvent(makeEvent(tokenA, at: 1178, tag: 4), windowMicros: windowMicros)
        #expect(late.key != first.key)
        #expect(late.events.count == 1)
        let otherSource = try store.recordEvent(makeEvent(tokenA, from: "5.6.7.8", at: 1178, tag: 5), windowMicros: windowMicros)
        #expect(otherSource.key != late.key)
        let otherToken = try store.recordEvent(makeEvent(tokenB, at: 1178, tag: 6), windowMicros: windowMicros)
        #expect(otherToken.key != late.key)
        #expect(try store.incidentCount() == 4)
        #expect(try store.incident(key: first.key)?.events.count == 3)
    }

    @Test("An acknowledged incident is never joined, even inside the window")
    func acknowledgedIsNotJoined() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(makeToken(tokenA))
        let first = try store.recordEvent(makeEvent(tokenA, at: 1000, tag: 1), windowMicros: windowMicros)
        let acknowledged = try store.setAcknowledged(key: first.key, true, atMicros: 1001_000_000)
        #expect(acknowledged?.acknowledged == true)
        #expect(acknowledged?.updatedMicros == 1001_000_000)
        let next = try store.recordEvent(makeEvent(tokenA, at: 1002, tag: 2), windowMicros: windowMicros)
        #expect(next.key != first.key)
        #expect(try store.incident(key: first.key)?.events.count == 1)
        #expect(try store.incidentCount(acknowledged: true) == 1)
        #expect(try store.incidentCount(acknowledged: false) == 1)
    }

    @Test("Both counters strictly increase and triggered_count counts events")
    func counters() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(makeToken(tokenA))
        _ = try store.insertToken(makeToken(tokenB))
        #expect(try store.token(tokenA)?.triggeredCount == 0)  // cached now: recordEvent must invalidate it
        var tokenIDs = [try store.currentUpdatedID()]
        var incidentIDs = [try store.currentIncidentUpdatedID()]
        for index in 0..<6 {
            let token = index.isMultiple(of: 2) ? tokenA : tokenB
            let incident = try store.recordEvent(makeEvent(token, at: 1000 + Int64(index), tag: index), windowMicros: windowMicros)
            #expect(incident.updatedID == (try store.currentIncidentUpdatedID()))
            #expect(try store.token(token)?.updatedID == (try store.currentUpdatedID()))
            tokenIDs.append(try store.currentUpdatedID())
            incidentIDs.append(try store.currentIncidentUpdatedID())
            if index == 2 {
                _ = try store.setAcknowledged(key: incident.key, true, atMicros: 2000)
                incidentIDs.append(try store.currentIncidentUpdatedID())
                // The state it already has: no change, no bump.
                _ = try store.setAcknowledged(key: incident.key, true, atMicros: 2001)
                #expect(try store.currentIncidentUpdatedID() == incidentIDs.last)
            }
        }
        #expect(zip(tokenIDs, tokenIDs.dropFirst()).allSatisfy { $0 < $1 })
        #expect(zip(incidentIDs, incidentIDs.dropFirst()).allSatisfy { $0 < $1 })
        #expect(try store.currentUpdatedID() == 2 + 6)
        #expect(try store.currentIncidentUpdatedID() == 6 + 1)
        #expect(try store.token(tokenA)?.triggeredCount == 3)
        #expect(try store.token(tokenB)?.triggeredCount == 3)
        #expect(try store.tokens(flockID: nil).map(\.triggeredCount) == [3, 3])
    }

    @Test("An unknown token records nothing and moves no counter")
    func unknownToken() throws {
        let store = try ConsoleStore(path: ":memory:")
        #expect(throws: StoreError.notFound) {
            try store.recordEvent(makeEvent(tokenA, at: 1000, tag: 1), windowMicros: windowMicros)
        }
        #expect(try store.incidentCount() == 0)
        #expect(try store.currentUpdatedID() == 0)
        #expect(try store.currentIncidentUpdatedID() == 0)
    }

    @Test("A taken key or hash_id is duplicateKey and writes nothing")
    func duplicateKey() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(makeToken(tokenA))
        _ = try store.recordEvent(makeEvent(tokenA, at: 1000, tag: 1), windowMicros: windowMicros)
        #expect(throws: StoreError.duplicateKey) {
            try store.recordEvent(makeEvent(tokenA, from: "5.6.7.8", at: 1000, tag: 1), windowMicros: windowMicros)
        }
        #expect(try store.incidentCount() == 1)
        #expect(try store.token(tokenA)?.triggeredCount == 1)
        #expect(try store.currentIncidentUpdatedID() == 1)
    }

    @Test("Keyset paging sees every incident exactly once while acknowledging between pages")
    func keysetPaging() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(makeToken(tokenA))
        var keys: Set<String> = []
        for index in 0..<10 {
            // Ten sources, so ten incidents.
            keys.insert(try store.recordEvent(
                makeEvent(tokenA, from: "10.0.0.\(index)", at: 1000, tag: index), windowMicros: windowMicros
            ).key)
        }
        var seen: [String] = []
        var after = 0
        while true {
            let page = try store.incidents(acknowledged: false, after: after, limit: 3)
            guard let last = page.last else { break }
            #expect(page.map(\.updatedID) == page.map(\.updatedID).sorted())
            #expect(page.allSatisfy { !$0.acknowledged && $0.events.count == 1 })
            seen += page.map(\.key)
            after = last.updatedID
            // A client acknowledging what it has read before asking for more.
            for incident in page { try store.setAcknowledged(key: incident.key, true, atMicros: 2000) }
        }
        #expect(seen.count == 10)
        #expect(Set(seen) == keys)
        #expect(try store.incidentCount(acknowledged: false) == 0)
        // The acknowledged feed and the whole feed, from the start, in updated_id order.
        let acknowledged = try store.incidents(acknowledged: true, after: 0, limit: 100)
        #expect(acknowledged.map(\.key) == seen)
        #expect(try store.incidents(acknowledged: nil, after: 0, limit: 100).map(\.key) == seen)
        #expect(try store.incidents(acknowledged: nil, after: acknowledged[4].updatedID, limit: 100).count == 5)
    }

    @Test("Unacknowledging moves the incident ahead of a poller's cursor")
    func unacknowledgeBumps() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(makeToken(tokenA))
        let first = try store.recordEvent(makeEvent(tokenA, at: 1000, tag: 1), windowMicros: windowMicros)
        _ = try store.setAcknowledged(key: first.key, true, atMicros: 2000)
        let cursor = try store.currentIncidentUpdatedID()
        let again = try store.setAcknowledged(key: first.key, false, atMicros: 3000)
        #expect(again?.acknowledged == false)
        #expect(try store.incidents(acknowledged: nil, after: cursor, limit: 10).map(\.key) == [first.key])
        #expect(try store.setAcknowledged(key: "incident:none", true, atMicros: 1) == nil)
    }

    @Test("Deleting an incident removes its events; unknown keys answer false")
    func delete() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(makeToken(tokenA))
        let first = try store.recordEvent(makeEvent(tokenA, at: 1000, tag: 1), windowMicros: windowMicros)
        #expect(try store.deleteIncident(key: first.key))
        #expect(try !store.deleteIncident(key: first.key))
        #expect(try store.incident(key: first.key) == nil)
        #expect(try store.incidentCount() == 0)
        // Its key is free again, and no orphaned event attaches itself to the new incident.
        let reopened = try store.recordEvent(makeEvent(tokenA, at: 1000, tag: 1), windowMicros: windowMicros)
        #expect(reopened.key == first.key)
        #expect(reopened.events.count == 1)
        #expect(try store.token(tokenA)?.triggeredCount == 2)
    }

    @Test("reset and reset(keepFlocks:) clear incidents and the incident counter")
    func reset() throws {
        for keepFlocks in [false, true] {
            let store = try ConsoleStore(path: ":memory:")
            _ = try store.insertToken(makeToken(tokenA))
            let first = try store.recordEvent(makeEvent(tokenA, at: 1000, tag: 1), windowMicros: windowMicros)
            try store.reset(keepFlocks: keepFlocks)
            #expect(try store.incidentCount() == 0)
            #expect(try store.incident(key: first.key) == nil)
            #expect(try store.currentIncidentUpdatedID() == 0)
            _ = try store.insertToken(makeToken(tokenA))
            let again = try store.recordEvent(makeEvent(tokenA, at: 1000, tag: 1), windowMicros: windowMicros)
            #expect(again.updatedID == 1)
            #expect(again.events.count == 1)
        }
    }

    @Test("Incidents survive reopening the file")
    func reopen() throws {
        try withTemporaryDatabase { path in
            let stored: IncidentRecord
            do {
                let store = try ConsoleStore(path: path)
                _ = try store.insertToken(makeToken(tokenA))
                _ = try store.recordEvent(makeEvent(tokenA, at: 1000, tag: 1), windowMicros: windowMicros)
                stored = try store.recordEvent(makeEvent(tokenA, at: 1001, tag: 2), windowMicros: windowMicros)
            }
            let store = try ConsoleStore(path: path)
            #expect(try store.incident(key: stored.key) == stored)
            #expect(try store.currentIncidentUpdatedID() == 2)
            #expect(try store.token(tokenA)?.triggeredCount == 2)
        }
    }
}
