import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Control API: POST /_mock/trigger")
struct ControlTriggerTests {
    /// `POST /_mock/trigger` with form fields.
    static func trigger(
        _ console: ControlConsole, _ form: [(String, String)], admin: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Reply {
        try console.control(.post, "/_mock/trigger", form: form, admin: admin, sourceLocation: sourceLocation)
    }

    @Test("A trigger answers the incident as incident/fetch shows it, recorded and committed")
    func recorded() throws {
        let console = try ControlConsole()
        let id = try console.createToken(kind: "http", memo: "wiki page")
        let reply = try Self.trigger(console, [
            ("canarytoken", id), ("src_ip", "203.0.113.7"), ("src_port", "51000"), ("user_agent", "Mozilla/5.0"),
            ("headers", #"{"Accept": "*/*"}"#), ("extra", #"{"request_args": {"q": "1"}}"#),
        ])
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply.json["result"] == "success")
        let incident = try #require(reply.json["incident"])
        let key = try #require(incident["id"]?.stringValue)
        let stored = try #require(try console.store.incident(key: key))
        #expect(incident == (try IncidentJSON.flat(stored, context: console.context)))
        #expect(incident["description"] == "Canarytoken triggered")
        #expect(incident["acknowledged"] == "False")
        #expect(incident["events_count"] == "1")
        #expect(incident["logtype"] == "17000")
        #expect(incident["memo"] == "wiki page")
        #expect(incident["node_id"] == .string(id))
        #expect(incident["src_host"] == "203.0.113.7")
        #expect(incident["created"] == .string(String(TestConsole.now / 1_000_000)))
        let event = try #require(incident["events"]?[0])
        #expect(event["headers"] == ["Accept": "*/*", "User-Agent": "Mozilla/5.0"])
        #expect(event["request_args"] == ["q": "1"])
        #expect(event["src_host"] == "203.0.113.7")
        #expect(event["type"] == "http")
        #expect(event["dst_port"] == 80)
        #expect(try console.store.token(id)?.triggeredCount == 1)
    }

    @Test("count records that many events in one incident; time dates them; a DNS token's event has its host name")
    func countTimeAndChannel() throws {
        let console = try ControlConsole()
        let id = try console.createToken(kind: "dns")
        let reply = try Self.trigger(console, [("canarytoken", id), ("count", "3"), ("time", "1577836800.5")])
        #expect(reply.status == 200, "\(reply.text)")
        let incident = try #require(reply.json["incident"])
        #expect(incident["events_count"] == "3")
        #expect(incident["events_list"] == "1577836800,1577836800,1577836800")
        #expect(incident["created"] == "1577836800")
        #expect(incident["logtype"] == "16000")
        #expect(incident["id"]?.stringValue?.hasSuffix("::1577836800") == true)
        let hostname = try #require(try console.store.token(id)?.hostname)
        #expect(incident["events"]?[0]?["hostname"] == .string(hostname))
        #expect(try console.store.token(id)?.triggeredCount == 3)
        // A channel named by the caller: this time over HTTP, so the key carries the source IP.
        let http = try Self.trigger(console, [("canarytoken", id), ("channel", "http"), ("src_ip", "10.0.0.9")])
        #expect(http.json["incident"]?["id"]?.stringValue?.contains(":10.0.0.9:") == true)
        #expect(http.json["incident"]?["events"]?[0]?["dst_port"] == 80)
    }

    @Test("A JSON body works too, with headers and extra as objects; the source defaults to the caller")
    func jsonBody() throws {
        let console = try ControlConsole()
        let id = try console.createToken(kind: "aws-id")
        var request = HTTPRequest.json(.post, "/_mock/trigger", [
            "canarytoken": .string(id), "extra": ["event_name": "GetCallerIdentity"],
        ])
        // As MiniHTTP reports the peer: address and port; the source is the address alone.
        request.remoteAddress = "192.0.2.44:40000"
        let reply = try console.send(request)
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply.json["incident"]?["src_host"] == "192.0.2.44")
        #expect(reply.json["incident"]?["id"]?.stringValue?.contains(":192.0.2.44:") == true)
        // A second call from another port of the same address joins the incident.
        request.remoteAddress = "192.0.2.44:40001"
        #expect(try console.send(request).json["incident"]?["events_count"] == "2")
        request.remoteAddress = "[2001:db8::7]:40002"
        let v6 = try console.send(request)
        #expect(v6.status == 200, "\(v6.text)")
        #expect(v6.json["incident"]?["src_host"] == "2001:db8::7")
        #expect(reply.json["incident"]?["logtype"] == "17012")
        #expect(reply.json["incident"]?["events"]?[0]?["event_name"] == "GetCallerIdentity")
    }

    @Test("Unknown and disabled tokens and malformed fields are errors, and nothing is recorded")
    func refused() throws {
        let console = try ControlConsole()
        let id = try console.createToken(kind: "http")
        let disabled = try console.createToken(kind: "http")
        _ = try console.send(.make(
            .post, "/api/v1/canarytoken/disable", query: [("auth_token", TestConsole.authToken)],
            form: [("canarytoken", disabled)]))
        expectError(try Self.trigger(console, [("canarytoken", "zzzzzzzzzzzzzzzzzzzzzzzzz")]),
                    "Could not find the Canarytoken", status: 404)
        expectError(try Self.trigger(console, [("canarytoken", disabled)]),
                    "The token is disabled: a disabled token records nothing. Enable it first.", status: 400)
        let cases: [([(String, String)], String)] = [
            ([], "canarytoken is required."),
            ([("canarytoken", id), ("src_ip", "not-an-ip")], "src_ip must be an IPv4 or IPv6 address such as 10.0.0.1."),
            ([("canarytoken", id), ("channel", "smtp")], "channel must be http, dns or aws."),
            ([("canarytoken", id), ("headers", "[1]")], "headers must be a JSON object."),
            ([("canarytoken", id), ("headers", #"{"A": 1}"#)],
             "headers must be a JSON object of strings; A is not a string."),
            ([("canarytoken", id), ("extra", "{")], "extra must be a JSON object."),
            ([("canarytoken", id), ("colour", "red")], ""),
        ]
        for (form, message) in cases {
            let reply = try Self.trigger(console, form)
            #expect(reply.status == 400, "\(form): \(reply.text)")
            if !message.isEmpty { expectError(reply, message, status: 400) }
        }
        for (name, value) in [("count", "0"), ("count", "1001"), ("src_port", "65536"), ("time", "-1")] {
            #expect(try Self.trigger(console, [("canarytoken", id), (name, value)]).status == 400, "\(name)=\(value)")
        }
        #expect(try console.store.incidentCount() == 0)
        #expect(try console.store.token(id)?.triggeredCount == 0)
    }

    @Test("With admin_token the trigger needs the header")
    func adminToken() throws {
        let console = try ControlConsole(["admin_token": .string(ControlConsole.adminToken)])
        let id = try console.createToken(kind: "http")
        expectError(try Self.trigger(console, [("canarytoken", id)]), "Invalid admin token", status: 401)
        #expect(try console.store.incidentCount() == 0)
        #expect(try Self.trigger(console, [("canarytoken", id)], admin: ControlConsole.adminToken).status == 200)
        #expect(try console.store.incidentCount() == 1)
    }
}
