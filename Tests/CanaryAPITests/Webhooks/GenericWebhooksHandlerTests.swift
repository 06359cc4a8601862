import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Webhooks: settings/generic/*, reset and the configuration (docs/webhooks.md)", .serialized)
struct GenericWebhooksHandlerTests {
    static let configured: JSONValue = [
        ["url": "http://receiver:9000/a", "headers": ["Authorization": "Bearer configured-secret"], "flock_id": "flock:default"],
        ["url": "http://receiver:9000/b", "format": "splunk"],
    ]

    @Test("add, list (header names only), remove by id or URL; reset forgets added ones and keeps configured ones")
    func lifecycle() throws {
        let console = try ControlConsole(["webhooks": Self.configured])
        defer { console.context.webhooks.stop() }
        let send = { (method: HTTPMethod, path: String, form: [(String, String)]?) throws -> Reply in
            try console.send(.make(method, path, query: [("auth_token", TestConsole.authToken)], form: form))
        }
        let added = try send(.post, "/api/v1/settings/generic/add", [
            ("url", "http://127.0.0.1:9/hook"), ("headers", #"{"X-Token": "added-secret", "X-Other": "v"}"#),
        ])
        #expect(added.status == 200)
        #expect(added.json == ["result": "success", "webhook": "http://127.0.0.1:9/hook"])
        let list = try send(.get, "/api/v1/settings/generic/list", nil)
        #expect(list.json == [
            "generic_webhooks": [
                ["header_names": ["Authorization"], "url": "http://receiver:9000/a", "webhook_id": "config:1"],
                ["header_names": [], "url": "http://receiver:9000/b", "webhook_id": "config:2"],
                ["header_names": ["X-Other", "X-Token"], "url": "http://127.0.0.1:9/hook", "webhook_id": "webhook:1"],
            ],
            "result": "success",
            "webhooks_enabled": true,
        ])
        #expect(!list.text.contains("secret"))
        #expect(try send(.post, "/api/v1/settings/generic/remove", [("webhook_id", "config:2")]).json == ["result": "success"])
        #expect(try send(.post, "/api/v1/settings/generic/remove", [("url", "http://127.0.0.1:9/hook")]).status == 200)
        let unknown = try send(.post, "/api/v1/settings/generic/remove", [("webhook_id", "webhook:1")])
        #expect(unknown.status == 400)
        #expect(unknown.message == "Parameter webhook_id was invalid.")
        #expect(console.context.webhooks.targets.map(\.id) == ["config:1"])
        _ = try send(.post, "/api/v1/settings/generic/add", [("url", "http://127.0.0.1:9/second")])
        #expect(try console.control(.post, "/_mock/reset").status == 200)
        let after = console.context.webhooks.targets
        #expect(after.map(\.id) == ["config:1", "config:2"])
        #expect(after.map(\.url) == ["http://receiver:9000/a", "http://receiver:9000/b"])
        #expect(after.first?.headers.map(\.value) == ["Bearer configured-secret"])
        #expect(after.first?.flockID == "flock:default")
        #expect(after.last?.format == .splunk)
    }

    @Test("add refuses a bad url or headers; every route needs the API key",
          arguments: [
            ([("url", "ftp://x/")], "Parameter url was invalid."),
            ([("headers", "{}")], "Parameter url was invalid."),
            ([("url", "http://h/"), ("headers", "[1]")], "Parameter headers was invalid."),
            ([("url", "http://h/"), ("headers", #"{"Bad Name": "v"}"#)], "Parameter headers was invalid."),
            ([("url", "http://h/"), ("headers", #"{"X": "a\r\nb"}"#)], "Parameter headers was invalid."),
            ([("url", "http://h/"), ("headers", #"{"X": 1}"#)], "Parameter headers was invalid."),
          ])
    func badAdd(_ form: [(String, String)], _ message: String) throws {
        let console = try TestConsole()
        let reply = try console.call(.post, "/api/v1/settings/generic/add", form)
        #expect(reply.status == 400)
        #expect(reply.message == message)
        #expect(console.context.webhooks.targets.isEmpty)
        for (method, path) in [(HTTPMethod.get, "list"), (.post, "add"), (.post, "remove"), (.post, "test")] {
            let unauthenticated = try console.call(method, "/api/v1/settings/generic/\(path)", [], auth: .none)
            #expect(unauthenticated.status == 401)
        }
    }

    @Test("settings/generic/test posts the test payload to a live receiver, in each webhook's format")
    func testPayload() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let console = try ControlConsole(["webhooks": [
            ["url": .string(receiver.url("/generic"))], ["url": .string(receiver.url("/splunk")), "format": "splunk"],
        ]])
        defer { console.context.webhooks.stop() }
        let reply = try console.send(.make(.post, "/api/v1/settings/generic/test", query: [("auth_token", TestConsole.authToken)]))
        #expect(reply.json == ["result": "success"])
        #expect(WebhookReceiver.wait(5) { receiver.requests.count == 2 })
        let byTarget = Dictionary(receiver.requests.map { ($0.target, $0.json) }) { first, _ in first }
        #expect(byTarget["/generic"] == WebhookBody.test(nowMicros: TestConsole.now, format: .generic))
        #expect(byTarget["/generic"]?["LogType"] == 111111)
        #expect(byTarget["/splunk"]?["sourcetype"] == "canary_test_connection")
    }

    @Test("The config file: webhooks and webhook_triggered_type are read; each bad entry is one line naming the key",
          arguments: [
            (#"{"webhooks": [{"url": "receiver"}]}"#, #"key "webhooks[0].url": must be an http:// URL such as http://receiver:9000/hook, got "receiver""#),
            (#"{"webhooks": [{}]}"#, #"key "webhooks[0].url": is required"#),
            (#"{"webhooks": [{"url": "http://r/", "format": "xml"}]}"#, #"key "webhooks[0].format": must be "generic" or "splunk", got "xml""#),
            (#"{"webhooks": [{"url": "http://r/", "headers": {"X": 1}}]}"#, #"key "webhooks[0].headers": must map header names to header values"#),
            (#"{"webhooks": [{"url": "http://r/", "secret": "x"}]}"#, #"unknown key "webhooks[0].secret""#),
            (#"{"webhook_triggered_type": "number"}"#, #"key "webhook_triggered_type": must be "string" or "int", got "number""#),
          ])
    func configurationErrors(_ json: String, _ fragment: String) {
        do {
            _ = try ConfigurationLoader.load(
                arguments: ["--config", "cfg.json"], environment: [:], readFile: { _ in Array(json.utf8) })
            Issue.record("accepted \(json)")
        } catch {
            #expect("\(error)".contains(fragment), "\(error)")
        }
    }

    @Test("The config file's values")
    func configurationValues() throws {
        let console = try TestConsole(["webhooks": Self.configured, "webhook_triggered_type": "int"])
        #expect(console.configuration.webhookTriggeredType == .int)
        #expect(console.configuration.webhooks.map(\.url) == ["http://receiver:9000/a", "http://receiver:9000/b"])
        #expect(try TestConsole().configuration.webhookTriggeredType == .string)
        #expect(try TestConsole().configuration.webhooks.isEmpty)
    }
}
