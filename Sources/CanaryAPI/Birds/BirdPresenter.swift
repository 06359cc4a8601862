import CanaryStore
import MiniHTTP

/// One stored bird drawn the three ways the API shows it (docs/birds.md): the typed list item of
/// `devices/all|live|dead`, the string-typed raw record of `device/info` and `device/getinfo`, and the seed-file entry
/// of `GET /_mock/state`. Times are computed at `nowMicros`, so `/_mock/clock` moves ages and uptimes.
package struct BirdPresenter {
    /// The defaults of the optional fields: the Console docs' example bird (docs/birds.md "Optional fields");
    /// `mac_address` and `subnet` are derived from the bird instead.
    package static let optionDefaults: [String: JSONValue] = [
        "netmask": "24", "ippers": "linux", "personality": "linux-db", "sensor": "thinkstcanary", "version": "2.3.1",
        "note": "", "public_ip": "", "instance_id": "", "region_id": "", "gcp_project": "", "gcp_zone": "",
        "migration_status": "", "outside_bird": .bool(false), "service_count": .int(21),
    ]

    /// The bird.
    package let device: DeviceRecord
    /// The time the answer is made at.
    package let nowMicros: Int64
    /// The zone of the `*_std` fields.
    package let zone: IncidentTimeZone
    /// The optional fields as stored.
    private let options: [String: JSONValue]

    /// Draws `device` at `nowMicros`, `*_std` in `zone`.
    package init(_ device: DeviceRecord, nowMicros: Int64, zone: IncidentTimeZone = .utc) {
        self.device = device
        self.nowMicros = nowMicros
        self.zone = zone
        options = (try? JSONReader.parse(Array(device.options.utf8)))?.objectValue ?? [:]
    }

    // MARK: - Times

    /// A live bird is heard from now; a dead one was last heard from when it died.
    package var lastSeenMicros: Int64 { device.live ? max(nowMicros, device.lastSeenMicros) : device.lastSeenMicros }

    /// Seconds since the bird last came up (for a dead bird: how long it had been up when it died).
    package var uptimeSeconds: Int64 {
        max(0, Timestamps.floorSeconds(lastSeenMicros) - Timestamps.floorSeconds(device.liveSinceMicros))
    }

    // MARK: - Fields

    /// A text option, or its default.
    package func text(_ key: String) -> String {
        if let value = options[key]?.stringValue { return value }
        switch key {
        case "mac_address":
            // The last three octets are the node id's last six hex digits, as on hardware birds (docs/birds.md).
            let tail = Array(device.nodeID.suffix(6))
            guard tail.count == 6 else { return "00:00:00:00:00:00" }
            return "00:00:00:\(String(tail[0...1])):\(String(tail[2...3])):\(String(tail[4...5]))"
        case "subnet":
            return Self.subnet(device.ipAddress, prefix: Int(text("netmask")) ?? 24)
        default:
            return Self.optionDefaults[key]?.stringValue ?? ""
        }
    }

    /// `outside_bird`.
    package var outsideBird: Bool { options["outside_bird"]?.boolValue ?? false }

    /// `service_count`.
    package var serviceCount: Int { options["service_count"]?.intValue ?? 21 }

    /// `"192.168.1.0/24"` for `192.168.1.2` and prefix 24; empty without an IPv4 address.
    package static func subnet(_ address: String, prefix: Int) -> String {
        let octets = address.split(separator: ".").compactMap { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 <= 255 }), (0...32).contains(prefix) else { return "" }
        let value = octets.reduce(UInt32(0)) { ($0 << 8) | $1 }
        let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefix)
        let network = value & mask
        return "\(network >> 24).\((network >> 16) & 255).\((network >> 8) & 255).\(network & 255)/\(prefix)"
    }

    /// `"255.255.255.0"` for prefix 24.
    package static func dottedNetmask(prefix: Int) -> String {
        let bits = min(32, max(0, prefix))
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << UInt32(32 - bits)
        return "\(mask >> 24).\((mask >> 16) & 255).\((mask >> 8) & 255).\(mask & 255)"
    }

    // MARK: - The three shapes

    /// The list item of `devices/all|live|dead`: JSON booleans and integers, `id` but no `node_id`
    /// (CONSOLE shapes in docs/birds.md "List item").
    package var listItem: JSONValue {
        let lastSeen = lastSeenMicros
        var item: [String: JSONValue] = [
            "description": .string(device.description),
            "first_seen": .string(BirdTime.javaScriptDate(device.firstSeenMicros)),
            "first_seen_std": .string(zone.standard(device.firstSeenMicros)),
            "id": .string(device.nodeID),
            "ignore_notifications": false, "ignore_notifications_disconnects": false,
            "ignore_notifications_reconnects": false,
            "ip_address": .string(device.ipAddress),
            "last_seen": .string(BirdTime.javaScriptDate(lastSeen)),
            "last_seen_std": .string(zone.standard(lastSeen)),
            "live": .bool(device.live),
            "local_time": .string(BirdTime.localTime(lastSeen)),
            "location": .string(device.location),
            "name": .string(device.name),
            "outside_bird": .bool(outsideBird),
            "updated": .string(Timestamps.httpDate(lastSeen)),
            "updated_std": .string(zone.standard(lastSeen)),
            "updated_timestamp": .int(Int(Timestamps.floorSeconds(lastSeen))),
            "uptime": .int(Int(uptimeSeconds)),
            "uptime_age": .string(BirdTime.age(seconds: uptimeSeconds)),
        ]
        for key in [
            "gcp_project", "gcp_zone", "instance_id", "ippers", "mac_address", "migration_status", "netmask", "note",
            "personality", "public_ip", "region_id", "sensor", "subnet", "version",
        ] {
            item[key] = .string(text(key))
        }
        return .object(item)
    }

    /// The raw record of `device/info` and `device/getinfo`: every value a string (booleans `"True"`/`"False"`,
    /// `live` and `device_live` included: docs/birds.md "live in the raw record"), `id` = `device_id` = `node_id`,
    /// and `unacknowleged_incidents` (sic) listing `unacknowledgedKeys`; `settings` when `withSettings`.
    package func rawRecord(unacknowledgedKeys: [String], withSettings: Bool) -> JSONValue {
        let lastSeen = lastSeenMicros
        let firstSeconds = Timestamps.floorSeconds(device.firstSeenMicros)
        let lastSeconds = Timestamps.floorSeconds(lastSeen)
        let nowSeconds = Timestamps.floorSeconds(nowMicros)
        let live: JSONValue = .string(device.live ? "True" : "False")
        var record: [String: JSONValue] = [
            "autoreg_time": .string(Timestamps.created(device.firstSeenMicros)),
            "current_settings": .string("devicesettings:\(device.deviceIDHash):\(firstSeconds)"),
            "description": .string(device.description),
            "device_id": .string(device.nodeID),
            "device_id_hash": .string(device.deviceIDHash),
            "device_live": live,
            "device_version": .string(text("version")),
            "first_seen": .string(String(firstSeconds)),
            "first_seen_age": .string(BirdTime.age(seconds: nowSeconds - firstSeconds)),
            "first_seen_printable": .string(BirdTime.javaScriptDate(device.firstSeenMicros)),
            "first_seen_std": .string(zone.standard(device.firstSeenMicros)),
            "flock_id": .string(device.flockID),
            "ghost": "False",
            "id": .string(device.nodeID),
            "ignore_notifications_disconnect": "False",
            "ignore_notifications_general": "False",
            "ip_address": .string(device.ipAddress),
            "last_heartbeat": .string(String(lastSeconds)),
            "last_heartbeat_age": .string(BirdTime.age(seconds: nowSeconds - lastSeconds)),
            "last_heartbeat_printable": .string(BirdTime.javaScriptDate(lastSeen)),
            "last_seen_std": .string(zone.standard(lastSeen)),
            "live": live,
            "local_time": .string(BirdTime.localTime(lastSeen)),
            "location": .string(device.location),
            "mac": .string(text("mac_address").lowercased()),
            "name": .string(device.name),
            "need_reboot": "False",
            "node_id": .string(device.nodeID),
            "notify_after_horizon_reconnect": "False",
            "reconnect_count": .string(String(device.reconnectCount)),
            "service_count": .string(String(serviceCount)),
            "unacknowleged_incidents": .array(unacknowledgedKeys.map { .object(["key": .string($0)]) }),
            "uptime": .string(String(uptimeSeconds)),
            "uptime_age": .string(BirdTime.age(seconds: uptimeSeconds)),
            "was_rollback": "False",
        ]
        for key in ["ippers", "mac_address", "netmask", "note", "personality", "sensor", "subnet"] {
            record[key] = .string(text(key))
        }
        if withSettings { record["settings"] = settings }
        return .object(record)
    }

    /// A small settings object in the Console's shape (flat dotted keys, typed values, a `services` block):
    /// the bird's own name, address and personality, an HTTP and an SSH service, the rest off (docs/birds.md).
    package var settings: JSONValue {
        let prefix = Int(text("netmask")) ?? 24
        return .object([
            "device.desc": .string(device.description),
            "device.dhcp.enabled": .bool(device.ipAddress.isEmpty),
            "device.ip_address": .string(device.ipAddress),
            "device.ippers": .string(text("ippers")),
            "device.mac": .string(text("mac_address").lowercased()),
            "device.name": .string(device.name),
            "device.netmask": .string(Self.dottedNetmask(prefix: prefix)),
            "device.personality": .string(text("personality")),
            "device.usermodule": .array([]),
            "firewall.enabled": false,
            "ftp.banner": "FTP server ready", "ftp.enabled": false, "ftp.port": 21,
            "portscan.enabled": true,
            "remoteupdates.enabled": true,
            "rollback.enabled": true,
            "services": .object([
                "http": .object([
                    "enabled": true, "instance_defaults": .object([:]),
                    "instances": .array([.object([
                        "banner": "", "enabled": true, "headers": .object(["enabled": false, "items": .object([:])]),
                        "name": "Default Webserver", "port": 80, "skin": "nasLogin",
                    ])]),
                    "userwebroot_present": false,
                ]),
                "ssh": .object([
                    "enabled": true, "instance_defaults": .object([:]),
                    "instances": .array([.object([
                        "enabled": true, "name": "Default SSH server", "port": 22, "preauth_banner": "",
                        "version": "SSH-2.0-OpenSSH_5.1p1 Debian-4",
                    ])]),
                ]),
            ]),
        ])
    }

    /// The bird as a seed-file entry (`GET /_mock/state`), which `BirdFields(reading:)` reads back: the stored
    /// fields and the optional fields as given.
    package var stateEntry: JSONValue {
        var entry: [String: JSONValue] = [
            "description": .string(device.description),
            "device_id_hash": .string(device.deviceIDHash),
            "first_seen": .int(Int(Timestamps.floorSeconds(device.firstSeenMicros))),
            "flock_id": .string(device.flockID),
            "ip_address": .string(device.ipAddress),
            "live": .bool(device.live),
            "location": .string(device.location),
            "name": .string(device.name),
            "node_id": .string(device.nodeID),
        ]
        for (key, value) in options where BirdFields.optionKinds[key] != nil { entry[key] = value }
        return .object(entry)
    }
}
