import Basics
import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Audit trail: no secret in any item, log line or /_mock/webhooks entry", .serialized)
struct AuditSecretsTests {
    @Test("A session with a factory, its tokens, webhooks with header values, API keys and an incident leaks nothing")
    func session() throws {
        let lines = PThreadLock<[String]>([])
        let base = try TestConsole()
        let context = ConsoleContext(
            store: base.store, configuration: base.configuration, clock: WallClock(source: { TestConsole.now }),
            log: { line in lines.withLock { $0.append(line) } })
        defer { context.webhooks.stop() }
        let api = ConsoleAPI(context: context)
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let closed = try WebhookReceiver.closedPort()
        let headerValue = "hdr-s3cret-value"
        let pathSecret = "path-s3cret"
        let querySecret = "query-s3cret"

        func send(
            _ method: HTTPMethod, _ path: String, _ parameters: [(String, String)], auth: Auth = .header(TestConsole.authToken)
        ) throws -> Reply {
            var query: [(String, String)] = []
            var headers = [("User-Agent", "secrets-test/1.0")]
            switch auth {
            case .parameter(let token): query.append(("auth_token", token))
            case .header(let name, let token): headers.append((name, token))
            case .none: break
            }
            let transport: Transport = method == .delete ? .query : .form
            var request = transport.request(method, path, query: query, parameters, headers: headers)
            request.remoteAddress = "127.0.0.1"
            let reply = try Reply(api.respond(to: request))
            #expect(reply.status == 200, "\(method.rawValue) \(path): \(reply.text)")
            return reply
        }

        let factory = try #require(
            try send(.post, Paths.createFactory, [("memo", "fleet")]).json["factory_auth"]?.stringValue)
        var tokens: [String] = []
        for path in [Paths.factory, Paths.factoryCreate] {
            let reply = try send(.post, path, [("factory_auth", factory), ("memo", "via factory"), ("kind", "http")], auth: .none)
            tokens.append(try #require(reply.json["canarytoken"]?["canarytoken"]?.stringValue))
        }
        let direct = try send(
            .post, Paths.create, [("memo", "direct"), ("kind", "http")], auth: .parameter(TestConsole.secondAuthToken))
        tokens.append(try #require(direct.json["canarytoken"]?["canarytoken"]?.stringValue))
        _ = try send(.post, "/api/v1/settings/generic/add", [
            ("url", receiver.url("/hook")), ("headers", #"{"X-Hook-Secret": "\#(headerValue)"}"#),
        ])
        let closedURL = "http://127.0.0.1:\(closed)/hook/\(pathSecret)?key=\(querySecret)"
        _ = try send(.post, "/api/v1/settings/generic/add", [
            ("url", closedURL), ("headers", #"{"Authorization": "Bearer \#(headerValue)"}"#),
        ])
        let trigger = try Reply(api.respond(to: .make(.post, "/_mock/trigger", form: [
            ("canarytoken", tokens[0]), ("src_ip", "203.0.113.9"),
        ])))
        #expect(trigger.status == 200, "\(trigger.text)")
        let key = try #require(trigger.json["incident"]?["id"]?.stringValue)
        #expect(WebhookReceiver.wait(10) { receiver.requests.count == 1 && context.webhooks.attempts.count >= 2 })
        _ = try send(.post, "/api/v1/incident/acknowledge", [("incident", key)], auth: .parameter(TestConsole.authToken))
        _ = try send(.post, "/api/v1/canarytoken/update", [("canarytoken", tokens[1]), ("memo", "renamed")])
        _ = try send(.post, "/api/v1/settings/generic/remove", [("url", closedURL)])
        _ = try send(.delete, Paths.deleteFactory, [("factory_auth", factory)])
        _ = try send(.post, "/api/v1/settings/whitelist_ip_port", [("src_ip", "198.51.100.1")])

        let trail = try send(.get, "/api/v1/audit_trail/fetch", [], auth: .parameter(TestConsole.authToken))
        let items = trail.json["audit_trail"]?.arrayValue ?? []
        #expect(items.compactMap { $0["action_type"]?.stringValue } == [
            "ignore_list_add", "canarytoken_factory_delete", "webhook_remove", "canarytoken_update",
            "incident_acknowledge", "webhook_add", "webhook_add", "canarytoken_create", "canarytoken_create",
            "canarytoken_create", "canarytoken_factory_create",
        ])
        #expect(items.compactMap { $0["user"]?.stringValue }.filter { $0 == AuditActions.factoryUser }.count == 2)
        let listing = try Reply(api.respond(to: .make(.get, "/_mock/webhooks")))
        #expect(listing.status == 200)
        #expect((listing.json["deliveries"]?.arrayValue ?? []).count >= 2)
        let secrets = [
            factory, TestConsole.factoryAuth, TestConsole.otherFlockFactoryAuth, TestConsole.authToken,
            TestConsole.secondAuthToken, headerValue,
        ]
        let logText = lines.withLock { $0.joined(separator: "\n") }
        // The refused webhook's failures are logged, so the log check below reads real lines.
        #expect(logText.contains("127.0.0.1"), "\(logText)")
        for secret in secrets {
            #expect(!trail.text.contains(secret), "audit trail holds \(secret)")
            #expect(!logText.contains(secret), "log holds \(secret)")
            #expect(!listing.text.contains(secret), "/_mock/webhooks holds \(secret)")
        }
        // A webhook URL's path and query may be its credential: the trail and the log keep only scheme, host and
        // port (the test's own /_mock/webhooks listing shows the URL, as it shows every attempt's body).
        for secret in [pathSecret, querySecret] {
            #expect(!trail.text.contains(secret), "audit trail holds \(secret)")
            #expect(!logText.contains(secret), "log holds \(secret)")
        }
        #expect(items.first { $0["action_type"] == "webhook_remove" }?["message"]
            == .string("Removed the generic webhooks to http://127.0.0.1:\(closed)"))
    }
}
