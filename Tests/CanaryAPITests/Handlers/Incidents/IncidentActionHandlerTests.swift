import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Incident actions: fetch, acknowledge, unacknowledge, delete, one and in bulk")
struct IncidentActionHandlerTests {
    typealias P = TestConsole.IncidentPaths

    @Test("incident/fetch: neither key nor hash_id, an unknown one, a bad tz")
    func fetchErrors() throws {
        let console = try TestConsole()
        expectError(try console.get(P.fetch), Message.badParameters, status: 400)
        expectError(try console.get(P.fetch, [("incident", "incident:canarytoken:nope::1")]), IncidentMessage.notFound, status: 404)
        expectError(try console.get(P.fetch, [("hash_id", String(repeating: "0", count: 32))]), IncidentMessage.notFound, status: 404)
        let key = try console.incidents(1).keys[0]
        expectError(try console.get(P.fetch, [("incident", key), ("tz", "no zone")]), IncidentMessage.invalid("tz"), status: 400)
    }

    @Test("Single acknowledge and unacknowledge answer action and key, move updated_id, and are idempotent")
    func single() throws {
        let console = try TestConsole()
        let key = try console.incidents(1).keys[0]
        for transport in Transport.allCases {
            let ack = try console.call(.post, P.acknowledge, [("incident", key)], via: transport)
            #expect(ack.json == ["action": "acknowledged", "key": .string(key), "result": "success"])
            #expect(try console.store.incident(key: key)?.acknowledged == true)
            let unack = try console.call(.post, P.unacknowledge, [("incident", key)], via: transport)
            #expect(unack.json == ["action": "unacknowledged", "key": .string(key), "result": "success"])
            #expect(try console.store.incident(key: key)?.acknowledged == false)
        }
        // 1 for the event, then 2 changes per transport.
        #expect(try console.store.incident(key: key)?.updatedID == 7)
        let again = try console.call(.post, P.unacknowledge, [("incident", key)])
        #expect(again.status == 200)
        #expect(try console.store.incident(key: key)?.updatedID == 7)
        let fetched = try console.get(P.fetch, [("incident", key)])
        #expect(fetched.json["incident"]?["acknowledged"] == "False")
        for path in [P.acknowledge, P.unacknowledge] {
            expectError(try console.call(.post, path, [("incident", "incident:canarytoken:nope::1")]), IncidentMessage.notFound, status: 404)
            expectError(try console.call(.post, path, []), IncidentMessage.notFound, status: 404)
        }
    }

    @Test("Single delete by DELETE or POST, acknowledged or not; then not found")
    func singleDelete() throws {
        let console = try TestConsole()
        let keys = try console.incidents(2).keys
        let deleted = try console.call(.delete, P.delete, [("incident", keys[0])], via: .query)
        #expect(deleted.json == ["action": "deleted", "key": .string(keys[0]), "result": "success"])
        #expect(try console.call(.post, P.delete, [("incident", keys[1])]).json["action"] == "deleted")
        #expect(try console.store.incidentCount() == 0)
        expectError(try console.call(.delete, P.delete, [("incident", keys[0])]), IncidentMessage.notFound, status: 404)
        expectError(try console.get(P.fetch, [("incident", keys[0])]), IncidentMessage.notFound, status: 404)
    }

