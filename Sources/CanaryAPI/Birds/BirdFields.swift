import Basics
import CanaryStore
import MiniHTTP

/// One bird as the config file, the seed file or `POST /_mock/devices` gives it (docs/birds.md "Fields"), checked;
/// `record(replacing:nowMicros:deviceIDHash:)` turns it into the stored `DeviceRecord`.
package struct BirdFields: Sendable, Equatable {
    /// The kinds of optional field, with their defaults (docs/birds.md "Optional fields").
    package enum OptionKind: Sendable, Equatable {
        /// A string of at most `maxTextLength` characters.
        case text
        /// `true` or `false`.
        case flag
        /// A whole number from 0 to 10,000.
        case count
    }

    /// The optional fields a bird may be given, kept in its record's `options` (docs/birds.md).
    package static let optionKinds: [String: OptionKind] = [
        "mac_address": .text, "netmask": .text, "subnet": .text, "ippers": .text, "personality": .text,
        "sensor": .text, "version": .text, "note": .text, "public_ip": .text, "instance_id": .text,
        "region_id": .text, "gcp_project": .text, "gcp_zone": .text, "migration_status": .text,
        "outside_bird": .flag, "service_count": .count,
    ]

    /// The fields every bird has (columns of the `devices` table), as given in an entry.
    package static let coreKeys: Set<String> = [
        "node_id", "device_id_hash", "name", "description", "location", "ip_address", "live", "flock_id", "first_seen",
    ]

    /// Every key an entry may hold.
    package static var keys: Set<String> { coreKeys.union(optionKinds.keys) }

    /// Longest `name` (the Console's limit for flock names, used for birds too: mock's choice).
    package static let maxNameLength = 100
    /// Longest text of any other field.
    package static let maxTextLength = 1000

    /// 16 lowercase hex; nil: the mock makes one (docs/birds.md "node_id").
    package var nodeID: String?
    /// 24 lowercase hex; nil: the mock makes one.
    package var deviceIDHash: String?
    /// 1–100 characters.
    package var name: String
    /// Free text; default empty.
    package var description = ""
    /// Free text; default empty.
    package var location = ""
    /// An IPv4 address, or empty (the default).
    package var ipAddress = ""
    /// Default `flock:default`; must exist when the bird is stored.
    package var flockID = KindsTable.defaultFlockID
    /// Default true.
    package var live = true
    /// Seconds since 1970; nil: when it is first stored (a replaced bird keeps its own).
    package var firstSeenSeconds: Int64?
    /// The optional fields given, by key (defaults are applied when the bird is shown).
    package var options: [String: JSONValue] = [:]
    /// Where `flock_id` was given, for an error found only when the bird is stored: the file and the key, e.g.
    /// `config file c.json: key "devices[0].flock_id"`.
    package var flockSource = "flock_id"

    /// A bird with a name and every default.
    package init(name: String) {
        self.name = name
    }

    /// Reads and checks one entry; unknown keys and malformed values are errors naming the key, in the entry's
    /// dialect (config file, seed file or control request).
    package init(reading entry: JSONObjectReader) throws(ConfigurationError) {
        try entry.rejectUnknown(Self.keys)
        let name = try entry.requiredString("name")
        guard (1...Self.maxNameLength).contains(name.count) else {
            throw entry.problem("name", "must be 1 to \(Self.maxNameLength) characters")
        }
        self.init(name: name)
        if let nodeID = try entry.string("node_id") {
            guard Self.isLowerHex(nodeID, count: 16) else {
                throw entry.problem("node_id", "must be 16 lowercase hex digits, such as 00000000f9495cec", got: nodeID)
            }
            self.nodeID = nodeID
        }
        if let hash = try entry.string("device_id_hash") {
            guard Self.isLowerHex(hash, count: 24) else {
                throw entry.problem("device_id_hash", "must be 24 lowercase hex digits", got: hash)
            }
            deviceIDHash = hash
        }
        description = try Self.text(entry, "description") ?? ""
        location = try Self.text(entry, "location") ?? ""
        if let address = try entry.string("ip_address") {
            guard address.isEmpty || Validation.isIPv4(address) else {
                throw entry.problem("ip_address", "must be an IPv4 address such as 192.168.1.2", got: address)
            }
            ipAddress = address
        }
        flockID = try entry.flockReference("flock_id")
        flockSource = entry.location("flock_id")
        live = try entry.bool("live") ?? true
        firstSeenSeconds = try entry.integer("first_seen", in: 0...99_999_999_999).map(Int64.init)
        for (key, kind) in Self.optionKinds.sorted(by: { $0.key < $1.key }) where entry.value(key) != nil {
            switch kind {
            case .text:
                let text = try Self.text(entry, key) ?? ""
                try Self.checkOption(key, text, entry)
                options[key] = .string(text)
            case .flag:
                options[key] = .bool(try entry.bool(key) ?? false)
            case .count:
                options[key] = .int(try entry.integer(key, in: 0...10_000) ?? 0)
            }
        }
    }

    /// The record to store: a new bird at `nowMicros`, or `existing` replaced (it keeps its first sighting, its
    /// `device_id_hash` and, when its state is the same, its uptime, last sighting and reconnect count).
    /// - Parameter deviceIDHash: the hash of a new bird given none.
    package func record(replacing existing: DeviceRecord?, nodeID: String, deviceIDHash: String, nowMicros: Int64)
        -> DeviceRecord
    {
        let firstSeen = firstSeenSeconds.map { $0 * 1_000_000 } ?? existing?.firstSeenMicros ?? nowMicros
        var record = DeviceRecord(
            nodeID: nodeID, deviceIDHash: self.deviceIDHash ?? existing?.deviceIDHash ?? deviceIDHash, name: name,
            description: description, location: location, ipAddress: ipAddress, flockID: flockID, live: live,
            firstSeenMicros: firstSeen, lastSeenMicros: max(nowMicros, firstSeen), liveSinceMicros: max(nowMicros, firstSeen),
            reconnectCount: existing?.reconnectCount ?? 0,
            options: String(decoding: JSONWriter.encodeLine(.object(options)), as: UTF8.self))
        if let existing, existing.live == live {
            record.lastSeenMicros = existing.lastSeenMicros
            record.liveSinceMicros = existing.liveSinceMicros
        }
        return record
    }

    /// A text field within `maxTextLength`, or nil when absent.
    private static func text(_ entry: JSONObjectReader, _ key: String) throws(ConfigurationError) -> String? {
        guard let text = try entry.string(key) else { return nil }
        guard text.count <= maxTextLength else { throw entry.problem(key, "must be at most \(maxTextLength) characters") }
        return text
    }

    /// The formats of the optional fields that have one: `mac_address` six hex pairs, `netmask` a prefix length.
    private static func checkOption(_ key: String, _ text: String, _ entry: JSONObjectReader) throws(ConfigurationError) {
        switch key {
        case "mac_address":
            let pairs = text.split(separator: ":", omittingEmptySubsequences: false)
            guard pairs.count == 6, pairs.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isHexDigit) }) else {
                throw entry.problem(key, "must be six hex pairs such as 00:0c:29:4e:46:09", got: text)
            }
        case "netmask":
            guard let bits = Int(text), (0...32).contains(bits), text.allSatisfy(\.isASCII) else {
                throw entry.problem(key, "must be a prefix length from 0 to 32, such as 24", got: text)
            }
        default:
            break
        }
    }

    /// Exactly `count` lowercase hex digits.
    package static func isLowerHex(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// A new node id: eight zeros and eight random hex digits, the shape of a hardware bird's
    /// (`00000000f9495cec`, docs/birds.md "node_id").
    package static func newNodeID() -> String {
        "00000000" + SecureRandom.string(8, from: Array("0123456789abcdef".utf8))
    }

    /// A new `device_id_hash`: 24 random hex digits.
    package static func newDeviceIDHash() -> String {
        SecureRandom.string(24, from: Array("0123456789abcdef".utf8))
    }

    /// `count` hex digits derived from `text` (FNV-1a, as the seed file's stable incident hash ids): a file's bird
    /// without a node id or hash gets the same ones on every start, so a restart finds the bird it stored.
    package static func stableHex(_ text: String, count: Int) -> String {
        var digits = ""
        var salt: UInt8 = 0
        while digits.count < count {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in text.utf8 { hash = (hash ^ UInt64(byte ^ salt)) &* 0x0000_0100_0000_01B3 }
            let part = String(hash, radix: 16)
            digits += String(repeating: "0", count: 16 - part.count) + part
            salt &+= 0x5A
        }
        return String(digits.prefix(count))
    }
}
