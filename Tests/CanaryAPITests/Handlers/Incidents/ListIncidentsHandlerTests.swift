import Basics
import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Incident feeds: incidents/unacknowledged, acknowledged, all")
struct ListIncidentsHandlerTests {
    typealias P = TestConsole.IncidentPaths

    @Test("Every incident route checks the API key first", arguments: [
        ("GET", P.unacknowledged), ("GET", P.acknowledged), ("GET", P.all), ("GET", P.search), ("GET", P.fetch),
        ("POST", P.acknowledge), ("POST", P.unacknowledge), ("DELETE", P.delete), ("POST", P.delete),
        ("POST", P.bulkAcknowledge), ("POST", P.bulkUnacknowledge), ("POST", P.bulkDelete), ("DELETE", P.bulkDelete),
    ])
    func auth(_ method: String, _ path: String) throws {
        let console = try TestConsole()
        let verb = HTTPMethod(rawValue: method)
        expectError(try console.call(verb, path, [], auth: .none), Message.invalidAuthToken, status: 401)
        expectError(try console.call(verb, path, [], auth: .parameter("wrong")), Message.invalidAuthToken, status: 401)
        expectError(try console.call(verb, path, [], auth: .header("wrong")), Message.unauthorized, status: 401)
    }

    @Test("An empty feed: incidents [], no max_updated_id, updated is now; with limit a cursor of nulls")
    func empty() throws {
        let console = try TestConsole()
        for (path, feed) in [(P.unacknowledged, "Unacknowledged Incidents"), (P.acknowledged, "Acknowledged Incidents"),
                             (P.all, "All Incidents")] {
            let reply = try console.get(path)
            #expect(reply.status == 200)
            #expect(reply.json == [
                "feed": .string(feed), "incidents": [], "result": "success",
                "updated": "Mon, 06 Apr 2020 08:21:55 GMT", "updated_std": "2020-04-06 08:21:55 UTC+0000",
                "updated_timestamp": 1586161315,
            ])
            let paged = try console.get(path, [("limit", "5")])
            #expect(paged.json["cursor"] == ["next": nil, "next_link": nil, "prev": nil, "prev_link": nil])
            #expect(paged.json["incidents"] == [])
            #expect(paged.json["max_updated_id"] == nil)
        }
    }

    @Test("The three feeds split by state, ordered by updated_id; updated* is the latest change in the answer")
    func feeds() throws {
        let console = try TestConsole()
        let (_, keys) = try console.incidents(3)
        let ack = try console.call(.post, P.acknowledge, [("incident", keys[0])])
        #expect(ack.status == 200)
        let unacked = try console.get(P.unacknowledged)
        #expect(unacked.incidentIDs == [keys[1], keys[2]])
        #expect(unacked.json["max_updated_id"] == 3)
        // The second incident was created 240 s after the clock's time; nothing changed later in this feed.
        #expect(unacked.json["updated_timestamp"] == 1586161555)
        #expect(unacked.json["updated"] == "Mon, 06 Apr 2020 08:25:55 GMT")
        #expect(unacked.json["updated_std"] == "2020-04-06 08:25:55 UTC+0000")
        let acked = try console.get(P.acknowledged)
        #expect(acked.incidentIDs == [keys[0]])
        #expect(acked.json["max_updated_id"] == 4)
        #expect(acked.json["incidents"]?[0]?["description"]?["acknowledged"] == "True")
        #expect(acked.json["updated_timestamp"] == 1586161315)
        let all = try console.get(P.all)
        #expect(all.incidentIDs == [keys[1], keys[2], keys[0]])
        #expect(all.json["max_updated_id"] == 4)
        #expect(all.json["feed"] == "All Incidents")
        #expect(all.json["cursor"] == nil)
    }

    @Test("incidents_since, newer_than and older_than (creation, strictly), node_id, flock_id")
    func filters() throws {
        let console = try TestConsole()
        let (token, keys) = try console.incidents(3)
        let other = try console.createToken(kind: "http", [("flock_id", TestConsole.otherFlock)]).id
        let otherKey = try console.trigger(other, ip: "10.0.0.9", at: 600).key
        #expect(try console.get(P.all, [("incidents_since", "2")]).incidentIDs == [keys[2], otherKey])
        #expect(try console.get(P.all, [("incidents_since", "4")]).incidentIDs == [])
        // Created at 08:21:55, 08:23:55, 08:25:55 and 08:31:55.
        #expect(try console.get(P.all, [("newer_than", "2020-04-06-08:21:55")]).incidentIDs == [keys[1], keys[2], otherKey])
        #expect(try console.get(P.all, [("newer_than", "2020-04-06-08:21:54")]).incidentIDs == keys + [otherKey])
        #expect(try console.get(P.all, [("older_than", "2020-04-06-08:25:55")]).incidentIDs == [keys[0], keys[1]])
        #expect(try console.get(P.all, [("newer_than", "2020-04-06-08:21:55"), ("older_than", "2020-04-06-08:31:55")])
            .incidentIDs == [keys[1], keys[2]])
        #expect(try console.get(P.all, [("node_id", token)]).incidentIDs == keys)
        #expect(try console.get(P.all, [("node_id", other)]).incidentIDs == [otherKey])
        #expect(try console.get(P.all, [("node_id", "nosuchtoken")]).incidentIDs == [])
        #expect(try console.get(P.all, [("flock_id", TestConsole.otherFlock)]).incidentIDs == [otherKey])
        #expect(try console.get(P.unacknowledged, [("flock_id", "flock:default")]).incidentIDs == keys)
        // shrink is accepted and changes nothing.
        #expect(try console.get(P.all, [("shrink", "false")]).incidentIDs == keys + [otherKey])
    }

    @Test("event_limit caps the events shown; events_count and events_list still count them all")
    func eventLimit() throws {
        let console = try TestConsole()
        let token = try console.createToken(kind: "http").id
        for second in [0, 10, 20] { try console.trigger(token, at: Int64(second)) }
        let limited = try console.get(P.all, [("event_limit", "1")]).json["incidents"]?[0]?["description"]
        #expect(limited?["events"]?.arrayValue?.count == 1)
        #expect(limited?["events"]?[0]?["timestamp"] == 1586161315)
        #expect(limited?["events_count"] == "3")
        #expect(limited?["events_list"] == "1586161315,1586161325,1586161335")
        let full = try console.get(P.all).json["incidents"]?[0]?["description"]
        #expect(full?["events"]?.arrayValue?.count == 3)
        #expect(try console.get(P.all, [("event_limit", "0")]).json["incidents"]?[0]?["description"]?["events"] == [])
    }

    @Test("tz: UTC names and any zone-like name answer in UTC; a value that is no zone name is refused")
    func timeZones() throws {
        let console = try TestConsole()
        let token = try console.createToken(kind: "http").id
        try console.trigger(token)
        for zone in ["UTC", "Etc/UTC", "GMT", "Zulu", "Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/GMT+5"] {
            let reply = try console.get(P.unacknowledged, [("tz", zone)])
            #expect(reply.status == 200, "\(zone)")
            #expect(reply.json["updated_std"] == "2020-04-06 08:21:55 UTC+0000")
            #expect(reply.json["incidents"]?[0]?["description"]?["created_std"] == "2020-04-06 08:21:55 UTC+0000")
        }
        for zone in ["Europe Paris", "../etc/passwd", "+0200", String(repeating: "A", count: 65)] {
            expectError(try console.get(P.unacknowledged, [("tz", zone)]), IncidentMessage.invalid("tz"), status: 400)
        }
    }

    @Test("Malformed filters are refused with the parameter's name", arguments: [
        ("incidents_since", "-1"), ("incidents_since", "abc"), ("newer_than", "2020-04-06 08:21:55"),
        ("newer_than", "2020-02-30-00:00:00"), ("older_than", "2020-04-06-24:00:00"), ("older_than", "yesterday"),
        ("limit", "0"), ("limit", "ten"), ("event_limit", "-2"), ("cursor", "not base64!"),
        // Before 1970: no incident is that old, and a cursor could not carry it.
        ("newer_than", "1969-12-31-23:59:59"), ("older_than", "1900-01-01-00:00:00"),
    ])
    func badParameters(_ name: String, _ value: String) throws {
        let console = try TestConsole()
        expectError(try console.get(P.all, [(name, value)]), IncidentMessage.invalid(name), status: 400)
    }

    @Test("Bad cursors: not base64 of integers, another feed's, a search cursor, a wrong version")
    func badCursors() throws {
        let console = try TestConsole()
        _ = try console.incidents(3)
        let acknowledgedCursor = try #require(IncidentFeedQuery(feed: .acknowledged).withLimit(1).cursor(.next, from: 1) as String?)
        let searchCursor = try #require(try console.get(P.search, [("limit", "1"), ("filter_incident_state", "all")]).next)
        for cursor in [Base64.encode(Array("1:0:1:a:2".utf8)), Base64.encode(Array("2:0:1:1:2:0:-1:-1:-1:-1:-1".utf8)),
                       Base64.encode(Array("1:0:1:1:2:0:-1:-1:-1:-1".utf8)), acknowledgedCursor, searchCursor, "!!!!"] {
            expectError(try console.get(P.unacknowledged, [("cursor", cursor)]), IncidentMessage.invalid("cursor"), status: 400)
        }
    }
}

extension IncidentFeedQuery {
    /// This query with a page size.
    func withLimit(_ limit: Int) -> IncidentFeedQuery {
        var query = self
        query.limit = limit
        return query
    }
}
