import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// Paths of docs/birds.md "Console endpoints".
enum DevicePaths {
    static let all = "/api/v1/devices/all"
    static let live = "/api/v1/devices/live"
    static let dead = "/api/v1/devices/dead"
    static let info = "/api/v1/device/info"
    static let getinfo = "/api/v1/device/getinfo"
    /// The docs' example bird's node id, and a second one.
    static let node = "00000000f9495cec"
    static let otherNode = "000000004e46095c"
}

@Suite("Devices: devices/all|live|dead, device/info and device/getinfo")
struct DevicesHandlerTests {
    /// `POST /_mock/devices` with form fields; must succeed.
    @discardableResult
    static func add(
        _ console: TestConsole, _ fields: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Reply {
        let reply = try console.send(.make(.post, "/_mock/devices", form: fields), sourceLocation: sourceLocation)
        #expect(reply.status == 200, "\(reply.text)", sourceLocation: sourceLocation)
        return reply
    }

    /// The docs' example bird, first seen 161,315 s (1 day) before the test clock.
    static let exampleBird: [(String, String)] = [
        ("node_id", DevicePaths.node), ("device_id_hash", "3e17336e68a21e426385b32a"), ("name", "ExampleBird"),
        ("description", "SVR Room"), ("location", "SVR Room"), ("ip_address", "192.168.1.2"), ("first_seen", "1586000000"),
    ]

    /// A dead bird with some optional fields.
    static let deadBird: [(String, String)] = [
        ("node_id", DevicePaths.otherNode), ("device_id_hash", "9a5e8f0c2d4b6a1e3c5f7d9b"), ("name", "DeadBird"),
        ("ip_address", "10.1.2.3"), ("live", "false"), ("ippers", "win2012"), ("version", "3.5.0"),
        ("mac_address", "F0:4D:A2:A9:E0:25"), ("netmask", "16"), ("service_count", "7"), ("outside_bird", "true"),
    ]

    /// The test clock's time in each form.
    static let nowJS = "Mon Apr 06 2020 08:21:55 GMT+0000 (UTC)"
    static let nowStd = "2020-04-06 08:21:55 UTC+0000"
    static let nowHTTP = "Mon, 06 Apr 2020 08:21:55 GMT"

    @Test("devices/all lists every bird as a typed list item in the feed envelope, in the order they were added")
    func all() throws {
        let console = try TestConsole()
        try Self.add(console, Self.exampleBird)
        try Self.add(console, Self.deadBird)
        let reply = try console.call(.get, DevicePaths.all, [("tz", "UTC")], via: .query)
        #expect(reply.status == 200)
        #expect(reply.keys == ["devices", "feed", "result", "updated", "updated_std", "updated_timestamp"])
        #expect(reply.json["feed"] == "All Devices" && reply.json["result"] == "success")
        #expect(reply.json["updated"] == .string(Self.nowHTTP) && reply.json["updated_std"] == .string(Self.nowStd))
        #expect(reply.json["updated_timestamp"] == 1_586_161_315)
        let devices = try #require(reply.json["devices"]?.arrayValue)
        #expect(devices.map { $0["id"] } == [.string(DevicePaths.node), .string(DevicePaths.otherNode)])
        #expect(devices.first == [
            "description": "SVR Room", "first_seen": "Sat Apr 04 2020 11:33:20 GMT+0000 (UTC)",
            "first_seen_std": "2020-04-04 11:33:20 UTC+0000", "gcp_project": "", "gcp_zone": "",
            "id": .string(DevicePaths.node), "ignore_notifications": false, "ignore_notifications_disconnects": false,
            "ignore_notifications_reconnects": false, "instance_id": "", "ip_address": "192.168.1.2", "ippers": "linux",
            "last_seen": .string(Self.nowJS), "last_seen_std": .string(Self.nowStd), "live": true,
            "local_time": "2020-04-06 08:21:55", "location": "SVR Room", "mac_address": "00:00:00:49:5c:ec",
            "migration_status": "", "name": "ExampleBird", "netmask": "24", "note": "", "outside_bird": false,
            "personality": "linux-db", "public_ip": "", "region_id": "", "sensor": "thinkstcanary",
            "subnet": "192.168.1.0/24", "updated": .string(Self.nowHTTP), "updated_std": .string(Self.nowStd),
            "updated_timestamp": 1_586_161_315, "uptime": 0, "uptime_age": "0 seconds", "version": "2.3.1",
        ])
        let dead = try #require(devices.last)
        #expect(dead["live"] == false && dead["outside_bird"] == true && dead["mac_address"] == "F0:4D:A2:A9:E0:25")
        #expect(dead["subnet"] == "10.1.0.0/16" && dead["netmask"] == "16" && dead["ippers"] == "win2012")
        #expect(dead["version"] == "3.5.0" && dead["description"] == "" && dead["location"] == "")
    }

    @Test("devices/live and devices/dead split the birds by state; updated* is the newest last_seen listed")
    func liveAndDead() throws {
        let console = try TestConsole()
        try Self.add(console, Self.exampleBird)
        try Self.add(console, Self.deadBird)
        // An hour later the live bird is seen now, the dead one still at its death.
        #expect(try console.send(.make(.post, "/_mock/clock", form: [("advance", "3600")])).status == 200)
        let live = try console.call(.get, DevicePaths.live, [], via: .query)
        #expect(live.json["feed"] == "Live Devices")
        #expect(live.json["devices"]?.arrayValue?.map { $0["id"] } == [.string(DevicePaths.node)])
        #expect(live.json["updated_timestamp"] == 1_586_164_915)
        #expect(live.json["devices"]?[0]?["uptime"] == 3600 && live.json["devices"]?[0]?["uptime_age"] == "1 hour")
        let dead = try console.call(.get, DevicePaths.dead, [], via: .query)
        #expect(dead.json["feed"] == "Dead Devices")
        #expect(dead.json["devices"]?.arrayValue?.map { $0["id"] } == [.string(DevicePaths.otherNode)])
        #expect(dead.json["updated_timestamp"] == 1_586_161_315 && dead.json["updated"] == .string(Self.nowHTTP))
        #expect(dead.json["devices"]?[0]?["uptime"] == 0 && dead.json["devices"]?[0]?["last_seen"] == .string(Self.nowJS))
    }

    @Test("With no birds each list is [] and updated* is now", arguments: [
        (DevicePaths.all, "All Devices"), (DevicePaths.live, "Live Devices"), (DevicePaths.dead, "Dead Devices"),
    ])
    func empty(_ path: String, _ feed: String) throws {
        let console = try TestConsole()
        let reply = try console.call(.get, path, [], via: .query)
        #expect(reply.json == [
            "devices": [], "feed": .string(feed), "result": "success", "updated": .string(Self.nowHTTP),
            "updated_std": .string(Self.nowStd), "updated_timestamp": 1_586_161_315,
        ])
    }

    @Test("flock_id filters the lists; a flock without birds or no such flock lists none")
    func flockFilter() throws {
        let console = try TestConsole()
        try Self.add(console, Self.exampleBird)
        try Self.add(console, Self.deadBird + [("flock_id", TestConsole.otherFlock)])
        let other = try console.call(.get, DevicePaths.all, [("flock_id", TestConsole.otherFlock)], via: .query)
        #expect(other.json["devices"]?.arrayValue?.map { $0["id"] } == [.string(DevicePaths.otherNode)])
        let defaults = try console.call(.get, DevicePaths.all, [("flock_id", "flock:default")], via: .query)
        #expect(defaults.json["devices"]?.arrayValue?.map { $0["id"] } == [.string(DevicePaths.node)])
        let none = try console.call(.get, DevicePaths.dead, [("flock_id", "flock:default")], via: .query)
        #expect(none.json["devices"] == [])
        let unknown = try console.call(.get, DevicePaths.all, [("flock_id", TestConsole.unknownFlock)], via: .query)
        #expect(unknown.status == 200 && unknown.json["devices"] == [])
    }

    @Test("tz: a zone name is printed in UTC, a value that cannot be one is Parameter tz was invalid.", arguments: [
        DevicePaths.all, DevicePaths.live, DevicePaths.dead, DevicePaths.info, DevicePaths.getinfo,
    ])
    func timeZone(_ path: String) throws {
        let console = try TestConsole()
        try Self.add(console, Self.exampleBird)
        let good = try console.call(.get, path, [("tz", "Europe/London"), ("node_id", DevicePaths.node)], via: .query)
        #expect(good.status == 200)
        let bad = try console.call(.get, path, [("tz", "not a zone!"), ("node_id", DevicePaths.node)], via: .query)
        expectError(bad, "Parameter tz was invalid.", status: 400)
    }

    @Test("Every devices route needs the API key", arguments: [
        DevicePaths.all, DevicePaths.live, DevicePaths.dead, DevicePaths.info, DevicePaths.getinfo,
    ])
    func auth(_ path: String) throws {
        let console = try TestConsole()
        try Self.add(console, Self.exampleBird)
        let reply = try console.call(.get, path, [("node_id", DevicePaths.node)], via: .query, auth: .parameter("wrong"))
        expectError(reply, Message.invalidAuthToken, status: 401)
        expectError(
            try console.call(.get, path, [("node_id", DevicePaths.node)], via: .query, auth: .header("wrong")),
            Message.unauthorized, status: 401)
    }

    @Test("device/info is the string-typed raw record: id = device_id = node_id, live and device_live as True/False")
    func info() throws {
        let console = try TestConsole()
        try Self.add(console, Self.exampleBird)
        let reply = try console.call(.get, DevicePaths.info, [("node_id", DevicePaths.node)], via: .query)
        #expect(reply.status == 200)
        #expect(reply.keys == ["device", "result"] && reply.json["result"] == "success")
        #expect(reply.json["device"] == [
            "autoreg_time": "1586000000.000000",
            "current_settings": "devicesettings:3e17336e68a21e426385b32a:1586000000",
            "description": "SVR Room", "device_id": .string(DevicePaths.node),
            "device_id_hash": "3e17336e68a21e426385b32a", "device_live": "True", "device_version": "2.3.1",
            "first_seen": "1586000000", "first_seen_age": "1 day",
            "first_seen_printable": "Sat Apr 04 2020 11:33:20 GMT+0000 (UTC)",
            "first_seen_std": "2020-04-04 11:33:20 UTC+0000", "flock_id": "flock:default", "ghost": "False",
            "id": .string(DevicePaths.node), "ignore_notifications_disconnect": "False",
            "ignore_notifications_general": "False", "ip_address": "192.168.1.2", "ippers": "linux",
            "last_heartbeat": "1586161315", "last_heartbeat_age": "0 seconds",
            "last_heartbeat_printable": .string(Self.nowJS), "last_seen_std": .string(Self.nowStd), "live": "True",
            "local_time": "2020-04-06 08:21:55", "location": "SVR Room", "mac": "00:00:00:49:5c:ec",
            "mac_address": "00:00:00:49:5c:ec", "name": "ExampleBird", "need_reboot": "False", "netmask": "24",
            "node_id": .string(DevicePaths.node), "note": "", "notify_after_horizon_reconnect": "False",
            "personality": "linux-db", "reconnect_count": "0", "sensor": "thinkstcanary", "service_count": "21",
            "subnet": "192.168.1.0/24", "unacknowleged_incidents": [], "uptime": "0", "uptime_age": "0 seconds",
            "was_rollback": "False",
        ])
    }

    @Test("device/getinfo answers as device/info; a dead bird is False in both live keys", arguments: [
        DevicePaths.info, DevicePaths.getinfo,
    ])
    func getinfo(_ path: String) throws {
        let console = try TestConsole()
        try Self.add(console, Self.deadBird)
        let reply = try console.call(.get, path, [("node_id", DevicePaths.otherNode), ("settings", "False")], via: .query)
        let device = try #require(reply.json["device"]?.objectValue)
        #expect(device["live"] == "False" && device["device_live"] == "False")
        #expect(device["mac"] == "f0:4d:a2:a9:e0:25" && device["mac_address"] == "F0:4D:A2:A9:E0:25")
        #expect(device["service_count"] == "7" && device["device_version"] == "3.5.0" && device["subnet"] == "10.1.0.0/16")
        #expect(device["settings"] == nil)
        // Every value but the incident list is a string, as the official client expects.
        for (key, value) in device where key != "unacknowleged_incidents" {
            #expect(value.stringValue != nil, "\(key): \(value)")
        }
    }

    @Test("settings: true in any case or 1 adds the settings object; False, 0, absent or anything else does not", arguments: [
        ("true", true), ("True", true), ("TRUE", true), ("1", true), ("False", false), ("false", false), ("0", false),
        ("", false), ("yes please", false),
    ])
    func settings(_ value: String, _ included: Bool) throws {
        let console = try TestConsole()
        try Self.add(console, Self.exampleBird)
        let reply = try console.call(
            .get, DevicePaths.getinfo, [("node_id", DevicePaths.node), ("settings", value), ("exclude_fixed_settings", "true")],
            via: .query)
        #expect(reply.status == 200)
        #expect((reply.json["device"]?["settings"] != nil) == included)
        if included {
            let settings = try #require(reply.json["device"]?["settings"])
            #expect(settings["device.name"] == "ExampleBird" && settings["device.ip_address"] == "192.168.1.2")
            #expect(settings["device.netmask"] == "255.255.255.0" && settings["device.personality"] == "linux-db")
            #expect(settings["device.desc"] == "SVR Room" && settings["device.mac"] == "00:00:00:49:5c:ec")
            #expect(settings["services"]?["http"]?["instances"]?[0]?["port"] == 80)
            #expect(settings["services"]?["ssh"]?["instances"]?[0]?["port"] == 22)
        }
    }

    @Test("An unknown, malformed or missing node_id is Device not found (404)", arguments: [
        DevicePaths.info, DevicePaths.getinfo,
    ])
    func notFound(_ path: String) throws {
        let console = try TestConsole()
        try Self.add(console, Self.exampleBird)
        for parameters in [[("node_id", "0000000000000001")], [("node_id", "")], [], [("node_id", "not-a-node")]] {
            expectError(try console.call(.get, path, parameters, via: .query), "Device not found", status: 404)
        }
    }

    @Test("unacknowleged_incidents (sic) lists the bird's unacknowledged incident keys, oldest first")
    func unacknowledged() throws {
        let console = try TestConsole()
        try Self.add(console, Self.exampleBird)
        func incident(_ key: String, _ node: String, acknowledged: Bool, _ id: Int) -> IncidentRecord {
            IncidentRecord(
                key: key, hashID: String(repeating: "\(id)", count: 32), nodeID: node, kind: "", logtype: "1004",
                flockID: "flock:default", srcHost: "", srcPort: 0, description: "Canary Disconnected",
                createdMicros: TestConsole.now + Int64(id), lastEventMicros: TestConsole.now, updatedMicros: TestConsole.now,
                acknowledged: acknowledged, updatedID: id, events: [])
        }
        try console.store.transaction { transaction in
            try transaction.insertIncident(incident("incident:a", DevicePaths.node, acknowledged: false, 1))
            try transaction.insertIncident(incident("incident:b", DevicePaths.node, acknowledged: true, 2))
            try transaction.insertIncident(incident("incident:c", DevicePaths.node, acknowledged: false, 3))
            try transaction.insertIncident(incident("incident:d", DevicePaths.otherNode, acknowledged: false, 4))
        }
        let reply = try console.call(.get, DevicePaths.getinfo, [("node_id", DevicePaths.node)], via: .query)
        #expect(reply.json["device"]?["unacknowleged_incidents"] == [["key": "incident:a"], ["key": "incident:c"]])
        #expect(reply.json["device"]?["unacknowledged_incidents"] == nil)
    }

    @Test("/_mock/clock moves ages and uptimes: a live bird's grow, a dead bird keeps its uptime")
    func clock() throws {
        let console = try TestConsole()
        try Self.add(console, Self.exampleBird)
        try Self.add(console, Self.deadBird)
        #expect(try console.send(.make(.post, "/_mock/clock", form: [("advance", "691200")])).status == 200)
        let live = try console.call(.get, DevicePaths.getinfo, [("node_id", DevicePaths.node)], via: .query)
        #expect(live.json["device"]?["uptime"] == "691200" && live.json["device"]?["uptime_age"] == "1 week")
        #expect(live.json["device"]?["first_seen_age"] == "1 week" && live.json["device"]?["last_heartbeat_age"] == "0 seconds")
        #expect(live.json["device"]?["last_seen_std"] == "2020-04-14 08:21:55 UTC+0000")
        let dead = try console.call(.get, DevicePaths.getinfo, [("node_id", DevicePaths.otherNode)], via: .query)
        #expect(dead.json["device"]?["uptime"] == "0" && dead.json["device"]?["last_heartbeat_age"] == "1 week")
        #expect(dead.json["device"]?["last_seen_std"] == .string(Self.nowStd))
    }
}
