import Basics
import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Incident feed paging: keyset cursors that carry the query")
struct IncidentPagingTests {
    typealias P = TestConsole.IncidentPaths

    @Test("limit pages a feed; next_link is followed as is to the last page, whose next is null; prev walks back")
    func chain() throws {
        let console = try TestConsole()
        let (_, keys) = try console.incidents(5)
        let first = try console.get(P.unacknowledged, [("limit", "2")])
        #expect(first.status == 200)
        #expect(first.incidentIDs == [keys[0], keys[1]])
        #expect(first.json["max_updated_id"] == 2)
        #expect(first.prev == nil && first.prevLink == nil)
        let next = try #require(first.next)
        #expect(first.nextLink == "http://localhost/api/v1/incidents/unacknowledged?cursor="
            + PercentEncoding.encode(next, spaceAsPlus: false) + "&auth_token=test-auth-token")
        let second = try console.follow(try #require(first.nextLink))
        #expect(second.incidentIDs == [keys[2], keys[3]])
        #expect(second.prev != nil)
        let third = try console.follow(try #require(second.nextLink))
        #expect(third.incidentIDs == [keys[4]])
        #expect(third.json["cursor"]?["next"] == .null)
        #expect(third.json["cursor"]?["next_link"] == .null)
        // prev from the last page, then from the middle one.
        let back = try console.follow(try #require(third.prevLink))
        #expect(back.incidentIDs == [keys[2], keys[3]])
        #expect(back.next != nil)
        let start = try console.follow(try #require(back.prevLink))
        #expect(start.incidentIDs == [keys[0], keys[1]])
        #expect(start.prev == nil && start.prevLink == nil)
        #expect(try console.follow(try #require(start.nextLink)).incidentIDs == [keys[2], keys[3]])
    }

    @Test("Cursors are base64 of colon-separated integers, without + or /, padding URL-encoded in links")
    func cursorText() throws {
        let console = try TestConsole()
        let token = try console.createToken(kind: "http").id
        for index in 0..<3 { try console.trigger(token, ip: "10.0.0.\(index)", at: Int64(index) * 120) }
        // Every string filter and number in the cursor.
        let reply = try console.get(P.all, [
            ("limit", "1"), ("node_id", token), ("flock_id", "flock:default"), ("newer_than", "2020-01-01-00:00:00"),
            ("event_limit", "4"), ("incidents_since", "0"),
        ])
        let cursor = try #require(reply.next)
        #expect(!cursor.contains("+") && !cursor.contains("/"))
        let plain = String(decoding: try #require(Base64.decode(cursor)), as: UTF8.self)
        #expect(plain.allSatisfy { $0.isNumber || $0 == ":" || $0 == "-" }, "\(plain)")
        #expect(plain.hasPrefix("1:2:1:1:1:0:1577836800:-1:4:"), "\(plain)")
        let link = try #require(reply.nextLink)
        // Only the two parameters' own `=`: the cursor's padding is escaped.
        #expect(link.split(separator: "=", omittingEmptySubsequences: false).count == 3, "\(link)")
        if cursor.hasSuffix("=") { #expect(link.contains("%3D")) }
        // Padding dropped or kept, the cursor reads the same.
        var bare = cursor
        while bare.hasSuffix("=") { bare.removeLast() }
        #expect(try console.get(P.all, [("cursor", bare)]).incidentIDs == (try console.get(P.all, [("cursor", cursor)])).incidentIDs)
    }

    @Test("A cursor sent alone gives the next page of the same query; sent with other filters, the cursor's query wins")
    func cursorCarriesQuery() throws {
        let console = try TestConsole()
        let (token, keys) = try console.incidents(4)
        let other = try console.createToken(kind: "http").id
        try console.trigger(other, ip: "10.0.1.1", at: 30)
        let first = try console.get(P.all, [("limit", "2"), ("node_id", token), ("incidents_since", "1")])
        #expect(first.incidentIDs == [keys[1], keys[2]])
        let cursor = try #require(first.next)
        let alone = try console.get(P.all, [("cursor", cursor)])
        #expect(alone.incidentIDs == [keys[3]])
        #expect(alone.next == nil)
        // A poller sends cursor with incidents_since (and its limit, tz): the cursor decides the filters.
        let withFilters = try console.get(P.all, [
            ("cursor", cursor), ("incidents_since", "0"), ("node_id", other), ("tz", "UTC"), ("limit", "2"),
        ])
        #expect(withFilters.incidentIDs == [keys[3]])
        // limit beside a cursor sets the page size.
        let wider = try console.get(P.all, [("limit", "1"), ("node_id", token)])
        #expect(try console.get(P.all, [("cursor", try #require(wider.next)), ("limit", "3")]).incidentIDs
            == [keys[1], keys[2], keys[3]])
    }

    @Test("Acknowledging or deleting a page's incidents before asking for the next skips nothing")
    func pagingWhileChanging() throws {
        let console = try TestConsole()
        let (_, keys) = try console.incidents(6)
        let first = try console.get(P.unacknowledged, [("limit", "2")])
        #expect(first.incidentIDs == [keys[0], keys[1]])
        let bulk = try console.call(.post, P.bulkAcknowledge, [("incident_key", "\(keys[0]),\(keys[1])")])
        #expect(bulk.json["keys"] == [.string(keys[0]), .string(keys[1])])
        let second = try console.follow(try #require(first.nextLink))
        #expect(second.incidentIDs == [keys[2], keys[3]])
        for key in second.incidentIDs {
            #expect(try console.call(.post, P.acknowledge, [("incident", key)]).status == 200)
            #expect(try console.call(.delete, P.delete, [("incident", key)]).status == 200)
        }
        let third = try console.follow(try #require(second.nextLink))
        #expect(third.incidentIDs == [keys[4], keys[5]])
        #expect(third.next == nil)
        #expect(try console.store.incidentCount(acknowledged: true) == 2)
        #expect(try console.store.incidentCount(acknowledged: false) == 2)
    }

    @Test("With the header key, links carry no auth_token and the caller keeps sending the header; tz is repeated")
    func headerAuthLinks() throws {
        let console = try TestConsole()
        _ = try console.incidents(2)
        let reply = try console.call(.get, P.all, [("limit", "1"), ("tz", "Etc/UTC")], via: .query, auth: .header(TestConsole.authToken))
        let link = try #require(reply.nextLink)
        #expect(!link.contains("auth_token"))
        #expect(link.hasSuffix("&tz=Etc%2FUTC"))
        let target = String(link.dropFirst("http://localhost".count))
        let followed = try console.send(HTTPRequest(method: .get, target: target, headers: HTTPHeaders([
            ("Host", "localhost"), ("X-Canary-Auth-Token", TestConsole.authToken),
        ])))
        #expect(followed.status == 200)
        #expect(followed.incidentIDs.count == 1)
        // The link's host is the request's Host.
        let proxied = try console.send(HTTPRequest(method: .get, target: "/api/v1/incidents/all?limit=1&auth_token=test-auth-token",
                                                   headers: HTTPHeaders([("Host", "mock.example:8080")])))
        #expect(proxied.nextLink?.hasPrefix("http://mock.example:8080/api/v1/incidents/all?cursor=") == true)
    }

    @Test("IncidentCursor round-trips numbers and strings, and refuses anything else")
    func cursorCodec() throws {
        let strings: [String?] = [nil, "", "flock:default", "ünïcødé ✓", String(repeating: "x", count: 1024)]
        let cursor = IncidentCursor(numbers: [1, 0, -1, 1_586_161_315], strings: strings)
        let text = cursor.encoded
        #expect(!text.contains("+") && !text.contains("/"))
        #expect(IncidentCursor.decode(text, numberCount: 4, stringCount: strings.count) == cursor)
        #expect(IncidentCursor.decode(text, numberCount: 4, stringCount: strings.count - 1) == nil)
        #expect(IncidentCursor.decode(text, numberCount: 5, stringCount: strings.count) == nil)
        for bad in ["", "====", "@@@@", Base64.encode(Array("1::2".utf8)), Base64.encode(Array("1:2:3".utf8)),
                    Base64.encode(Array("1:2:2:70000".utf8)), Base64.encode(Array("1:2:1:999999999999999999999".utf8)),
                    Base64.encode(Array("1:2:2:65535".utf8) + [0xFF])] {
            #expect(IncidentCursor.decode(bad, numberCount: 2, stringCount: 1) == nil, "\(bad)")
        }
        // Two bytes 0xFF 0xFE: not UTF-8.
        #expect(IncidentCursor.decode(Base64.encode(Array("1:2:2:65534".utf8)), numberCount: 2, stringCount: 1) == nil)
        #expect(IncidentCursor.decode(Base64.encode(Array("1:2:2:26984".utf8)), numberCount: 2, stringCount: 1)
            == IncidentCursor(numbers: [1, 2], strings: ["ih"]))
    }
}
