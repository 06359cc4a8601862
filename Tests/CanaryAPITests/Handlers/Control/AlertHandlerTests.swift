import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// `POST /_mock/alert` (docs/api.md §7.5 "Bird alerts", docs/bird-incidents.md) and bird incidents in the Console's
/// incident endpoints.
@Suite("Control API: POST /_mock/alert and bird incidents")
struct AlertHandlerTests {
    /// `POST /_mock/alert` with form fields.
    static func alert(
        _ console: ControlConsole, _ form: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Reply {
        try console.control(.post, "/_mock/alert", form: form, sourceLocation: sourceLocation)
    }

    /// A Console API call with the auth token.
    static func api(
        _ console: ControlConsole, _ method: HTTPMethod, _ path: String, _ parameters: [(String, String)] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Reply {
        let query = [("auth_token", TestConsole.authToken)] + (method == .get ? parameters : [])
        return try console.send(
            .make(method, path, query: query, form: method == .get ? nil : parameters), sourceLocation: sourceLocation)
    }

    static let seconds = TestConsole.now / 1_000_000

    /// The flat form of the test bird's SSH incident from 203.0.113.7:53804 with `USERNAME` azureuser.
    static func expectedSSH(key: String) -> JSONValue {
        [
            "acknowledged": "False", "created": .string(String(seconds)),
            "created_std": "2020-04-06 08:21:55 UTC+0000", "description": "SSH Login Attempt",
            "dst_host": "192.168.1.2", "dst_host_public_ip": "", "dst_port": "22",
            "events": [[
                "LOCALVERSION": "SSH-2.0-OpenSSH_5.1p1 Debian-4", "PASSWORD": "test",
                "REMOTEVERSION": "SSH-2.0-libssh2_1.10.0", "USERNAME": "azureuser", "timestamp": .int(Int(seconds)),
                "timestamp_std": "2020-04-06 08:21:55 UTC+0000",
            ]],
            "events_count": "1", "events_list": .string(String(seconds)), "flock_id": "flock:default",
            "flock_name": "Default Flock", "id": .string(key), "ip_address": "", "ippers": "",
            "local_time": "2020-04-06 08:21:55", "logtype": "4002", "mac_address": "", "matched_annotations": [:],
            "name": "canary", "node_id": .string(BirdSupport.nodeID), "notified": "False", "src_host": "203.0.113.7",
            "src_host_reverse": "", "src_port": "53804",
        ]
    }

    @Test("An alert answers the bird incident's exact flat form, recorded and committed")
    func recorded() throws {
        let console = try ControlConsole()
        try BirdSupport.put(console.store)
        let reply = try Self.alert(console, [
            ("node_id", BirdSupport.nodeID.uppercased()), ("logtype", "4002"), ("src_ip", "203.0.113.7"),
            ("src_port", "53804"), ("extra", #"{"USERNAME": "azureuser", "PASSWORD": "test"}"#),
        ])
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply.json["result"] == "success")
        let key = "incident:sshlogin:\(BirdSupport.hash):203.0.113.7:\(Self.seconds)"
        #expect(reply.json["incident"] == Self.expectedSSH(key: key))
        let stored = try #require(try console.store.incident(key: key))
        #expect(reply.json["incident"] == (try IncidentJSON.flat(stored, context: console.context)))
    }

    @Test("A JSON body: the source defaults to the caller, logtype may be a number, count and time; a sourceless logtype drops the source")
    func jsonBody() throws {
        let console = try ControlConsole()
        try BirdSupport.put(console.store)
        var request = HTTPRequest.json(.post, "/_mock/alert", [
            "node_id": .string(BirdSupport.nodeID), "logtype": 2000, "count": 3, "time": 1577836800.5,
            "dst_port": 2121,
        ])
        request.remoteAddress = "192.0.2.44:40000"
        let reply = try console.send(request)
        #expect(reply.status == 200, "\(reply.text)")
        let incident = try #require(reply.json["incident"])
        #expect(incident["id"] == .string("incident:ftplogin:\(BirdSupport.hash):192.0.2.44:1577836800"))
        #expect(incident["src_host"] == "192.0.2.44" && incident["src_port"] == "40000")
        #expect(incident["dst_port"] == "2121")
        #expect(incident["events_count"] == "3" && incident["events_list"] == "1577836800,1577836800,1577836800")
        #expect(incident["events"]?[0] == [
            "USERNAME": "admin", "PASSWORD": "admin123", "timestamp": 1_577_836_800,
            "timestamp_std": "2020-01-01 00:00:00 UTC+0000",
        ])
        let tampering = try Self.alert(console, [
            ("node_id", BirdSupport.nodeID), ("logtype", "30001"), ("src_ip", "10.0.0.1"), ("src_port", "5"),
        ])
        #expect(tampering.json["incident"]?["id"] == .string("incident:canaryviolation:\(BirdSupport.hash)::\(Self.seconds)"))
        #expect(tampering.json["incident"]?["src_host"] == "" && tampering.json["incident"]?["src_port"] == "-1")
        #expect(tampering.json["incident"]?["dst_port"] == "-1")
        #expect(tampering.json["incident"]?["description"] == "Local Tampering Detected")
    }

