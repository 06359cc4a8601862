import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Control API: birds from POST /_mock/devices, the seed file and the config file")
struct DevicesControlTests {
    /// Every field a control request may name, as the 400 for an unknown one lists them.
    static let knownFields = "description, device_id_hash, first_seen, flock_id, gcp_project, gcp_zone, instance_id, "
        + "ip_address, ippers, live, location, mac_address, migration_status, name, netmask, node_id, note, "
        + "outside_bird, personality, public_ip, region_id, sensor, service_count, subnet, version"

    @Test("POST /_mock/devices adds a bird with every default and answers it as devices/all lists it")
    func addDefaults() throws {
        let console = try ControlConsole()
        let reply = try console.control(.post, "/_mock/devices", form: [("name", "Plain")])
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply.keys == ["device", "result"] && reply.json["result"] == "success")
        let stored = try #require(try console.store.devices().first)
        // Generated: eight zeros and eight random hex digits; the hash 24 random hex digits.
        #expect(Formats.matches(stored.nodeID, "00000000[0-9a-f]{8}"), "\(stored.nodeID)")
        #expect(Formats.matches(stored.deviceIDHash, "[0-9a-f]{24}"), "\(stored.deviceIDHash)")
        #expect(reply.json["device"]?["id"] == .string(stored.nodeID))
        #expect(stored == DeviceRecord(
            nodeID: stored.nodeID, deviceIDHash: stored.deviceIDHash, name: "Plain", description: "", location: "",
            ipAddress: "", flockID: "flock:default", live: true, firstSeenMicros: TestConsole.now,
            lastSeenMicros: TestConsole.now, liveSinceMicros: TestConsole.now, reconnectCount: 0, options: "{}"))
        #expect(reply.json["device"]?["live"] == true && reply.json["device"]?["subnet"] == "")
        #expect(reply.json["device"]?["first_seen"] == "Mon Apr 06 2020 08:21:55 GMT+0000 (UTC)")
        let second = try console.control(.post, "/_mock/devices", form: [("name", "Plain")])
        #expect(second.json["device"]?["id"] != reply.json["device"]?["id"])
        #expect(try console.store.devices().count == 2)
    }

    @Test("Fields come as a form, a query string or a JSON object with typed values; options are kept as given")
    func addTransports() throws {
        let console = try ControlConsole()
        let query = try console.control(
            .post, "/_mock/devices", query: [("name", "Q"), ("node_id", "00000000000000a1"), ("live", "0")])
        #expect(query.status == 200 && query.json["device"]?["live"] == false)
        let json = try console.send(.json(.post, "/_mock/devices", [
            "name": "J", "node_id": "00000000000000b2", "live": false, "service_count": 3, "outside_bird": true,
            "flock_id": .string(TestConsole.otherFlock), "note": "rack 4", "first_seen": 1_586_000_000,
        ]))
        #expect(json.status == 200, "\(json.text)")
        let stored = try #require(try console.store.device("00000000000000b2"))
        #expect(!stored.live && stored.flockID == TestConsole.otherFlock && stored.firstSeenMicros == 1_586_000_000_000_000)
        #expect(stored.options == #"{"note": "rack 4", "outside_bird": true, "service_count": 3}"#)
        #expect(json.json["device"]?["note"] == "rack 4" && json.json["device"]?["outside_bird"] == true)
    }

    /// Refused control requests and the 400's message.
    static let refusals: [([(String, String)], String)] = [
        ([("node_id", "00000000000000a1")], "name is required."),
        ([("name", "")], "name must be 1 to 100 characters."),
        ([("name", String(repeating: "n", count: 101))], "name must be 1 to 100 characters."),
        ([("name", "B"), ("node_id", "00000000F9495CEC")], "node_id must be 16 lowercase hex digits, such as 00000000f9495cec."),
        ([("name", "B"), ("node_id", "f9495cec")], "node_id must be 16 lowercase hex digits, such as 00000000f9495cec."),
        ([("name", "B"), ("device_id_hash", "abc")], "device_id_hash must be 24 lowercase hex digits."),
        ([("name", "B"), ("ip_address", "10.0.0")], "ip_address must be an IPv4 address such as 192.168.1.2."),
        ([("name", "B"), ("live", "maybe")], "live must be true or false."),
        ([("name", "B"), ("flock_id", "flock:nope")], "flock_id is not a flock id."),
        ([("name", "B"), ("flock_id", TestConsole.unknownFlock)],
         "flock_id must name an existing flock; \(TestConsole.unknownFlock) does not exist."),
        ([("name", "B"), ("mac_address", "00:11:22:33:44")], "mac_address must be six hex pairs such as 00:0c:29:4e:46:09."),
        ([("name", "B"), ("netmask", "33")], "netmask must be a prefix length from 0 to 32, such as 24."),
        ([("name", "B"), ("service_count", "-1")], "service_count must be a whole number from 0 to 10000."),
        ([("name", "B"), ("outside_bird", "yes")], "outside_bird must be true or false."),
        ([("name", "B"), ("first_seen", "yesterday")], "first_seen must be a whole number from 0 to 99999999999."),
        ([("name", "B"), ("note", String(repeating: "x", count: 1001))], "note must be at most 1000 characters."),
        ([("name", "B"), ("colour", "red")], "Unknown field colour; known fields: \(DevicesControlTests.knownFields)."),
    ]

    @Test("A malformed or unknown field is a 400 naming it, and nothing is stored", arguments: refusals)
    func addRefused(_ fields: [(String, String)], _ message: String) throws {
        let console = try ControlConsole()
        let reply = try console.control(.post, "/_mock/devices", form: fields)
        expectError(reply, message, status: 400)
        #expect(try console.store.devices() == [])
    }

    @Test("The same node_id again replaces the bird, which keeps its first_seen, its hash and its place")
    func replace() throws {
        let console = try ControlConsole()
        #expect(try console.control(.post, "/_mock/devices", form: [("name", "A"), ("node_id", "00000000000000a1")]).status == 200)
        #expect(try console.control(.post, "/_mock/devices", form: [("name", "B"), ("node_id", "00000000000000b2")]).status == 200)
        let before = try #require(try console.store.device("00000000000000a1"))
        #expect(try console.control(.post, "/_mock/clock", form: [("advance", "60")]).status == 200)
        let reply = try console.control(
            .post, "/_mock/devices", form: [("name", "A2"), ("node_id", "00000000000000a1"), ("ip_address", "10.0.0.9")])
        #expect(reply.json["device"]?["name"] == "A2" && reply.json["device"]?["uptime"] == 60)
        let after = try #require(try console.store.device("00000000000000a1"))
        #expect(after.firstSeenMicros == before.firstSeenMicros && after.deviceIDHash == before.deviceIDHash)
        #expect(after.liveSinceMicros == before.liveSinceMicros && after.ipAddress == "10.0.0.9")
        #expect(try console.store.devices().map(\.name) == ["A2", "B"])
        // Replaced as dead: the state starts now, and no field of the old bird's options survives.
        _ = try console.control(
            .post, "/_mock/devices", form: [("name", "A3"), ("node_id", "00000000000000a1"), ("live", "false")])
        let dead = try #require(try console.store.device("00000000000000a1"))
        #expect(!dead.live && dead.lastSeenMicros == TestConsole.now + 60_000_000 && dead.options == "{}")
    }

    @Test("At maxDevices birds a new one is refused; replacing one still works")
    func cap() throws {
        let console = try ControlConsole()
        try console.store.transaction { transaction in
            for index in 0..<DevicesHandler.maxDevices {
                let hex = String(index, radix: 16)
                let node = String(repeating: "0", count: 16 - hex.count) + hex
                try transaction.putDevice(DeviceRecord(
                    nodeID: node, deviceIDHash: String(repeating: "0", count: 24 - hex.count) + hex, name: "B",
                    description: "", location: "", ipAddress: "", flockID: "flock:default", live: true,
                    firstSeenMicros: TestConsole.now, lastSeenMicros: TestConsole.now, liveSinceMicros: TestConsole.now))
            }
        }
        expectError(
            try console.control(.post, "/_mock/devices", form: [("name", "One more")]),
            "The console holds 10000 birds, the most it keeps; reset it or replace one.", status: 400)
        let replaced = try console.control(.post, "/_mock/devices", form: [("name", "Renamed"), ("node_id", "0000000000000001")])
        #expect(replaced.status == 200 && replaced.json["device"]?["name"] == "Renamed")
        #expect(try console.store.deviceCount() == DevicesHandler.maxDevices)
    }

    @Test("POST /_mock/devices/<node_id> takes a bird down and up again; the answer is its list item")
    func setLive() throws {
        let console = try ControlConsole()
        #expect(try console.control(.post, "/_mock/devices", form: [("name", "A"), ("node_id", "00000000000000a1")]).status == 200)
        #expect(try console.control(.post, "/_mock/clock", form: [("advance", "144")]).status == 200)
        let down = try console.control(.post, "/_mock/devices/00000000000000a1", form: [("live", "false")])
        #expect(down.status == 200, "\(down.text)")
        #expect(down.json["device"]?["live"] == false && down.json["device"]?["uptime_age"] == "2 minutes")
        let dead = try #require(try console.store.device("00000000000000a1"))
        #expect(!dead.live && dead.lastSeenMicros == TestConsole.now + 144_000_000 && dead.reconnectCount == 0)
        // The same state again changes nothing.
        #expect(try console.control(.post, "/_mock/devices/00000000000000a1", form: [("live", "false")]).status == 200)
        #expect(try console.store.device("00000000000000a1") == dead)
        #expect(try console.control(.post, "/_mock/clock", form: [("advance", "10")]).status == 200)
        let up = try console.send(.json(.post, "/_mock/devices/00000000000000a1", ["live": true]))
        #expect(up.json["device"]?["live"] == true && up.json["device"]?["uptime"] == 0)
        let back = try #require(try console.store.device("00000000000000a1"))
        #expect(back.live && back.reconnectCount == 1 && back.liveSinceMicros == TestConsole.now + 154_000_000)
    }

    @Test("POST /_mock/devices/<node_id>: an unknown bird is Device not found, a bad live a 400, other paths 404/405")
    func setLiveRefused() throws {
        let console = try ControlConsole()
        #expect(try console.control(.post, "/_mock/devices", form: [("name", "A"), ("node_id", "00000000000000a1")]).status == 200)
        expectError(
            try console.control(.post, "/_mock/devices/00000000000000ff", form: [("live", "false")]), "Device not found",
            status: 404)
        expectError(try console.control(.post, "/_mock/devices/nope", form: [("live", "false")]), "Device not found", status: 404)
        expectError(
            try console.control(.post, "/_mock/devices/00000000000000a1", form: []), "live is required (true or false).",
            status: 400)
        expectError(
            try console.control(.post, "/_mock/devices/00000000000000a1", form: [("live", "dead")]),
            "live must be true or false.", status: 400)
        expectError(
            try console.control(.post, "/_mock/devices/00000000000000a1", form: [("live", "false"), ("name", "x")]),
            "Unknown field name; known fields: live.", status: 400)
        expectError(try console.control(.get, "/_mock/devices/00000000000000a1"), "Method Not Allowed", status: 405)
        expectError(try console.control(.post, "/_mock/devices/00000000000000a1/live", form: [("live", "false")]), "Not Found", status: 404)
        #expect(try console.store.device("00000000000000a1")?.live == true)
    }

    @Test("With admin_token set, the bird routes need it")
    func adminToken() throws {
        let console = try ControlConsole(["admin_token": .string(ControlConsole.adminToken)])
        expectError(try console.control(.post, "/_mock/devices", form: [("name", "A")]), "Invalid admin token", status: 401)
        expectError(try console.control(.get, "/_mock/devices"), "Invalid admin token", status: 401)
        expectError(
            try console.control(.post, "/_mock/devices/00000000000000a1", form: [("live", "false")]), "Invalid admin token",
            status: 401)
        let added = try console.control(
            .post, "/_mock/devices", form: [("name", "A"), ("node_id", "00000000000000a1")], admin: ControlConsole.adminToken)
        #expect(added.status == 200)
        let down = try console.control(
            .post, "/_mock/devices/00000000000000a1", form: [("live", "false")], admin: ControlConsole.adminToken)
        #expect(down.status == 200)
    }

    @Test("GET /_mock/devices lists every bird as list items; the state dump shows them as seed entries that load back")
    func listAndState() throws {
        let console = try ControlConsole()
        #expect(try console.control(.get, "/_mock/devices").json == ["devices": [], "result": "success"])
        _ = try console.control(.post, "/_mock/devices", form: [
            ("name", "A"), ("node_id", "00000000000000a1"), ("ip_address", "10.0.0.1"), ("version", "3.0.0"),
            ("first_seen", "1586000000"),
        ])
        _ = try console.control(.post, "/_mock/devices", form: [
            ("name", "B"), ("node_id", "00000000000000b2"), ("live", "false"), ("flock_id", TestConsole.otherFlock),
        ])
        let list = try console.control(.get, "/_mock/devices")
        #expect(list.json["devices"]?.arrayValue?.map { $0["id"] } == ["00000000000000a1", "00000000000000b2"])
        #expect(list.json["devices"]?[0]?["version"] == "3.0.0")
        let state = try console.control(.get, "/_mock/state")
        let hashA = try #require(try console.store.device("00000000000000a1")?.deviceIDHash)
        #expect(state.json["devices"]?[0] == [
            "description": "", "device_id_hash": .string(hashA), "first_seen": 1_586_000_000, "flock_id": "flock:default",
            "ip_address": "10.0.0.1", "live": true, "location": "", "name": "A", "node_id": "00000000000000a1",
            "version": "3.0.0",
        ])
        let seed = try SeedFile.parse(JSONWriter.encode(state.json), path: "state.json")
        let rebuilt = try ControlConsole(seed: seed)
        let original = try console.store.devices()
        let loaded = try rebuilt.store.devices()
        #expect(loaded.map(\.nodeID) == original.map(\.nodeID) && loaded.map(\.deviceIDHash) == original.map(\.deviceIDHash))
        // The dump gives first_seen in whole seconds.
        #expect(loaded.map(\.firstSeenMicros) == [1_586_000_000_000_000, 1_586_161_315_000_000])
        #expect(loaded.map(\.live) == [true, false] && loaded.map(\.options) == original.map(\.options))
        #expect(loaded.map(\.flockID) == ["flock:default", TestConsole.otherFlock])
    }

    @Test("A seed file's devices are stored once: a restart over the same database leaves them as they are")
    func seedFile() throws {
        let seed = try SeedFile.parse(Array(#"""
            {"devices": [
              {"node_id": "00000000f9495cec", "name": "ExampleBird", "ip_address": "192.168.1.2", "location": "SVR Room"},
              {"name": "NoID", "live": false, "ippers": "win2012"}
            ]}
            """#.utf8), path: "seed.json")
        let console = try ControlConsole(seed: seed)
        let birds = try console.store.devices()
        #expect(birds.map(\.name) == ["ExampleBird", "NoID"])
        // Without node_id or device_id_hash, both are derived, so every start finds the same bird.
        #expect(birds[1].nodeID == BirdFields.stableHex("node:NoID", count: 16))
        #expect(birds[0].deviceIDHash == BirdFields.stableHex("hash:00000000f9495cec", count: 24))
        #expect(!birds[1].live && birds[1].options == #"{"ippers": "win2012"}"#)
        _ = try #require(try console.store.setDeviceLive("00000000f9495cec", false, atMicros: TestConsole.now + 5))
        try seed.apply(to: console.store, tokenDomain: TestConsole.domain, nowMicros: TestConsole.now + 10)
        let again = try console.store.devices()
        #expect(again.count == 2 && again[0].live == false && again[0].lastSeenMicros == TestConsole.now + 5)
    }

    @Test("A bad seed entry is refused naming the file and the entry", arguments: [
        (#"{"devices": [{"name": "A", "node_id": "xyz"}]}"#,
         "seed file seed.json: devices[0].node_id: must be 16 lowercase hex digits, such as 00000000f9495cec"),
        (#"{"devices": [{"node_id": "00000000000000a1"}]}"#, "seed file seed.json: devices[0].name: is required"),
        (#"{"devices": [{"name": "A", "live": "sometimes"}]}"#, "seed file seed.json: devices[0].live: must be true or false"),
        (#"{"devices": [{"name": "A"}, {"name": "A"}]}"#,
         "seed file seed.json: devices[1].node_id: repeats an earlier bird (a bird without node_id takes one from its name)"),
        (#"{"devices": [{"name": "A", "device_id_hash": "000000000000000000000001"}, {"name": "B", "device_id_hash": "000000000000000000000001"}]}"#,
         "seed file seed.json: devices[1].device_id_hash: repeats an earlier bird"),
        (#"{"devices": [{"name": "A", "colour": "red"}]}"#, "seed file seed.json: devices[0].colour: unknown key (known keys: "),
    ])
    func seedRefused(_ text: String, _ message: String) throws {
        #expect {
            _ = try SeedFile.parse(Array(text.utf8), path: "seed.json")
        } throws: { error in
            (error as? ConfigurationError)?.message.hasPrefix(message) == true
        }
    }

    @Test("A seed bird in a flock that does not exist is refused when stored, and nothing of the seed is written")
    func seedUnknownFlock() throws {
        let seed = try SeedFile.parse(Array(#"""
            {"flocks": [{"flock_id": "flock:0000000000000000000000000000000a", "name": "New"}],
             "devices": [{"name": "A", "flock_id": "flock:0000000000000000000000000000000b"}]}
            """#.utf8), path: "seed.json")
        let store = try ConsoleStore(path: ":memory:")
        #expect {
            try seed.apply(to: store, tokenDomain: TestConsole.domain, nowMicros: TestConsole.now)
        } throws: { error in
            (error as? ConfigurationError)?.message
                == #"seed file seed.json: devices[0].flock_id: flock flock:0000000000000000000000000000000b does not exist (list it under "flocks")"#
        }
        #expect(try store.devices() == [] && !(try store.flockExists("flock:0000000000000000000000000000000a")))
    }

    @Test("The config file's devices are created at start, in a configured flock, and again after a reset")
    func configFile() throws {
        let console = try ControlConsole(["devices": [
            ["name": "Configured", "node_id": "00000000c0ffee00", "flock_id": .string(TestConsole.otherFlock), "live": false],
        ]])
        let bird = try #require(try console.store.device("00000000c0ffee00"))
        #expect(bird.name == "Configured" && bird.flockID == TestConsole.otherFlock && !bird.live)
        #expect(try console.control(.post, "/_mock/reset").status == 200)
        #expect(try console.store.devices().map(\.nodeID) == ["00000000c0ffee00"])
    }

    /// Refused config-file birds and the one-line error.
    static let configRefusals: [(JSONValue, String)] = [
        (.array([["node_id": "00000000c0ffee00"]]), #"config file control-config.json: key "devices[0].name": is required"#),
        (.array([["name": "A", "ip_address": "300.1.1.1"]]),
         #"config file control-config.json: key "devices[0].ip_address": must be an IPv4 address such as 192.168.1.2, got "300.1.1.1""#),
        (.array([["name": "A", "description": ""]]), #"config file control-config.json: key "devices[0].description": must not be empty"#),
        (.array([["name": "A", "service_count": "3"]]),
         #"config file control-config.json: key "devices[0].service_count": must be a whole number, found a string"#),
        (.object([:]), #"config file control-config.json: key "devices": must be a list of objects, found an object"#),
        (.array([["name": "A", "flock_id": .string(TestConsole.unknownFlock)]]),
         #"config file control-config.json: key "devices[0].flock_id": flock \#(TestConsole.unknownFlock) does not exist (list it under "flocks")"#),
    ]

    @Test("A bad config bird is a one-line error naming the file and the key", arguments: configRefusals)
    func configRefused(_ devices: JSONValue, _ message: String) throws {
        #expect {
            _ = try ControlConsole(["devices": devices])
        } throws: { error in
            (error as? ConfigurationError)?.message == message
        }
    }
}
