import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// One audited route's case for the table-driven test: how to make a call succeed, what item it must write, and a
/// call that fails.
struct AuditCase: Sendable, CustomTestStringConvertible {
    /// What a prepared console expects from the successful call.
    struct Prepared {
        /// The parameters of the call that succeeds.
        var parameters: [(String, String)]
        /// The item's expected message, from the successful answer.
        var message: @Sendable (Reply) -> String
        /// The item's expected `flock_id`.
        var flockID: String?
        /// The item's expected `flock_name`.
        var flockName: String?
    }

    /// The route's path.
    let path: String
    /// The expected `action_type`.
    let actionType: String
    /// The expected `user`.
    var user = AuditActions.apiUser
    /// How the API key travels (none for the factory routes).
    var auth: Auth = .parameter(TestConsole.authToken)
    /// Sets the console up and says what the successful call sends and must write.
    let prepare: @Sendable (TestConsole) throws -> Prepared
    /// The parameters of a call that fails.
    let failure: [(String, String)]

    var testDescription: String { path }

    /// The Default Flock's id and name.
    static let defaultFlock = ("flock:default", "Default Flock")

    /// A case whose expected message does not depend on the answer.
    static func fixed(_ message: String, _ parameters: [(String, String)], flock: (String, String)? = defaultFlock)
        -> Prepared
    {
        Prepared(parameters: parameters, message: { _ in message }, flockID: flock?.0, flockName: flock?.1)
    }

    /// `Created a Web Bug Canarytoken <id>` from the answer.
    static let createdMessage: @Sendable (Reply) -> String = { reply in
        "Created a Web Bug Canarytoken \(reply.json["canarytoken"]?["canarytoken"]?.stringValue ?? "?")"
    }