    @Test("Missing or malformed fields, an unknown logtype, an unknown bird (404) and a dead bird are errors; nothing is recorded")
    func refused() throws {
        let console = try ControlConsole()
        try BirdSupport.put(console.store)
        try BirdSupport.put(console.store, BirdSupport.device(nodeID: "00000000000000de", hash: String(repeating: "d", count: 24), live: false))
        let id = BirdSupport.nodeID
        let cases: [([(String, String)], String)] = [
            ([("logtype", "4002")], "node_id is required."),
            ([("node_id", id)], "logtype is required."),
            ([("node_id", id), ("logtype", "9999")],
             "logtype 9999 is not a bird logtype: use a code of the table in docs/bird-incidents.md, such as 4002."),
            ([("node_id", id), ("logtype", "4002"), ("src_ip", "not-an-ip")],
             "src_ip must be an IPv4 or IPv6 address such as 10.0.0.1."),
            ([("node_id", id), ("logtype", "4002"), ("extra", "[1]")], "extra must be a JSON object."),
            ([("node_id", "00000000000000de"), ("logtype", "4002")], "bird 00000000000000de is dead"),
            ([("node_id", id), ("logtype", "4002"), ("colour", "red")], ""),
        ]
        for (form, message) in cases {
            let reply = try Self.alert(console, form)
            #expect(reply.status == 400, "\(form): \(reply.text)")
            if !message.isEmpty { expectError(reply, message, status: 400) }
        }
        for (name, value) in [("count", "0"), ("count", "1001"), ("src_port", "65536"), ("dst_port", "-2"), ("time", "-1")] {
            #expect(try Self.alert(console, [("node_id", id), ("logtype", "4002"), (name, value)]).status == 400, "\(name)")
        }
        expectError(try Self.alert(console, [("node_id", "ffffffffffffffff"), ("logtype", "4002")]),
                    "Device not found", status: 404)
        #expect(try console.store.incidentCount() == 0)
    }

    @Test("A source on the ignore list for the alert's service port answers a null incident; another port alerts")
    func ignored() throws {
        let console = try ControlConsole()
        try BirdSupport.put(console.store)
        let added = try Self.api(console, .post, "/api/v1/settings/whitelist_ip_port", [("src_ip", "10.0.0.9"), ("dst_port", "22")])
        #expect(added.status == 200, "\(added.text)")
        let ignored = try Self.alert(console, [("node_id", BirdSupport.nodeID), ("logtype", "4002"), ("src_ip", "10.0.0.9")])
        #expect(ignored.status == 200 && ignored.json == ["incident": nil, "result": "success"], "\(ignored.text)")
        #expect(try console.store.incidentCount() == 0)
        let other = try Self.alert(console, [
            ("node_id", BirdSupport.nodeID), ("logtype", "4002"), ("src_ip", "10.0.0.9"), ("dst_port", "2222"),
        ])
        #expect(other.json["incident"]?["dst_port"] == "2222")
        #expect(try console.store.incidentCount() == 1)
    }

    @Test("A bird incident is in the feeds (filtered by node_id), fetch, search, acknowledge and delete like any other")
    func endpoints() throws {
        let console = try ControlConsole()
        try BirdSupport.put(console.store)
        _ = try console.createToken(kind: "http")
        let token = try console.createToken(kind: "http")
        _ = try console.control(.post, "/_mock/trigger", form: [("canarytoken", token), ("src_ip", "203.0.113.7")])
        let reply = try Self.alert(console, [
            ("node_id", BirdSupport.nodeID), ("logtype", "4002"), ("src_ip", "203.0.113.7"), ("src_port", "53804"),
            ("extra", #"{"USERNAME": "azureuser", "PASSWORD": "test"}"#),
        ])
        let key = try #require(reply.json["incident"]?["id"]?.stringValue)
        let stored = try #require(try console.store.incident(key: key))

        let feed = try Self.api(console, .get, "/api/v1/incidents/unacknowledged", [("node_id", BirdSupport.nodeID)])
        #expect(feed.status == 200, "\(feed.text)")
        let items = try #require(feed.json["incidents"]?.arrayValue)
        #expect(items.count == 1)
        var description = Self.expectedSSH(key: key).objectValue ?? [:]
        description["id"] = nil
        #expect(items.first == [
            "description": .object(description), "hash_id": .string(stored.hashID), "id": .string(key),
            "summary": "SSH Login Attempt", "updated": "Mon, 06 Apr 2020 08:21:55 GMT", "updated_id": 2,
            "updated_std": "2020-04-06 08:21:55 UTC+0000", "updated_time": .string(String(Self.seconds)),
        ])
        let all = try Self.api(console, .get, "/api/v1/incidents/all")
        #expect(all.json["incidents"]?.arrayValue?.count == 2)

