import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("incidents/search")
struct SearchIncidentsHandlerTests {
    typealias P = TestConsole.IncidentPaths

    @Test("Search answers flat items with incident_key, key, logdata, ms events_list and the page counts")
    func shape() throws {
        let console = try TestConsole()
        let token = try console.createToken(kind: "http", memo: "Payroll spreadsheet").id
        let first = try console.trigger(token, ip: "10.0.0.1", fields: ["headers": ["User-Agent": "curl/8.7.1"]])
        try console.trigger(token, ip: "10.0.0.1", at: 1)
        let second = try console.trigger(token, ip: "10.0.0.1", at: 600)
        let reply = try console.get(P.search, [("filter_str", "PAYROLL")])
        #expect(reply.status == 200)
        #expect(reply.keys == ["incident_source_counts", "incidents", "page_number", "result", "total_pages", "total_results"])
        #expect(reply.incidentIDs == [first.key, second.key])
        #expect(reply.json["total_results"] == 2)
        #expect(reply.json["total_pages"] == 1)
        #expect(reply.json["page_number"] == 1)
        #expect(reply.json["incident_source_counts"] == ["10.0.0.1": 2])
        let item = try #require(reply.json["incidents"]?[0])
        #expect(item["incident_key"] == .string(first.key))
        #expect(item["key"] == .string(first.key))
        #expect(item["id"] == .string(first.key))
        #expect(item["hash_id"] == .string(first.hashID))
        #expect(item["description"] == "Canarytoken triggered")
        #expect(item["memo"] == "Payroll spreadsheet")
        #expect(item["events_list"] == [1586161315087, 1586161316087])
        #expect(item["logdata"]?.arrayValue?.count == 2)
        #expect(item["logdata"] == item["events"])
        #expect(item["previously_seen_count"] == 1)
        #expect(item["updated_id"] == 2)
        #expect(item["summary"] == nil)
    }

    @Test("filter_incident_state (default unacknowledged), filter_logtypes, filter_str in events and keys")
    func filters() throws {
        let console = try TestConsole()
        let (_, keys) = try console.incidents(2)
        let dns = try console.createToken(kind: "dns").id
        let dnsKey = try console.trigger(dns, ip: "8.8.8.8", at: 5, fields: ["hostname": "Evil.Example"]).key
        _ = try console.call(.post, P.acknowledge, [("incident", keys[0])])
        #expect(try console.get(P.search).incidentIDs == [keys[1], dnsKey])
        #expect(try console.get(P.search, [("filter_incident_state", "acknowledged")]).incidentIDs == [keys[0]])
        #expect(try console.get(P.search, [("filter_incident_state", "all")]).incidentIDs == [keys[1], dnsKey, keys[0]])
        #expect(try console.get(P.search, [("filter_logtypes", "16000")]).incidentIDs == [dnsKey])
        #expect(try console.get(P.search, [("filter_str", "evil.example")]).incidentIDs == [dnsKey])
        #expect(try console.get(P.search, [("filter_str", "10.0.0.2")]).incidentIDs == [keys[1]])
        #expect(try console.get(P.search, [("filter_str", "nothing like it")]).json["incidents"] == [])
        #expect(try console.get(P.search, [("filter_str", "nothing like it")]).json["total_results"] == 0)
        expectError(try console.get(P.search, [("filter_incident_state", "open")]),
                    IncidentMessage.invalid("filter_incident_state"), status: 400)
        expectError(try console.get(P.search, [("filter_str", String(repeating: "é", count: 1025))]),
                    IncidentMessage.invalid("filter_str"), status: 400)
        let longest = try console.get(P.search, [("filter_str", String(repeating: "é", count: 1024)), ("limit", "1")])
        #expect(longest.status == 200)
        // The longest filters make a cursor the decoder takes back.
        let logtypes = Array(repeating: "16000", count: 170).joined(separator: ",")
        let widest = try console.get(P.search, [
            ("filter_str", String(repeating: "é", count: 1024)), ("filter_logtypes", logtypes), ("limit", "1"),
            ("filter_incident_state", "all"),
        ])
        #expect(widest.status == 200, "\(widest.text)")
        expectError(try console.get(P.search, [("filter_logtypes", logtypes + ",16000")]),
                    IncidentMessage.invalid("filter_logtypes"), status: 400)
        let query = try IncidentSearchQuery.parse(HTTPParameters(fields: [
            .init(name: "filter_str", value: String(repeating: "\u{10FFFF}", count: 1024)),
            .init(name: "filter_logtypes", value: logtypes), .init(name: "limit", value: "1"),
        ]))
        let cursor = query.cursor(.next, from: 5)
        #expect(cursor.utf8.count <= IncidentCursor.maxLength)
        let next = try IncidentSearchQuery.parse(HTTPParameters(fields: [.init(name: "cursor", value: cursor)]))
        #expect(next.text == query.text)
        #expect(next.logtypes == query.logtypes)
    }

    @Test("Search pages with limit and cursor; the cursor alone carries the search; bad cursors refused")
    func paging() throws {
        let console = try TestConsole()
        let (_, keys) = try console.incidents(5, memo: "needle memo")
        _ = try console.incidents(2, memo: "other memo")
        let first = try console.get(P.search, [("filter_str", "needle"), ("limit", "2")])
        #expect(first.incidentIDs == [keys[0], keys[1]])
        #expect(first.json["total_results"] == 5)
        #expect(first.json["total_pages"] == 3)
        #expect(first.json["page_number"] == 1)
        #expect(first.prev == nil)
        let second = try console.get(P.search, [("cursor", try #require(first.next))])
        #expect(second.incidentIDs == [keys[2], keys[3]])
        #expect(second.json["page_number"] == 2)
        let third = try console.follow(try #require(second.nextLink))
        #expect(third.incidentIDs == [keys[4]])
        #expect(third.json["page_number"] == 3)
        #expect(third.json["cursor"]?["next"] == .null)
        let back = try console.follow(try #require(third.prevLink))
        #expect(back.incidentIDs == [keys[2], keys[3]])
        #expect(back.json["page_number"] == 2)
        let feedCursor = try #require(try console.get(P.all, [("limit", "1")]).next)
        expectError(try console.get(P.search, [("cursor", feedCursor)]), IncidentMessage.invalid("cursor"), status: 400)
        expectError(try console.get(P.search, [("cursor", "%%%")]), IncidentMessage.invalid("cursor"), status: 400)
    }
}
