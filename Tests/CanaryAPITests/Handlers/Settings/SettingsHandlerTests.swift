import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// Paths of docs/api.md §7.6.
enum SettingsPaths {
    static let settings = "/api/v1/settings"
    static let isIPIgnored = "/api/v1/settings/is_ip_ignored"
    static let isIPWhitelisted = "/api/v1/settings/is_ip_whitelisted"
    static let whitelistIPPort = "/api/v1/settings/whitelist_ip_port"
    static let flocksFilter = "/api/v1/flocks/filter"
    static let flockFetch = "/api/v1/flock/fetch"
}

@Suite("Settings: settings, the ignore list routes and flocks/filter")
struct SettingsHandlerTests {
    /// `POST settings/whitelist_ip_port`, as canarytools sends it (parameters in the form body).
    static func ignore(
        _ console: TestConsole, _ parameters: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Reply {
        try console.call(.post, SettingsPaths.whitelistIPPort, parameters, sourceLocation: sourceLocation)
    }

    @Test("whitelist_ip_port adds an entry once, with or without a port, and answers Whitelist added")
    func add() throws {
        let console = try TestConsole()
        let reply = try Self.ignore(console, [("src_ip", "10.0.0.2"), ("dst_port", "5000")])
        #expect(reply.status == 200)
        #expect(reply.json == ["message": "Whitelist added", "result": "success"])
        #expect(try Self.ignore(console, [("src_ip", "10.0.0.2"), ("dst_port", "5000")]).status == 200)
        #expect(try Self.ignore(console, [("src_ip", "10.0.0.3"), ("dst_port", "")]).status == 200)
        // XSOAR sends both parameters in the query string of the POST.
        let query = try console.call(.post, SettingsPaths.whitelistIPPort, [("src_ip", "FE80::1")], via: .query)
        #expect(query.json == ["message": "Whitelist added", "result": "success"])
        #expect(try console.store.ignoreEntries() == [
            IgnoreEntry(srcIP: "10.0.0.2", dstPort: 5000), IgnoreEntry(srcIP: "10.0.0.3"), IgnoreEntry(srcIP: "fe80::1"),
        ])
    }

    @Test("whitelist_ip_port refuses a bad or missing address or port and stores nothing", arguments: [
        ([("dst_port", "80")], "src_ip"), ([("src_ip", "")], "src_ip"), ([("src_ip", "10.0.0")], "src_ip"),
        ([("src_ip", "10.0.0.256")], "src_ip"), ([("src_ip", "host.example")], "src_ip"),
        ([("src_ip", "10.0.0.1"), ("dst_port", "0")], "dst_port"),
        ([("src_ip", "10.0.0.1"), ("dst_port", "65536")], "dst_port"),
        ([("src_ip", "10.0.0.1"), ("dst_port", "-1")], "dst_port"),
        ([("src_ip", "10.0.0.1"), ("dst_port", "80a")], "dst_port"),
        ([("src_ip", "10.0.0.1"), ("dst_port", "+80")], "dst_port"),
    ])
    func addRefused(_ parameters: [(String, String)], _ name: String) throws {
        let console = try TestConsole()
        expectError(try Self.ignore(console, parameters), "Parameter \(name) was invalid.", status: 400)
        #expect(try console.store.ignoreEntries() == [])
    }

    @Test("Every settings route needs the API key", arguments: [
        (HTTPMethod.get, SettingsPaths.settings), (.get, SettingsPaths.isIPIgnored), (.get, SettingsPaths.isIPWhitelisted),
        (.post, SettingsPaths.whitelistIPPort), (.get, SettingsPaths.flocksFilter), (.get, SettingsPaths.flockFetch),
    ])
    func auth(_ method: HTTPMethod, _ path: String) throws {
        let console = try TestConsole()
        let parameters = [("src_ip", "10.0.0.1"), ("filter_str", ""), ("flock_id", "flock:default")]
        expectError(
            try console.call(method, path, parameters, via: .query, auth: .parameter("wrong")), Message.invalidAuthToken,
            status: 401)
        #expect(try console.store.ignoreEntries() == [])
    }

    @Test("is_ip_ignored and is_ip_whitelisted answer under both keys: an address entry covers every port, a port entry its port", arguments: [
        SettingsPaths.isIPIgnored, SettingsPaths.isIPWhitelisted,
    ])
    func check(_ path: String) throws {
        let console = try TestConsole()
        #expect(try Self.ignore(console, [("src_ip", "10.0.0.1")]).status == 200)
        #expect(try Self.ignore(console, [("src_ip", "10.0.0.2"), ("dst_port", "5000")]).status == 200)
        let cases: [([(String, String)], Bool)] = [
            ([("src_ip", "10.0.0.1")], true), ([("src_ip", "10.0.0.1"), ("dst_port", "22")], true),
            ([("src_ip", "10.0.0.2")], false), ([("src_ip", "10.0.0.2"), ("dst_port", "5000")], true),
            ([("src_ip", "10.0.0.2"), ("dst_port", "5001")], false), ([("src_ip", "10.0.0.3")], false),
        ]
        for (parameters, ignored) in cases {
            let reply = try console.call(.get, path, parameters, via: .query)
            #expect(reply.status == 200)
            #expect(reply.json == [
                "is_ip_ignored": .bool(ignored), "is_ip_whitelisted": .bool(ignored), "is_whitelist_enabled": true,
                "result": "success",
            ], "\(parameters)")
        }
        expectError(try console.call(.get, path, [], via: .query), "Parameter src_ip was invalid.", status: 400)
        expectError(
            try console.call(.get, path, [("src_ip", "10.0.0.1"), ("dst_port", "http")], via: .query),
            "Parameter dst_port was invalid.", status: 400)
    }

    @Test("settings shows the ignore list as comma-joined strings and the token domain, never an API key")
    func settings() throws {
        let console = try TestConsole()
        #expect(try Self.ignore(console, [("src_ip", "10.0.0.1")]).status == 200)
        #expect(try Self.ignore(console, [("src_ip", "10.0.0.4")]).status == 200)
        #expect(try Self.ignore(console, [("src_ip", "10.0.0.2"), ("dst_port", "5000")]).status == 200)
        let reply = try console.call(.get, SettingsPaths.settings, [], via: .query)
        #expect(reply.status == 200)
        #expect(reply.json["result"] == "success")
        #expect(reply.json["console_domain"] == .string(TestConsole.domain))
        #expect(reply.json["whitelist_enable"] == true)
        #expect(reply.json["whitelist_ips"] == "10.0.0.1,10.0.0.4")
        #expect(reply.json["whitelist_src_port_enable"] == true)
        #expect(reply.json["whitelist_src_port_ips"] == "10.0.0.2:5000")
        #expect(reply.json["generic_incident_webhooks"] == [])
        #expect(!reply.keys.contains("auth_token"))
        let text = String(decoding: reply.response.body, as: UTF8.self)
        #expect(!text.contains(TestConsole.authToken) && !text.contains(TestConsole.secondAuthToken))
        #expect(reply.keys.count == 29)
    }

    @Test("flocks/filter matches names case-insensitively, oldest first; a missing filter_str is refused")
    func filter() throws {
        let console = try TestConsole()
        let created = try console.call(.post, ConsolePaths.createFlock, [("name", "Cape Town FLOCK")])
        let id = try #require(created.json["flock_id"]?.stringValue)
        let reply = try console.call(.get, SettingsPaths.flocksFilter, [("filter_str", "flock")], via: .query)
        #expect(reply.status == 200)
        // The store's order: oldest first, ties (the test clock is fixed) by id.
        let expected: [JSONValue] = try console.store.flocks().map { flock in
            ["flock_id": .string(flock.flockID), "name": .string(flock.name), "note": ""]
        }
        #expect(expected.count == 3)
        #expect(Set(try console.store.flocks().map(\.flockID)) == ["flock:default", TestConsole.otherFlock, id])
        #expect(reply.json == ["flocks": .array(expected), "result": "success"])
        let one = try console.call(.get, SettingsPaths.flocksFilter, [("filter_str", "OTHER")], via: .query)
        #expect(one.json["flocks"] == [["flock_id": .string(TestConsole.otherFlock), "name": "Other Flock", "note": ""]])
        let none = try console.call(.get, SettingsPaths.flocksFilter, [("filter_str", "nowhere")], via: .query)
        #expect(none.json == ["flocks": [], "result": "success"])
        let all = try console.call(.get, SettingsPaths.flocksFilter, [("filter_str", "")], via: .query)
        #expect(all.json["flocks"]?.arrayValue?.count == 3)
        expectError(
            try console.call(.get, SettingsPaths.flocksFilter, [], via: .query), "Parameter filter_str was invalid.",
            status: 400)
    }

    @Test("flock/fetch counts one flock's tokens by kind, disabled, triggered, and its incidents")
    func fetchFlock() throws {
        let console = try TestConsole()
        let (_, web) = try console.createToken(kind: "http")
        _ = try console.createToken(kind: "http")
        let (_, off) = try console.createToken(kind: "dns")
        _ = try console.createToken(kind: "aws-id")
        _ = try console.createToken(kind: "dns", [("flock_id", TestConsole.otherFlock)])
        #expect(try console.call(.post, ConsolePaths.disable, [("canarytoken", off)]).status == 200)
        let hit = try console.send(.make(.post, "/_mock/trigger", form: [("canarytoken", web), ("src_ip", "10.0.0.1")]))
        #expect(hit.status == 200)
        _ = try console.send(.make(.post, "/_mock/trigger", form: [("canarytoken", web), ("src_ip", "10.0.0.2")]))
        let reply = try console.call(.get, SettingsPaths.flockFetch, [("flock_id", "flock:default")], via: .query)
        #expect(reply.status == 200)
        #expect(reply.json == [
            "different_token_num": 3, "disabled_tokens": 1, "incident_count": 2, "result": "success",
            "top_tokens": [["count": 2, "kind": "http"], ["count": 1, "kind": "aws-id"], ["count": 1, "kind": "dns"]],
            "total_tokens": 4, "triggered_tokens": 1,
        ])
        let one = try console.call(
            .get, SettingsPaths.flockFetch, [("flock_id", "flock:default"), ("num_top_tokens", "1")], via: .query)
        #expect(one.json["top_tokens"] == [["count": 2, "kind": "http"]])
        let other = try console.call(.get, SettingsPaths.flockFetch, [("flock_id", TestConsole.otherFlock)], via: .query)
        #expect(other.json == [
            "different_token_num": 1, "disabled_tokens": 0, "incident_count": 0, "result": "success",
            "top_tokens": [["count": 1, "kind": "dns"]], "total_tokens": 1, "triggered_tokens": 0,
        ])
    }

    @Test("flock/fetch refuses a missing or unknown flock and a bad num_top_tokens", arguments: [
        ([] as [(String, String)], "Flock does not exist."), ([("flock_id", "")], "Flock does not exist."),
        ([("flock_id", TestConsole.unknownFlock)], "Flock does not exist."),
        ([("flock_id", "flock:default"), ("num_top_tokens", "-1")], "Parameter num_top_tokens was invalid."),
        ([("flock_id", "flock:default"), ("num_top_tokens", "1001")], "Parameter num_top_tokens was invalid."),
        ([("flock_id", "flock:default"), ("num_top_tokens", "two")], "Parameter num_top_tokens was invalid."),
    ])
    func fetchFlockRefused(_ parameters: [(String, String)], _ message: String) throws {
        let console = try TestConsole()
        expectError(try console.call(.get, SettingsPaths.flockFetch, parameters, via: .query), message, status: 400)
    }
}