        let fetched = try Self.api(console, .get, "/api/v1/incident/fetch", [("incident", key)])
        #expect(fetched.json["incident"] == Self.expectedSSH(key: key), "\(fetched.text)")
        let byHash = try Self.api(console, .get, "/api/v1/incident/fetch", [("hash_id", stored.hashID)])
        #expect(byHash.json["incident"]?["id"] == .string(key))

        let search = try Self.api(console, .get, "/api/v1/incidents/search", [("filter_str", "azureuser")])
        #expect(search.json["incidents"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [key], "\(search.text)")

        let ack = try Self.api(console, .post, "/api/v1/incident/acknowledge", [("incident", key)])
        #expect(ack.json == ["action": "acknowledged", "key": .string(key), "result": "success"], "\(ack.text)")
        let acknowledged = try Self.api(console, .get, "/api/v1/incidents/acknowledged", [("node_id", BirdSupport.nodeID)])
        #expect(acknowledged.json["incidents"]?[0]?["description"]?["acknowledged"] == "True")
        #expect(try console.store.unacknowledgedIncidentKeys(nodeID: BirdSupport.nodeID).isEmpty)

        let deleted = try Self.api(console, .post, "/api/v1/incidents/delete", [("node_id", BirdSupport.nodeID)])
        #expect(deleted.json["keys"] == [.string(key)], "\(deleted.text)")
        #expect(try console.store.incident(key: key) == nil)
        #expect(try console.store.incidentCount() == 1)
    }

    @Test("A dying bird's Canary Disconnected incident: key devicedied with no source, event {} with its timestamps")
    func disconnected() throws {
        let console = try ControlConsole()
        let device = try BirdSupport.put(console.store)
        let incident = try #require(try BirdIncidents.deviceDied(device, context: console.context))
        let key = "incident:devicedied:\(BirdSupport.hash)::\(Self.seconds)"
        #expect(incident.key == key)
        let flat = try IncidentJSON.flat(try #require(try console.store.incident(key: key)), context: console.context)
        #expect(flat == [
            "acknowledged": "False", "created": .string(String(Self.seconds)),
            "created_std": "2020-04-06 08:21:55 UTC+0000", "description": "Canary Disconnected",
            "dst_host": "192.168.1.2", "dst_host_public_ip": "", "dst_port": "-1",
            "events": [["timestamp": .int(Int(Self.seconds)), "timestamp_std": "2020-04-06 08:21:55 UTC+0000"]],
            "events_count": "1", "events_list": .string(String(Self.seconds)), "flock_id": "flock:default",
            "flock_name": "Default Flock", "id": .string(key), "ip_address": "", "ippers": "",
            "local_time": "2020-04-06 08:21:55", "logtype": "1004", "mac_address": "", "matched_annotations": [:],
            "name": "canary", "node_id": .string(BirdSupport.nodeID), "notified": "False", "src_host": "",
            "src_host_reverse": "", "src_port": "-1",
        ])
        // A bird that no longer exists records nothing.
        #expect(try BirdIncidents.deviceDied(BirdSupport.device(nodeID: "ffffffffffffffff"), context: console.context) == nil)
    }

    @Test("POST /_mock/devices/<node_id> live=false records the disconnect incident once; coming back records none")
    func disconnectedThroughTheControlAPI() throws {
        let console = try ControlConsole()
        try BirdSupport.put(console.store)
        let path = "/_mock/devices/\(BirdSupport.nodeID)"
        #expect(try console.control(.post, path, form: [("live", "false")]).status == 200)
        // Already dead: nothing changes, nothing more is recorded.
        #expect(try console.control(.post, path, form: [("live", "false")]).status == 200)
        #expect(try console.control(.post, path, form: [("live", "true")]).status == 200)
        let feed = try Self.api(console, .get, "/api/v1/incidents/unacknowledged", [("node_id", BirdSupport.nodeID)])
        let items = try #require(feed.json["incidents"]?.arrayValue)
        #expect(items.map { $0["summary"] } == ["Canary Disconnected"])
        #expect(items.first?["id"] == .string("incident:devicedied:\(BirdSupport.hash)::\(Self.seconds)"))
        let raw = try Self.api(console, .get, "/api/v1/device/getinfo", [("node_id", BirdSupport.nodeID)])
        #expect(raw.json["device"]?["unacknowleged_incidents"] == [["key": items.first?["id"] ?? nil]])
    }
}