    /// Every audited route of today's route table.
    static let all: [AuditCase] = [
        AuditCase(path: Paths.create, actionType: "canarytoken_create", prepare: { _ in
            Prepared(parameters: [("memo", "audit me"), ("kind", "http")], message: createdMessage,
                     flockID: "flock:default", flockName: "Default Flock")
        }, failure: [("memo", "audit me"), ("kind", "no-such-kind")]),
        AuditCase(path: Paths.factory, actionType: "canarytoken_create", user: AuditActions.factoryUser, auth: .none,
                  prepare: { _ in
            Prepared(parameters: [("factory_auth", TestConsole.otherFlockFactoryAuth), ("memo", "m"), ("kind", "http")],
                     message: createdMessage, flockID: TestConsole.otherFlock, flockName: "Other Flock")
        }, failure: [("factory_auth", "wrong"), ("memo", "m"), ("kind", "http")]),
        AuditCase(path: Paths.factoryCreate, actionType: "canarytoken_create", user: AuditActions.factoryUser,
                  auth: .none, prepare: { _ in
            Prepared(parameters: [("factory_auth", TestConsole.factoryAuth), ("memo", "m"), ("kind", "http")],
                     message: createdMessage, flockID: "flock:default", flockName: "Default Flock")
        }, failure: [("factory_auth", TestConsole.factoryAuth), ("memo", ""), ("kind", "http")]),
        AuditCase(path: Paths.createFactory, actionType: "canarytoken_factory_create", prepare: { _ in
            fixed("Created a Canarytoken factory", [("memo", "f"), ("flock_id", TestConsole.otherFlock)],
                  flock: (TestConsole.otherFlock, "Other Flock"))
        }, failure: [("memo", "")]),
        AuditCase(path: Paths.deleteFactory, actionType: "canarytoken_factory_delete", prepare: { console in
            fixed("Deleted a Canarytoken factory", [("factory_auth", try console.newFactory())])
        }, failure: [("factory_auth", "no-such-factory")]),
        AuditCase(path: "/api/v1/canarytoken/delete", actionType: "canarytoken_delete", prepare: { console in
            let id = try console.createToken(kind: "http").id
            return fixed("Deleted a Web Bug Canarytoken \(id)", [("canarytoken", id)])
        }, failure: [("canarytoken", "nosuchtoken")]),
        AuditCase(path: "/api/v1/canarytoken/enable", actionType: "canarytoken_enable", prepare: { console in
            let id = try console.createToken(kind: "dns").id
            return fixed("Enabled a DNS Canarytoken \(id)", [("canarytoken", id)])
        }, failure: [("canarytoken", "nosuchtoken")]),
        AuditCase(path: "/api/v1/canarytoken/disable", actionType: "canarytoken_disable", prepare: { console in
            let id = try console.createToken(kind: "http").id
            return fixed("Disabled a Web Bug Canarytoken \(id)", [("canarytoken", id)])
        }, failure: [("canarytoken", "")]),
        AuditCase(path: "/api/v1/canarytoken/update", actionType: "canarytoken_update", prepare: { console in
            let id = try console.createToken(kind: "http").id
            return fixed("Updated the memo of a Web Bug Canarytoken \(id)", [("canarytoken", id), ("memo", "new memo")])
        }, failure: [("canarytoken", "nosuchtoken"), ("memo", "new memo")]),
        AuditCase(path: "/api/v1/flock/create", actionType: "flock_create", prepare: { _ in
            Prepared(parameters: [("name", "Branch Office")], message: { _ in "Created the flock 'Branch Office'" },
                     flockID: nil, flockName: "Branch Office")
        }, failure: [("name", " ")]),
        AuditCase(path: "/api/v1/settings/whitelist_ip_port", actionType: "ignore_list_add", prepare: { _ in
            fixed("Added 10.1.2.3 port 22 to the ignore list", [("src_ip", "10.1.2.3"), ("dst_port", "22")], flock: nil)
        }, failure: [("src_ip", "not-an-address")]),
        AuditCase(path: "/api/v1/settings/whitelisting/remove_whitelist_ip", actionType: "ignore_list_remove",
                  prepare: { console in
            try console.store.addIgnoreEntry(IgnoreEntry(srcIP: "10.1.2.3"))
            return fixed("Removed 10.1.2.3 from the ignore list", [("src_ip", "10.1.2.3")], flock: nil)
        }, failure: [("src_ip", "10.1.2.3"), ("dst_port", "70000")]),
        AuditCase(path: "/api/v1/incident/acknowledge", actionType: "incident_acknowledge", prepare: { console in
            let key = try console.incidents(1).keys[0]
            return fixed("Acknowledged the incident \(key)", [("incident", key)])
        }, failure: [("incident", "incident:nope")]),
        AuditCase(path: "/api/v1/incident/unacknowledge", actionType: "incident_unacknowledge", prepare: { console in
            let key = try console.incidents(1).keys[0]
            return fixed("Unacknowledged the incident \(key)", [("incident", key)])
        }, failure: [("incident", "")]),
        AuditCase(path: "/api/v1/incident/delete", actionType: "incident_delete", prepare: { console in
            let key = try console.incidents(1).keys[0]
            return fixed("Deleted the incident \(key)", [("incident", key)])
        }, failure: [("incident", "incident:nope")]),
        AuditCase(path: "/api/v1/incidents/acknowledge", actionType: "incidents_acknowledge", prepare: { console in
            _ = try console.incidents(2)
            return fixed("Acknowledged 2 incidents", [("flock_id", "flock:default")])
        }, failure: [("src_host", "1.2.3.4"), ("node_id", "x")]),
        AuditCase(path: "/api/v1/incidents/unacknowledge", actionType: "incidents_unacknowledge", prepare: { _ in
            fixed("Unacknowledged 0 incidents", [], flock: nil)
        }, failure: [("older_than", "soon")]),
        AuditCase(path: "/api/v1/incidents/delete", actionType: "incidents_delete", prepare: { console in
            _ = try console.incidents(1)
            return fixed("Deleted 1 incident", [("include_unacknowledged", "true")], flock: nil)
        }, failure: [("src_host", "1.2.3.4"), ("node_id", "x")]),
        AuditCase(path: "/api/v1/settings/generic/add", actionType: "webhook_add", prepare: { _ in
            fixed("Added a generic webhook to http://127.0.0.1:9", [
                ("url", "http://127.0.0.1:9/hook/secret-path?token=s3cret"),
                ("headers", #"{"X-Secret": "header-value"}"#),
            ], flock: nil)
        }, failure: [("url", "ftp://127.0.0.1/")]),
        AuditCase(path: "/api/v1/settings/generic/remove", actionType: "webhook_remove", prepare: { console in
            let target = console.context.webhooks.add(WebhookTarget(url: "http://127.0.0.1:9/hook"))
            return fixed("Removed the generic webhook \(target.id)", [("webhook_id", target.id)], flock: nil)
        }, failure: [("webhook_id", "webhook:999")]),
        AuditCase(path: "/api/v1/audit_trail/purge", actionType: "audit_trail_purge", prepare: { _ in
            fixed("Purged the audit trail up to item 0", [("id", "0")], flock: nil)
        }, failure: [("id", "-1")]),
    ]
}

/// Sends a call as a client on 192.0.2.7 with a browser's headers.
func auditedCall(
    _ console: TestConsole, _ method: HTTPMethod, _ path: String, _ parameters: [(String, String)], auth: Auth,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> Reply {
    var query: [(String, String)] = []
    var headers = [("User-Agent", "audit-test/1.0"), ("Accept-Language", "en-US,en;q=0.9")]
    switch auth {
    case .parameter(let token): query.append(("auth_token", token))
    case .header(let name, let token): headers.append((name, token))
    case .none: break
    }
    var request = method == .delete
        ? Transport.query.request(method, path, query: query, parameters, headers: headers)
        : Transport.form.request(method, path, query: query, parameters, headers: headers)
    request.remoteAddress = "192.0.2.7:50123"
    return try console.send(request, sourceLocation: sourceLocation)
}

@Suite("Audit hook: exactly one item for every change made through the Console API")
struct AuditHookTests {
    /// The Console routes with a method that can change something, as `"METHOD path"`.
    static func mutatingRoutes(_ console: TestConsole) -> [(path: String, method: HTTPMethod)] {
        console.api.routes.filter { !$0.path.hasPrefix("/_mock/") }.flatMap { route in
            route.methods.filter { $0 != .get && $0 != .head }.map { (route.path, $0) }
        }
    }

    @Test("Every POST or DELETE Console route is audited or exempt with a reason, and every audited one has a case")
    func coverage() throws {
        let console = try TestConsole()
        let cases = Set(AuditCase.all.map(\.path))
        for (path, method) in Self.mutatingRoutes(console) {
            let audited = AuditActions.table[path] != nil
            let exempt = AuditActions.exempt[path].map { !$0.isEmpty } ?? false
            #expect(audited != exempt, "\(method.rawValue) \(path): audited \(audited), exempt \(exempt)")
            if audited { #expect(cases.contains(path), "no test case for \(path)") }
        }
        // Only the create routes carry the Console's own word.
        let consoles = Set(AuditActions.table.values.filter(\.consolesWord).map(\.actionType))
        #expect(consoles == ["canarytoken_create"])
        for action in AuditActions.table.values {
            #expect(Formats.matches(action.actionType, "[a-z]+(_[a-z]+)+"), "\(action.actionType)")
        }
    }

    @Test("A successful call writes exactly one item with the expected fields; a failed call writes none",
          arguments: AuditCase.all)
    func oneItem(_ audit: AuditCase) throws {
        let methods = try TestConsole().api.routes.first { $0.path == audit.path }?.methods ?? []
        #expect(!methods.isEmpty, "\(audit.path) is not routed")
        for method in methods where method != .get && method != .head {
            let console = try TestConsole()
            let before = try console.store.auditCount()
            let failed = try auditedCall(console, method, audit.path, audit.failure, auth: audit.auth)
            #expect(failed.status != 200, "\(method.rawValue) \(audit.path) should fail: \(failed.text)")
            #expect(try console.store.auditCount() == before, "a failed \(audit.path) wrote an item")

            let prepared = try audit.prepare(console)
            let start = try console.store.auditCount()
            let reply = try auditedCall(console, method, audit.path, prepared.parameters, auth: audit.auth)
            #expect(reply.status == 200, "\(method.rawValue) \(audit.path): \(reply.text)")
            #expect(try console.store.auditCount() == start + 1, "\(method.rawValue) \(audit.path)")
            let item = try #require(try console.store.auditItems(matching: AuditItem.Filter(), limit: 1).first)
            var flockID = prepared.flockID
            if audit.path == "/api/v1/flock/create" { flockID = reply.json["flock_id"]?.stringValue }
            #expect(item.actionType == audit.actionType)
            #expect(item.message == prepared.message(reply))
            #expect(item.flockID == flockID)
            #expect(item.flockName == prepared.flockName)
            #expect(item.user == audit.user)
            #expect(item.userIP == "192.0.2.7")
            #expect(item.userBrowserAgent == "audit-test/1.0")
            #expect(item.userBrowserLanguage == "en-US,en;q=0.9")
            #expect(item.userAccessRoute == "")
            #expect(item.additionalInformation == nil)
            #expect(item.timeMicros == TestConsole.now)
        }
    }

    @Test("GETs, a POST ping and the webhook test write no item; neither do /_mock/ routes")
    func exempt() throws {
        let console = try TestConsole()
        _ = try console.createToken(kind: "http")
        let start = try console.store.auditCount()
        #expect(start == 1)
        for (method, path) in [
            (HTTPMethod.post, "/api/v1/ping"), (.get, "/api/v1/ping"), (.post, "/api/v1/settings/generic/test"),
            (.get, "/api/v1/canarytokens/fetch"), (.get, "/api/v1/audit_trail/fetch"), (.get, "/api/v1/settings"),
        ] {
            let reply = try auditedCall(console, method, path, [], auth: .parameter(TestConsole.authToken))
            #expect(reply.status == 200, "\(path): \(reply.text)")
        }
        let mock = try console.send(.make(.post, "/_mock/clock", query: [("advance", "0")]))
        #expect(mock.status == 200, "\(mock.text)")
        #expect(try console.store.auditCount() == start)
    }

    @Test("A User-Agent over the bound is cut; a missing one and a missing Accept-Language are empty")
    func boundedHeaders() throws {
        let console = try TestConsole()
        var request = Transport.form.request(
            .post, Paths.create, query: [("auth_token", TestConsole.authToken)], [("memo", "m"), ("kind", "http")],
            headers: [("User-Agent", String(repeating: "a", count: 5_000))])
        request.remoteAddress = "[2001:db8::8]:50124"
        #expect(try console.send(request).status == 200)
        let plain = Transport.form.request(
            .post, Paths.create, query: [("auth_token", TestConsole.authToken)], [("memo", "m"), ("kind", "dns")])
        #expect(try console.send(plain).status == 200)
        let items = try console.store.auditItems(matching: AuditItem.Filter(), limit: 10)
        #expect(items.map(\.userBrowserAgent) == ["", String(repeating: "a", count: AuditTrail.maxAgentLength)])
        #expect(items.map(\.userBrowserLanguage) == ["", ""])
        #expect(items.map(\.userIP) == ["", "2001:db8::8"])
        #expect(items.map(\.id) == [2, 1])
    }

    @Test("A webhook origin never keeps user info, path or query", arguments: [
        ("http://user:pass@hooks.example:8443/services/T0/B0/secret?x=1", "http://hooks.example:8443"),
        ("HTTPS://hooks.example/secret", "https://hooks.example"),
        ("https://a@b@hooks.example#frag", "https://hooks.example"),
        ("ftp://hooks.example/", ""),
        ("no scheme", ""),
    ])
    func origin(_ url: String, _ expected: String) {
        #expect(WebhookURL.origin(of: url) == expected)
    }
}
