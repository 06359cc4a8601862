import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// A console whose trail holds seven items, ids 1–7, one a day from 2024-07-11 07:50:12 UTC; odd ids are
/// `canarytoken_create` by the API key, even ids `incident_acknowledge` from 10.0.0.<id>.
private func seeded() throws -> TestConsole {
    let console = try TestConsole()
    for id in 1...7 {
        let odd = id % 2 == 1
        let stored = try console.store.appendAudit(AuditItem(
            actionType: odd ? "canarytoken_create" : "incident_acknowledge",
            message: odd ? "Created a Web Bug Canarytoken token\(id)" : "Acknowledged the incident incident:\(id)",
            flockID: odd ? "flock:default" : nil, flockName: odd ? "Default Flock" : nil, user: AuditActions.apiUser,
            userIP: "10.0.0.\(id)", userBrowserAgent: odd ? "python-requests/2.32" : "curl/8.5.0",
            userBrowserLanguage: "", timeMicros: AuditFetchTests.firstMicros + Int64(id - 1) * 86_400_000_000))
        #expect(stored.id == id)
    }
    return console
}

extension Reply {
    /// The `id`s of the answer's `audit_trail`, in order.
    var auditIDs: [Int] { (json["audit_trail"]?.arrayValue ?? []).compactMap { $0["id"]?.intValue } }
}

@Suite("audit_trail/fetch and purge: order, limit, cursors, after_id, filters, tz, empty shape, errors")
struct AuditFetchTests {
    /// 2024-07-11 07:50:12 UTC, the time of the first seeded item.
    static let firstMicros: Int64 = 1_720_684_212_000_000
    /// The fetch path.
    static let path = "/api/v1/audit_trail/fetch"

    private func fetch(_ console: TestConsole, _ parameters: [(String, String)] = []) throws -> Reply {
        try console.call(.get, Self.path, parameters, via: .query)
    }

