import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// What incidents change on the token endpoints (docs/api.md §7.4): deleting a token with incidents, the search
/// items' `unacked_alert_count`, `triggered_count`; and `token_url_base` in new tokens' URLs (§7.3).
@Suite("Tokens and their incidents")
struct TokenIncidentsTests {
    /// Records one trigger of `id` from `source`.
    static func trigger(_ console: TestConsole, _ id: String, from source: String) throws -> IncidentRecord {
        let outcome = try console.context.triggers.record(Trigger(canarytoken: id, srcIP: source))
        return try #require(outcome.incident)
    }

    @Test("A token with incidents is deleted only with clear_incidents=true, which deletes its incidents")
    func deleteNeedsClearIncidents() throws {
        let console = try TestConsole()
        let (_, id) = try console.createToken(kind: "http")
        let (_, other) = try console.createToken(kind: "dns")
        _ = try Self.trigger(console, id, from: "10.0.0.1")
        _ = try Self.trigger(console, id, from: "10.0.0.2")
        let kept = try Self.trigger(console, other, from: "10.0.0.1")

        let refused = try console.call(.post, "/api/v1/canarytoken/delete", [("canarytoken", id)])
        #expect(refused.status == 400)
        #expect(refused.json == ["message": "Could not delete Canarydrop", "result": "error"])
        #expect(try console.store.token(id) != nil)
        #expect(try console.store.incidentCount() == 3)

        let notCleared = try console.call(.post, "/api/v1/canarytoken/delete", [("canarytoken", id), ("clear_incidents", "false")])
        #expect(notCleared.status == 400)

        let deleted = try console.call(.post, "/api/v1/canarytoken/delete", [("canarytoken", id), ("clear_incidents", "true")])
        #expect(deleted.status == 200)
        #expect(deleted.json == ["result": "success"])
        #expect(try console.store.token(id) == nil)
        #expect(try console.store.incidents(matching: IncidentFilter(), limit: nil).map(\.key) == [kept.key])

        // A token without incidents needs no clear_incidents, as before.
        let (_, plain) = try console.createToken(kind: "http")
        #expect(try console.call(.post, "/api/v1/canarytoken/delete", [("canarytoken", plain)]).status == 200)
    }

    @Test("Search items count the token's unacknowledged incidents; triggered_count counts every event")
    func unackedAlertCount() throws {
        let console = try TestConsole()
        let (_, id) = try console.createToken(kind: "http", memo: "counted")
        _ = try Self.trigger(console, id, from: "10.0.0.1")
        _ = try Self.trigger(console, id, from: "10.0.0.1")
        let second = try Self.trigger(console, id, from: "10.0.0.2")
        _ = try console.store.setAcknowledged(key: second.key, true, atMicros: TestConsole.now)
        let reply = try console.call(.get, "/api/v1/canarytokens/search", [("search_string", "counted")], via: .query)
        #expect(reply.status == 200)
        #expect(reply.json["canarytokens"]?[0]?["unacked_alert_count"] == 1)
        #expect(reply.json["canarytokens"]?[0]?["triggered_count"] == 3)
        #expect(try console.fetch(id).json["token"]?["triggered_count"] == 3)
    }

    @Test("token_url_base starts new tokens' URLs; without it they start http://<token_domain>")
    func tokenURLBase() throws {
        let console = try TestConsole(["token_url_base": "http://127.0.0.1:8080"])
        let (token, id) = try console.createToken(kind: "http")
        let url = try #require(token["url"]?.stringValue)
        #expect(url.hasPrefix("http://127.0.0.1:8080/"), "\(url)")
        #expect(url.split(separator: "/").dropFirst(2).contains(Substring(id)))
        #expect(token["hostname"]?.stringValue == "\(id).\(TestConsole.domain)")
        let plain = try TestConsole().createToken(kind: "http").token
        #expect(plain["url"]?.stringValue?.hasPrefix("http://\(TestConsole.domain)/") == true)
    }

    @Test("A token_url_base with a path, a query, another scheme or nothing after the scheme is refused", arguments: [
        "ftp://127.0.0.1", "http://", "http://127.0.0.1:8080/", "http://h/x", "http://h?x", "127.0.0.1:8080",
        "http://user@h",
    ])
    func badTokenURLBase(value: String) throws {
        #expect(throws: ConfigurationError.self) { try TestConsole(["token_url_base": .string(value)]) }
    }
}
