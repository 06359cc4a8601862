import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Incident objects: the feed's list item, the flat form of incident/fetch")
struct IncidentJSONTests {
    /// The `description` object of one http-token incident from 1.2.3.4 at the fixed clock.
    private func description(_ token: String, acknowledged: String = "False") -> [String: JSONValue] {
        [
            "acknowledged": .string(acknowledged),
            "created": "1586161315",
            "created_std": "2020-04-06 08:21:55 UTC+0000",
            "description": "Canarytoken triggered",
            "dst_host": "127.0.0.1",
            "dst_port": "80",
            "events": [[
                "canarytoken": .string(token), "dst_port": 80, "headers": ["User-Agent": "curl/8.7.1"],
                "src_host": "1.2.3.4", "timestamp": 1586161315, "timestamp_std": "2020-04-06 08:21:55 UTC+0000",
                "type": "http",
            ]],
            "events_count": "1",
            "events_list": "1586161315",
            "flock_id": "flock:default",
            "flock_name": "Default Flock",
            "local_time": "2020-04-06 08:21:55 (UTC)",
            "logtype": "17000",
            "matched_annotations": [:],
            "memo": "Link to generate alert",
            "name": "N/A",
            "node_id": .string(token),
            "notified": "False",
            "src_host": "1.2.3.4",
            "src_port": "0",
        ]
    }

    @Test("A feed item is exactly the Console's shape, strings where the Console has strings")
    func listItem() throws {
        let console = try TestConsole()
        let token = try console.createToken(kind: "http", memo: "Link to generate alert").id
        let incident = try console.trigger(token, fields: ["headers": ["User-Agent": "curl/8.7.1"]])
        let reply = try console.get(TestConsole.IncidentPaths.unacknowledged)
        #expect(reply.status == 200)
        let expected: JSONValue = [
            "description": .object(description(token)),
            "hash_id": .string(incident.hashID),
            "id": .string(incident.key),
            "summary": "Canarytoken triggered",
            "updated": "Mon, 06 Apr 2020 08:21:55 GMT",
            "updated_id": 1,
            "updated_std": "2020-04-06 08:21:55 UTC+0000",
            "updated_time": "1586161315",
        ]
        #expect(reply.json["incidents"] == [expected])
        #expect(incident.key.hasPrefix("incident:canarytoken:") && incident.key.hasSuffix(":1.2.3.4:1586161315"))
    }

    @Test("incident/fetch answers the flat form: the description's members at the top, with id")
    func flatForm() throws {
        let console = try TestConsole()
        let token = try console.createToken(kind: "http", memo: "Link to generate alert").id
        let incident = try console.trigger(token, fields: ["headers": ["User-Agent": "curl/8.7.1"]])
        var flat = description(token)
        flat["id"] = .string(incident.key)
        for parameters in [[("incident", incident.key)], [("hash_id", incident.hashID)]] {
            let reply = try console.get(TestConsole.IncidentPaths.fetch, parameters)
            #expect(reply.status == 200)
            #expect(reply.json == ["incident": .object(flat), "result": "success"])
        }
    }

    @Test("Memo and flock name follow the token and flock now; unknown ones are empty strings")
    func names() throws {
        let console = try TestConsole()
        let token = try console.createToken(kind: "dns", memo: "old memo", [("flock_id", TestConsole.otherFlock)]).id
        let incident = try console.trigger(token)
        _ = try console.call(.post, "/api/v1/canarytoken/update", [("canarytoken", token), ("memo", "new memo")])
        let names = try console.get(TestConsole.IncidentPaths.fetch, [("incident", incident.key)]).json["incident"]
        #expect(names?["memo"] == "new memo")
        #expect(names?["flock_name"] == "Other Flock")
        #expect(names?["flock_id"] == .string(TestConsole.otherFlock))
        // DNS kinds: port 53, no source IP in the key.
        #expect(names?["dst_port"] == "53")
        #expect(names?["logtype"] == "16000")
        #expect(incident.key.hasSuffix("::1586161315"))

        let unknown = IncidentJSON.description(
            incident, names: IncidentNames(), dstHost: "10.9.8.7", tz: .utc, eventLimit: 0)
        #expect(unknown["memo"] == "")
        #expect(unknown["flock_name"] == "")
        #expect(unknown["dst_host"] == "10.9.8.7")
        #expect(unknown["events"] == [])
        #expect(unknown["events_count"] == "1")
    }

