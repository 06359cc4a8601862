import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// `incidents` in the seed file (docs/api.md §7.4): a feed page's items, stored as given.
@Suite("Control API: incidents in the seed file")
struct ControlSeedIncidentsTests {
    /// Two incidents as a real Console's feed shows them: a token incident with one event, and a bird incident
    /// (no such device in the mock) that is acknowledged and has no hash_id.
    static let document = """
        {"incidents": [
          {"description": {"acknowledged": "False", "created": "1720684212", "created_std": "2024-07-11 07:50:12 UTC+0000",
             "description": "Canarytoken triggered", "dst_host": "1.1.1.1", "dst_port": "80",
             "events": [{"canarytoken": "node-id-1", "dst_port": 80, "headers": {"User-Agent": "curl/8.7.1"},
                         "src_host": "1.2.3.4", "timestamp": 1720684212, "type": "http"}],
             "events_count": "1", "events_list": "1720684212", "flock_id": "flock:default", "flock_name": "Default Flock",
             "local_time": "2024-07-11 07:50:12 (UTC)", "logtype": "17000", "matched_annotations": {},
             "memo": "Link to generate alert", "name": "N/A", "node_id": "node-id-1", "notified": "False",
             "src_host": "1.2.3.4", "src_port": "0"},
           "hash_id": "f1b75ac7689ff88e1ecc40c84b115785",
           "id": "incident:canarytoken:23ea21520d2dbd87dd99b5e68ded0647:1.2.3.4:1720684212",
           "summary": "Canarytoken triggered", "updated": "Thu, 11 Jul 2024 07:50:12 GMT", "updated_id": 3,
           "updated_std": "2024-07-11 07:50:12 UTC+0000", "updated_time": "1720684212"},
          {"description": {"acknowledged": "True", "created": 1720684078, "description": "SSH Login Attempt",
             "events": [], "logtype": 4002, "node_id": "00000000deadbeef", "src_host": "5.6.7.8", "src_port": 51234,
             "name": "web-01"},
           "id": "incident:sshlogin:11cdf5d57170cc4d057c8a4ef1a81d65:5.6.7.8:1720684078",
           "updated_time": "1720684300"}
        ]}
        """

    static func parse(_ text: String) throws(ConfigurationError) -> SeedFile {
        try SeedFile.parse(Array(text.utf8), path: "seed.json")
    }

    @Test("Feed items are stored with their keys, times, state, events and extra members; the counter continues")
    func stored() throws {
        let store = try ConsoleStore(path: ":memory:")
        let seed = try Self.parse(Self.document)
        try seed.apply(to: store, tokenDomain: "seed.localhost", nowMicros: 1_800_000_000_000_000)
        let token = try #require(try store.incident(key: "incident:canarytoken:23ea21520d2dbd87dd99b5e68ded0647:1.2.3.4:1720684212"))
        #expect(token.hashID == "f1b75ac7689ff88e1ecc40c84b115785")
        #expect(token.nodeID == "node-id-1")
        #expect(token.kind == "http")
        #expect(token.logtype == "17000")
        #expect(token.flockID == "flock:default")
        #expect(token.srcHost == "1.2.3.4")
        #expect(token.srcPort == 0)
        #expect(token.description == "Canarytoken triggered")
        #expect(token.createdMicros == 1_720_684_212_000_000)
        #expect(token.lastEventMicros == 1_720_684_212_000_000)
        #expect(token.updatedMicros == 1_720_684_212_000_000)
        #expect(!token.acknowledged)
        #expect(token.updatedID == 3)
        #expect(token.events.count == 1)
        let event = try JSONReader.parse(Array(try #require(token.events.first).fields.utf8))
        #expect(event["headers"]?["User-Agent"]?.stringValue == "curl/8.7.1")
        #expect(event["timestamp"]?.intValue == 1_720_684_212)
        let extra = try JSONReader.parse(Array(token.extra.utf8))
        #expect(extra == [
            "dst_host": "1.1.1.1", "dst_port": "80", "flock_name": "Default Flock", "matched_annotations": [:],
            "memo": "Link to generate alert", "name": "N/A", "notified": "False",
        ])

        let bird = try #require(try store.incident(key: "incident:sshlogin:11cdf5d57170cc4d057c8a4ef1a81d65:5.6.7.8:1720684078"))
        #expect(bird.acknowledged)
        #expect(bird.kind == "")
        #expect(bird.logtype == "4002")
        #expect(bird.srcPort == 51234)
        #expect(bird.hashID.count == 32)
        #expect(bird.updatedID == 4)
        #expect(bird.updatedMicros == 1_720_684_300_000_000)
        #expect(bird.events.isEmpty)
        #expect(bird.extra == #"{"name": "web-01"}"#)
        #expect(try store.currentIncidentUpdatedID() == 4)

        // Applying again (a restart over the same database) changes nothing.
        try seed.apply(to: store, tokenDomain: "seed.localhost", nowMicros: 1_900_000_000_000_000)
        #expect(try store.incidentCount() == 2)
        #expect(try store.incident(key: token.key) == token)
    }