    @Test("Bulk acknowledge with no selection takes every incident; unacknowledge by node_id; keys [] when none")
    func bulkAll() throws {
        let console = try TestConsole()
        let (token, keys) = try console.incidents(3)
        let other = try console.createToken(kind: "http").id
        let otherKey = try console.trigger(other, ip: "10.0.9.9", at: 5).key
        let all = try console.call(.post, P.bulkAcknowledge, [])
        #expect(all.json == ["action": "acknowledged", "keys": .array((keys + [otherKey]).map(JSONValue.string)),
                             "result": "success"])
        #expect(try console.store.incidentCount(acknowledged: false) == 0)
        #expect(try console.call(.post, P.bulkAcknowledge, []).json["keys"] == [])
        let unack = try console.call(.post, P.bulkUnacknowledge, [("node_id", token)], via: .query)
        #expect(unack.json == ["action": "unacknowledged", "keys": .array(keys.map(JSONValue.string)), "result": "success"])
        #expect(try console.get(P.unacknowledged).incidentIDs == keys)
    }

    @Test("Bulk selection: src_host, flock_id, older_than, filter_str, filter_logtypes, incident_key (JSON body too)")
    func bulkSelection() throws {
        let console = try TestConsole()
        let (_, keys) = try console.incidents(3)
        let dns = try console.createToken(kind: "dns", memo: "Secret Memo", [("flock_id", TestConsole.otherFlock)]).id
        // Everything is created at or after the clock's now, so older_than=1d and 2w select nothing.
        let dnsKey = try console.trigger(dns, ip: "9.9.9.9", at: 86_400 * 2).key
        func ack(_ parameters: [(String, String)]) throws -> JSONValue? {
            let reply = try console.call(.post, P.bulkAcknowledge, parameters)
            #expect(reply.status == 200, "\(reply.text)")
            _ = try console.call(.post, P.bulkUnacknowledge, [])
            return reply.json["keys"]
        }
        #expect(try ack([("src_host", "10.0.0.2")]) == [.string(keys[1])])
        #expect(try ack([("flock_id", TestConsole.otherFlock)]) == [.string(dnsKey)])
        #expect(try ack([("filter_str", "secret memo")]) == [.string(dnsKey)])
        #expect(try ack([("filter_logtypes", "16000, 99999")]) == [.string(dnsKey)])
        #expect(try ack([("incident_key", "\(keys[2]),\(dnsKey)")])?.arrayValue?.count == 2)
        #expect(try ack([("older_than", "0h")])?.arrayValue?.count == 4)
        #expect(try ack([("older_than", "1d")])?.arrayValue?.count == 0)
        #expect(try ack([("older_than", "2w")])?.arrayValue?.count == 0)
        #expect(try ack([("older_than", "1h"), ("src_host", "10.0.0.1")])?.arrayValue?.count == 0)
        // A JSON object body, as a clustered add-on sends it.
        let json = try console.send(HTTPRequest.make(
            .post, P.bulkAcknowledge, query: [("auth_token", TestConsole.authToken)],
            headers: [("Content-Type", "application/json")]).withBody(#"{"incident_key": "\#(keys[0])"}"#))
        #expect(json.json["keys"] == [.string(keys[0])])
    }

    @Test("Bulk errors: src_host with node_id, bad older_than, filter_str over 1,024 characters")
    func bulkErrors() throws {
        let console = try TestConsole()
        let key = try console.incidents(1).keys[0]
        for path in [P.bulkAcknowledge, P.bulkUnacknowledge, P.bulkDelete] {
            expectError(try console.call(.post, path, [("src_host", "1.2.3.4"), ("node_id", "x")]),
                        IncidentMessage.srcHostWithNodeID, status: 400)
            for bad in ["3", "h", "-1h", "1m", "1.5d", "1000000h", "1 h"] {
                expectError(try console.call(.post, path, [("older_than", bad)]), IncidentMessage.olderThan, status: 400)
            }
            expectError(try console.call(.post, path, [("filter_str", String(repeating: "a", count: 1025))]),
                        IncidentMessage.invalid("filter_str"), status: 400)
        }
        #expect(try console.store.incident(key: key)?.acknowledged == false)
        #expect(try console.call(.post, P.bulkAcknowledge, [("filter_str", String(repeating: "a", count: 1024))]).json["keys"] == [])
    }

    @Test("Bulk delete takes only acknowledged incidents unless include_unacknowledged=true, by POST or DELETE")
    func bulkDelete() throws {
        let console = try TestConsole()
        let keys = try console.incidents(3).keys
        _ = try console.call(.post, P.acknowledge, [("incident", keys[1])])
        let acknowledgedOnly = try console.call(.post, P.bulkDelete, [])
        #expect(acknowledgedOnly.json == ["action": "deleted", "keys": [.string(keys[1])], "result": "success"])
        #expect(try console.call(.delete, P.bulkDelete, [], via: .query).json["keys"] == [])
        let everything = try console.call(.delete, P.bulkDelete, [("include_unacknowledged", "true"), ("src_host", "10.0.0.3")], via: .query)
        #expect(everything.json["keys"] == [.string(keys[2])])
        #expect(try console.store.incidentCount() == 1)
        #expect(try console.store.incident(key: keys[0]) != nil)
    }
}

extension HTTPRequest {
    /// This request with `text` as its body and a matching `Content-Length`.
    func withBody(_ text: String) -> HTTPRequest {
        var request = self
        request.body = Array(text.utf8)
        request.headers.set("Content-Length", String(request.body.count))
        return request
    }
}