    @Test("A seeded incident's extra members are laid over the description; events get timestamp_std again")
    func extraAndEvents() throws {
        var incident = IncidentRecord(
            key: "incident:sshlogin:832426ae8c3a0e1450ac6dba:192.168.50.32:1762757102", hashID: String(repeating: "a", count: 32),
            nodeID: "000000004e46095c", kind: "", logtype: "4002", flockID: "flock:default", srcHost: "192.168.50.32",
            srcPort: 50000, description: "SSH Login Attempt", createdMicros: 1_762_757_102_000_000,
            lastEventMicros: 1_762_757_102_000_000, updatedMicros: 1_762_757_102_000_000, acknowledged: true,
            updatedID: 7, events: [IncidentEvent(timeMicros: 1_762_757_102_000_000, fields: #"{"USERNAME": "root", "timestamp": 1762757102, "timestamp_std": "stale"}"#)])
        incident.extra = #"{"dst_port": "22", "name": "ExampleBird", "src_host_reverse": "host.example"}"#
        let flat = IncidentJSON.flat(incident, names: IncidentNames(flockNames: ["flock:default": "Default Flock"]), dstHost: "127.0.0.1")
        #expect(flat["dst_port"] == "22")
        #expect(flat["name"] == "ExampleBird")
        #expect(flat["src_host_reverse"] == "host.example")
        #expect(flat["acknowledged"] == "True")
        #expect(flat["src_port"] == "50000")
        #expect(flat["description"] == "SSH Login Attempt")
        #expect(flat["id"] == .string(incident.key))
        #expect(flat["summary"] == nil)
        #expect(flat["hash_id"] == nil)
        #expect(flat["events"] == [["USERNAME": "root", "timestamp": 1762757102, "timestamp_std": "2025-11-10 06:45:02 UTC+0000"]])
    }

    @Test("A seeded feed item captured from a real Console is answered as captured (timestamp_std added to its event)")
    func seededRoundTrip() throws {
        let console = try TestConsole()
        let document = try JSONReader.parse(Array(ControlSeedIncidentsTests.document.utf8))
        let seed = try ControlSeedIncidentsTests.parse(ControlSeedIncidentsTests.document)
        try seed.apply(to: console.store, tokenDomain: TestConsole.domain, nowMicros: TestConsole.now)
        var expected = try #require(document["incidents"]?[0]?.objectValue)
        var description = try #require(expected["description"]?.objectValue)
        var event = try #require(description["events"]?[0]?.objectValue)
        event["timestamp_std"] = "2024-07-11 07:50:12 UTC+0000"
        description["events"] = [.object(event)]
        expected["description"] = .object(description)
        let unacknowledged = try console.get(TestConsole.IncidentPaths.unacknowledged)
        #expect(unacknowledged.json["incidents"] == [.object(expected)])
        let bird = try console.get(TestConsole.IncidentPaths.acknowledged).json["incidents"]?[0]
        #expect(bird?["id"] == "incident:sshlogin:11cdf5d57170cc4d057c8a4ef1a81d65:5.6.7.8:1720684078")
        #expect(bird?["summary"] == "SSH Login Attempt")
        #expect(bird?["updated_time"] == "1720684300")
        #expect(bird?["description"]?["name"] == "web-01")
        #expect(bird?["description"]?["acknowledged"] == "True")
        #expect(bird?["description"]?["src_port"] == "51234")
        #expect(bird?["description"]?["logtype"] == "4002")
        #expect(bird?["description"]?["events_count"] == "0")
        #expect(bird?["description"]?["events_list"] == "")
    }
}