    @Test("A bad incident entry is refused with one line naming the file, the entry and the problem", arguments: [
        (#"{"incidents": [{"description": {}}]}"#, "seed file seed.json: incidents[0].id: is required"),
        (#"{"incidents": [{"id": "k"}]}"#, "seed file seed.json: incidents[0].description: must be the feed's description object"),
        (#"{"incidents": [{"id": "k", "description": {"events": []}}]}"#,
         "seed file seed.json: incidents[0].description.created: is required (seconds since 1970) when there are no events"),
        (#"{"incidents": [{"id": "k", "description": {"created": "soon"}}]}"#,
         "seed file seed.json: incidents[0].description.created: must be seconds since 1970, such as \"1720684212\""),
        (#"{"incidents": [{"id": "k", "description": {"created": 1, "events": [{}]}}]}"#,
         "seed file seed.json: incidents[0].description.events[0].timestamp: is required (seconds since 1970)"),
        ("{\"incidents\": [{\"id\": \"k\", \"description\": {\"events\": ["
            + Array(repeating: "{\"timestamp\": 1}", count: 1001).joined(separator: ",") + "]}}]}",
         "seed file seed.json: incidents[0].description.events: must hold at most 1000 events"),
        (#"{"incidents": [{"id": "k", "description": {"created": 1, "acknowledged": "maybe"}}]}"#,
         "seed file seed.json: incidents[0].description.acknowledged: must be \"True\" or \"False\""),
        (#"{"incidents": [{"id": "k", "description": {"created": 1}}, {"id": "k", "description": {"created": 2}}]}"#,
         "seed file seed.json: incidents[1].id: repeats an earlier incident"),
        (#"{"incidents": [{"id": "a", "updated_id": 5, "description": {"created": 1}}, {"id": "b", "updated_id": 5, "description": {"created": 2}}]}"#,
         "seed file seed.json: incidents[1].updated_id: repeats an earlier incident"),
    ])
    func refused(document: String, message: String) throws {
        #expect(throws: ConfigurationError(message)) { try Self.parse(document) }
    }

    @Test("A seeded incident whose updated_id a stored incident holds is refused and nothing of the seed is written")
    func takenUpdatedID() throws {
        let store = try ConsoleStore(path: ":memory:")
        try Self.parse(#"{"incidents": [{"id": "a", "updated_id": 5, "description": {"created": 1}}]}"#)
            .apply(to: store, tokenDomain: "d", nowMicros: 1)
        let second = try Self.parse(#"""
            {"flocks": [{"flock_id": "flock:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "name": "B"}],
             "incidents": [{"id": "b", "updated_id": 5, "description": {"created": 2}}]}
            """#)
        #expect(throws: ConfigurationError(
            "seed file seed.json: incidents[0]: its hash_id or updated_id is taken by an incident already stored")
        ) {
            try second.apply(to: store, tokenDomain: "d", nowMicros: 1)
        }
        #expect(try store.incidentCount() == 1)
        #expect(try store.flock("flock:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb") == nil)
    }

    @Test("A state dump with triggered incidents is a seed that brings them back as they were")
    func stateRoundTrip() throws {
        let console = try ControlConsole()
        let id = try console.createToken(kind: "http", memo: "round trip")
        _ = try console.control(.post, "/_mock/trigger", form: [("canarytoken", id), ("src_ip", "10.0.0.1"), ("count", "2")])
        let second = try console.control(.post, "/_mock/trigger", form: [("canarytoken", id), ("src_ip", "10.0.0.2")])
        let secondKey = try #require(second.json["incident"]?["id"]?.stringValue)
        _ = try console.store.setAcknowledged(key: secondKey, true, atMicros: TestConsole.now + 5_000_000)
        let state = try console.control(.get, "/_mock/state")
        #expect(state.json["incidents"]?.arrayValue?.count == 2)
        let before = try console.store.incidents(matching: IncidentFilter(), limit: nil)

        let seed = try SeedFile.parse(JSONWriter.encode(state.json), path: "state.json")
        let store = try ConsoleStore(path: ":memory:")
        try seed.apply(to: store, tokenDomain: "d", nowMicros: TestConsole.now)
        let after = try store.incidents(matching: IncidentFilter(), limit: nil)
        #expect(after.map(\.key) == before.map(\.key))
        #expect(after.map(\.hashID) == before.map(\.hashID))
        #expect(after.map(\.updatedID) == before.map(\.updatedID))
        #expect(after.map(\.acknowledged) == [false, true])
        // The feed shows whole seconds, so that is what a dump keeps of each time.
        #expect(after.map { $0.events.map(\.fields) } == before.map { $0.events.map(\.fields) })
        #expect(after.map { $0.events.map(\.timeMicros) }
            == before.map { $0.events.map { $0.timeMicros / 1_000_000 * 1_000_000 } })
        #expect(after.map(\.createdMicros) == before.map { $0.createdMicros / 1_000_000 * 1_000_000 })
        #expect(after.map(\.kind) == ["http", "http"])
        #expect(try store.currentIncidentUpdatedID() == (try console.store.currentIncidentUpdatedID()))
    }
}