    @Test("Newest first, 100 by default, every field of an item exactly, one page with both cursors null")
    func order() throws {
        let console = try seeded()
        let reply = try fetch(console)
        #expect(reply.status == 200)
        #expect(reply.keys == ["audit_trail", "cursor", "page_count", "page_number", "result"])
        #expect(reply.auditIDs == [7, 6, 5, 4, 3, 2, 1])
        #expect(reply.json["page_count"] == 1)
        #expect(reply.json["page_number"] == 1)
        #expect(reply.json["cursor"] == ["next": .null, "prev": .null])
        #expect(reply.json["audit_trail"]?[0] == [
            "action_type": "canarytoken_create", "additional_information": .null, "flock_id": "flock:default",
            "flock_name": "Default Flock", "id": 7, "message": "Created a Web Bug Canarytoken token7",
            "timestamp": "2024-07-17 07:50:12 UTC+0000", "user": "API Token", "user_access_route": "",
            "user_browser_agent": "python-requests/2.32", "user_browser_language": "", "user_ip": "10.0.0.7",
        ])
        #expect(reply.json["audit_trail"]?[1]?["flock_id"] == .null)
        #expect(reply.json["audit_trail"]?[1]?["flock_name"] == .null)
    }

    @Test("limit=3 walks forward and back with the Console's cursor layout, exact strings")
    func cursorWalk() throws {
        let console = try seeded()
        let first = try fetch(console, [("limit", "3")])
        #expect(first.auditIDs == [7, 6, 5])
        #expect(first.json["page_count"] == 3)
        #expect(first.json["page_number"] == 1)
        #expect(first.next == "MDo1OjM6MzoyOjM=")  // 0:5:3:3:2:3
        #expect(first.prev == nil)
        let second = try fetch(console, [("cursor", "MDo1OjM6MzoyOjM=")])
        #expect(second.auditIDs == [4, 3, 2])
        #expect(second.json["page_number"] == 2)
        #expect(second.next == "MDoyOjM6MzozOjM=")  // 0:2:3:3:3:3
        #expect(second.prev == "MTo0OjM6MzoxOjM=")  // 1:4:3:3:1:3
        let third = try fetch(console, [("cursor", "MDoyOjM6MzozOjM=")])
        #expect(third.auditIDs == [1])
        #expect(third.json["page_number"] == 3)
        #expect(third.json["cursor"]?["next"] == .null)
        #expect(third.prev == "MToxOjM6MzoyOjM=")  // 1:1:3:3:2:3
        let back = try fetch(console, [("cursor", "MToxOjM6MzoyOjM=")])
        #expect(back.auditIDs == [4, 3, 2])
        #expect(back.json["page_number"] == 2)
        #expect(back.next == "MDoyOjM6MzozOjM=")
        let home = try fetch(console, [("cursor", "MTo0OjM6MzoxOjM=")])
        #expect(home.auditIDs == [7, 6, 5])
        #expect(home.json["page_number"] == 1)
        #expect(home.prev == nil)
        // Unpadded, and with GRAV's limit beside it (ignored: the cursor's limit wins).
        let grav = try fetch(console, [("cursor", "MDo1OjM6MzoyOjM"), ("limit", "100")])
        #expect(grav.auditIDs == [4, 3, 2])
        #expect(try fetch(console, [("cursor", "MDo1OjM6MzoyOjM"), ("limit", "0")]).auditIDs == [4, 3, 2])
    }

    @Test("after_id is strictly greater and still newest first; TA-T's limit=1 then cursor.next without after_id")
    func afterID() throws {
        let console = try seeded()
        #expect(try fetch(console, [("after_id", "4")]).auditIDs == [7, 6, 5])
        #expect(try fetch(console, [("after_id", "7")]).auditIDs == [])
        let checkpoint = try fetch(console, [("limit", "1"), ("after_id", "4")])
        #expect(checkpoint.auditIDs == [7])
        #expect(checkpoint.json["page_count"] == 3)
        #expect(checkpoint.next == "MDo3OjE6MzoyOjM=")  // 0:7:1:3:2:3
        let following = try fetch(console, [("cursor", "MDo3OjE6MzoyOjM=")])
        #expect(following.auditIDs == [6])
        #expect(following.json["page_count"] == 7)
        #expect(following.json["page_number"] == 2)
        #expect(following.next == "MDo2OjE6MzozOjc=")  // 0:6:1:3:3:7
        #expect(following.prev == "MTo2OjE6MzoxOjc=")  // 1:6:1:3:1:7
    }

    @Test("action_filter, search_term (any field, ASCII case folded), start_date and end_date, re-applied on cursor pages")
    func filters() throws {
        let console = try seeded()
        #expect(try fetch(console, [("action_filter", "incident_acknowledge")]).auditIDs == [6, 4, 2])
        #expect(try fetch(console, [("action_filter", "flock_move")]).auditIDs == [])
        #expect(try fetch(console, [("search_term", "CURL/8")]).auditIDs == [6, 4, 2])
        #expect(try fetch(console, [("search_term", "10.0.0.3")]).auditIDs == [3])
        #expect(try fetch(console, [("search_term", "token5")]).auditIDs == [5])
        #expect(try fetch(console, [("search_term", "default flock")]).auditIDs == [7, 5, 3, 1])
        // Item n is on 2024-07-(10+n); end_date includes its whole day.
        #expect(try fetch(console, [("start_date", "2024-07-13")]).auditIDs == [7, 6, 5, 4, 3])
        #expect(try fetch(console, [("end_date", "2024-07-13")]).auditIDs == [3, 2, 1])
        #expect(try fetch(console, [("start_date", "2024-07-12"), ("end_date", "2024-07-12")]).auditIDs == [2])
        let filtered = try fetch(console, [("action_filter", "canarytoken_create"), ("limit", "2")])
        #expect(filtered.auditIDs == [7, 5])
        #expect(filtered.json["page_count"] == 2)
        #expect(filtered.next == "MDo1OjI6MzoyOjI=")  // 0:5:2:3:2:2
        let next = try fetch(console, [("cursor", "MDo1OjI6MzoyOjI="), ("action_filter", "canarytoken_create")])
        #expect(next.auditIDs == [3, 1])
        #expect(next.json["cursor"]?["next"] == .null)
    }

    @Test("tz: a zone name is answered in UTC; a value that is not a zone name is refused")
    func timeZone() throws {
        let console = try seeded()
        let reply = try fetch(console, [("tz", "Africa/Johannesburg"), ("limit", "1")])
        #expect(reply.json["audit_trail"]?[0]?["timestamp"] == "2024-07-17 07:50:12 UTC+0000")
        let bad = try fetch(console, [("tz", "not a zone!")])
        expectError(bad, "Parameter tz was invalid.", status: 400)
    }

    @Test("An empty trail: [], page 0 of 0, cursor present with both ends null")
    func empty() throws {
        let console = try TestConsole()
        let reply = try fetch(console)
        #expect(reply.json == [
            "audit_trail": [], "cursor": ["next": .null, "prev": .null], "page_count": 0, "page_number": 0,
            "result": "success",
        ])
    }

    @Test("Bad values are the Console's parameter errors", arguments: [
        ([("cursor", "not-a-cursor")], "Parameter cursor was invalid."),
        ([("cursor", "MDo5OTozOjI6Mjoz")], "Parameter cursor was invalid."),  // 0:99:3:2:2:3, fourth field not 3
        ([("limit", "0")], "Parameter limit was invalid."),
        ([("limit", "ten")], "Parameter limit was invalid."),
        ([("after_id", "-1")], "Parameter after_id was invalid."),
        ([("start_date", "2024-13-01")], "Parameter start_date was invalid."),
        ([("end_date", "2024-07-11-00:00:00")], "Parameter end_date was invalid."),
        ([("action_filter", String(repeating: "a", count: 1_025))], "Parameter action_filter was invalid."),
        ([("cursor", "MDo1OjM6MzoyOjM="), ("after_id", "3")], "Cannot use cursor and after_id together"),
    ])
    func errors(_ parameters: [(String, String)], _ message: String) throws {
        let console = try seeded()
        expectError(try fetch(console, parameters), message, status: 400)
    }

    @Test("fetch needs the API key")
    func auth() throws {
        let console = try seeded()
        let reply = try console.call(.get, Self.path, [], via: .query, auth: .none)
        #expect(reply.status == 400 || reply.status == 401)
        #expect(reply.json["result"] == "error")
    }

    @Test("purge deletes up to and including id, answers msg, and is itself audited with the next id")
    func purge() throws {
        let console = try seeded()
        let reply = try console.call(.post, "/api/v1/audit_trail/purge", [("id", "3")])
        #expect(reply.json == ["msg": "3 logs purged successfully", "result": "success"])
        let after = try fetch(console)
        #expect(after.auditIDs == [8, 7, 6, 5, 4])
        #expect(after.json["audit_trail"]?[0]?["action_type"] == "audit_trail_purge")
        #expect(after.json["audit_trail"]?[0]?["message"] == "Purged the audit trail up to item 3")
        expectError(
            try console.call(.post, "/api/v1/audit_trail/purge", []), "Parameter id was invalid.", status: 400)
        #expect(try fetch(console).auditIDs == [8, 7, 6, 5, 4])
    }
}
