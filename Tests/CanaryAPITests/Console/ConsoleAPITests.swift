import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("ConsoleAPI: routes, unknown paths, wrong methods and error_status")
struct ConsoleAPITests {
    @Test("Serves exactly the routes of docs/api.md §3 and §6 and the mock's health route")
    func routes() throws {
        let console = try TestConsole()
        let table = console.api.routes.map { "\($0.path) \($0.methods.map(\.rawValue).joined(separator: ","))" }
        #expect(
            table == [
                "/_mock/alert POST",
                "/_mock/clock DELETE,GET,POST",
                "/_mock/devices GET,POST",
                "/_mock/devices/<node_id> POST",
                "/_mock/faults DELETE,GET,POST",
                "/_mock/health GET",
                "/_mock/requests DELETE,GET",
                "/_mock/reset POST",
                "/_mock/state GET",
                "/_mock/trigger POST",
                "/_mock/webhooks DELETE,GET",
                "/api/v1/audit_trail/fetch GET",
                "/api/v1/audit_trail/purge POST",
                "/api/v1/canarytoken/create POST",
                "/api/v1/canarytoken/create_factory POST",
                "/api/v1/canarytoken/delete POST",
                "/api/v1/canarytoken/delete_factory DELETE",
                "/api/v1/canarytoken/disable POST",
                "/api/v1/canarytoken/download GET",
                "/api/v1/canarytoken/enable POST",
                "/api/v1/canarytoken/factory POST",
                "/api/v1/canarytoken/factory/create POST",
                "/api/v1/canarytoken/factory/download GET",
                "/api/v1/canarytoken/fetch GET",
                "/api/v1/canarytoken/list_factories GET",
                "/api/v1/canarytoken/update POST",
                "/api/v1/canarytokens/factory/list GET",
                "/api/v1/canarytokens/fetch GET",
                "/api/v1/canarytokens/list GET",
                "/api/v1/canarytokens/paginate GET",
                "/api/v1/canarytokens/search GET",
                "/api/v1/device/getinfo GET",
                "/api/v1/device/info GET",
                "/api/v1/devices/all GET",
                "/api/v1/devices/dead GET",
                "/api/v1/devices/live GET",
                "/api/v1/flock/create POST",
                "/api/v1/flock/fetch GET",
                "/api/v1/flocks/filter GET",
                "/api/v1/flocks/list GET",
                "/api/v1/flocks/summary GET",
                "/api/v1/incident/acknowledge POST",
                "/api/v1/incident/delete DELETE,POST",
                "/api/v1/incident/fetch GET",
                "/api/v1/incident/unacknowledge POST",
                "/api/v1/incidents/acknowledge POST",
                "/api/v1/incidents/acknowledged GET",
                "/api/v1/incidents/all GET",
                "/api/v1/incidents/delete DELETE,POST",
                "/api/v1/incidents/search GET",
                "/api/v1/incidents/unacknowledge POST",
                "/api/v1/incidents/unacknowledged GET",
                "/api/v1/ping GET,POST",
                "/api/v1/settings GET",
                "/api/v1/settings/generic/add POST",
                "/api/v1/settings/generic/list GET",
                "/api/v1/settings/generic/remove POST",
                "/api/v1/settings/generic/test POST",
                "/api/v1/settings/is_ip_ignored GET",
                "/api/v1/settings/is_ip_whitelisted GET",
                "/api/v1/settings/whitelist_ip_port POST",
                "/api/v1/settings/whitelisting/remove_whitelist_ip POST",
            ])
    }

    @Test(
        "Answers an unknown path with 404 JSON",
        arguments: [
            "/", "/api/v1", "/api/v1/", "/api/v1/ping/", "/api/v1/Ping", "/api/v2/ping", "/api/v1/canarytoken/create/",
            "/api/v1/canarytokens/fetch/", "/api/v1/canarytoken/delete_token", "/API/V1/PING", "/api/v1/canarytoken/factory/",
            "/api//v1/ping", "/api/v1/ping%20",
        ])
    func unknownPath(path: String) throws {
        let console = try TestConsole()
        for method in [HTTPMethod.get, .post, .delete] {
            let reply = try console.send(.make(method, path, query: [("auth_token", TestConsole.authToken)]))
            expectError(reply, "Not Found", status: 404)
        }
    }

    @Test(
        "Answers a known path with a wrong method with 405 JSON and Allow",
        arguments: [
            (HTTPMethod.get, Paths.create, "POST"), (.put, Paths.create, "POST"), (.delete, Paths.create, "POST"),
            (.post, Paths.fetch, "GET, HEAD"), (.delete, Paths.fetch, "GET, HEAD"),
            (.get, Paths.createFactory, "POST"), (.post, Paths.deleteFactory, "DELETE"), (.get, Paths.deleteFactory, "DELETE"),
            (.get, Paths.factory, "POST"), (.delete, Paths.factoryCreate, "POST"), (.put, Paths.ping, "GET, HEAD, POST"),
            (.patch, Paths.ping, "GET, HEAD, POST"), ("get", Paths.ping, "GET, HEAD, POST"),
        ] as [(HTTPMethod, String, String)])
    func wrongMethod(method: HTTPMethod, path: String, allow: String) throws {
        let console = try TestConsole()
        let reply = try console.send(.make(method, path, query: [("auth_token", TestConsole.authToken)]))
        expectError(reply, "Method Not Allowed", status: 405)
        #expect(reply.response.headers["Allow"] == allow)
    }

    @Test("A wrong method changes nothing")
    func wrongMethodNoWrite() throws {
        let console = try TestConsole()
        _ = try console.call(.get, Paths.create, [("memo", "m"), ("kind", "dns")], via: .query)
        _ = try console.call(.get, Paths.createFactory, [("memo", "m")], via: .query)
        #expect(try console.store.tokenCount() == 0)
        #expect(try console.store.factories(includeDeleted: true).count == 2)
    }

    // MARK: - error_status

    /// Requests that fail, one per error class, with their status under `error_status: "http"`.
    static let failing: [(String, HTTPMethod, String, [Pair], Auth, Int)] = [
        ("invalid auth_token", .get, Paths.ping, [], .parameter("wrong"), 401),
        ("unauthorized header", .get, Paths.ping, [], .header("wrong"), 401),
        ("empty memo", .post, Paths.create, [.init("kind", "dns")], .parameter(TestConsole.authToken), 400),
        ("invalid kind", .post, Paths.create, [.init("memo", "m")], .parameter(TestConsole.authToken), 400),
        ("no flock", .post, Paths.create, [.init("memo", "m"), .init("kind", "dns"), .init("flock_id", TestConsole.unknownFlock)],
         .parameter(TestConsole.authToken), 400),
        ("cloned_web labels", .post, Paths.create, [.init("memo", "m"), .init("kind", "cloned-web"), .init("cloned_web", "x")],
         .parameter(TestConsole.authToken), 400),
        ("token not found", .get, Paths.fetch, [.init("canarytoken", "nope")], .parameter(TestConsole.authToken), 404),
        ("factory not found", .delete, Paths.deleteFactory, [.init("factory_auth", "nope")], .parameter(TestConsole.authToken), 404),
        ("delete without factory_auth", .delete, Paths.deleteFactory, [], .parameter(TestConsole.authToken), 400),
        ("invalid factory_auth", .post, Paths.factory, [.init("factory_auth", "nope")], .none, 401),
        ("unknown route", .get, "/api/v1/nothing", [], .parameter(TestConsole.authToken), 404),
        ("wrong method", .get, Paths.create, [], .parameter(TestConsole.authToken), 405),
    ]

    @Test("error_status \"200\" answers every error with status 200 and the same body and headers")
    func errorStatus200() throws {
        let http = try TestConsole()
        let always200 = try TestConsole(["error_status": "200"])
        #expect(always200.configuration.errorStatus == .always200)
        for (name, method, path, parameters, auth, status) in Self.failing {
            let normal = try http.call(method, path, parameters.map(\.tuple), via: .query, auth: auth)
            let flat = try always200.call(method, path, parameters.map(\.tuple), via: .query, auth: auth)
            #expect(normal.status == status, "\(name)")
            #expect(flat.status == 200, "\(name)")
            #expect(flat.response.status.reason == "OK", "\(name)")
            #expect(flat.text == normal.text, "\(name)")
            #expect(flat.json["result"] == "error", "\(name)")
            #expect(flat.response.headers["Allow"] == normal.response.headers["Allow"], "\(name)")
        }
        // Successes are unchanged.
        #expect(try always200.createToken(kind: "dns").token["kind"] == "dns")
    }

    @Test("error_status \"200\" also covers undecodable parameters and over-limit bodies")
    func errorStatus200Parameters() throws {
        let console = try TestConsole(["error_status": "200"])
        let bad = try console.send(.make(.post, "\(Paths.create)?auth_token=\(TestConsole.authToken)&memo=%FF"))
        #expect(bad.status == 200)
        #expect(bad.message == Message.badParameters)
        let many = try console.create([("memo", "m"), ("kind", "dns")] + (0..<1_001).map { ("p\($0)", "v") })
        #expect(many.status == 200)
        #expect(many.message == Message.badParameters)
    }

    @Test("error_status \"http\" is the default")
    func errorStatusDefault() throws {
        let console = try TestConsole(["error_status": "http"])
        #expect(console.configuration.errorStatus == .http)
        #expect(try TestConsole().configuration.errorStatus == .http)
        expectError(try console.create([("kind", "dns")]), Message.emptyMemo, status: 400)
    }
}
