import CanaryStore
import MiniHTTP

// A seed file's `incidents` (docs/api.md §7.4): a list in the feed's own item shape, so a feed page captured from a
// real Console loads as is. Kept as given: keys, hash ids, `updated_id`s, times, acknowledged state and events, even
// when they name flocks, tokens or birds the mock does not have.

extension SeedFile {
    /// Description members the incident columns hold or the API computes; every other member of a seeded
    /// incident's `description` is kept in `IncidentRecord.extra` and shown as given.
    static let incidentColumnMembers: Set<String> = [
        "acknowledged", "created", "created_std", "description", "events", "events_count", "events_list", "flock_id",
        "local_time", "logtype", "node_id", "src_host", "src_port",
    ]

    /// Reads the `incidents` list; `updated_id`s missing from entries are numbered after the highest given, in
    /// file order.
    /// - Throws: naming the file and the entry's key.
    static func readIncidents(_ file: JSONObjectReader) throws(ConfigurationError) -> [IncidentRecord] {
        let entries = try file.objectList("incidents") ?? []
        var incidents: [IncidentRecord] = []
        var keys: Set<String> = []
        var hashIDs: Set<String> = []
        var updatedIDs: Set<Int> = []
        for entry in entries {
            let incident = try readIncident(entry)
            guard keys.insert(incident.key).inserted else { throw entry.problem("id", "repeats an earlier incident") }
            guard hashIDs.insert(incident.hashID).inserted else {
                throw entry.problem("hash_id", "repeats an earlier incident")
            }
            if incident.updatedID > 0, !updatedIDs.insert(incident.updatedID).inserted {
                throw entry.problem("updated_id", "repeats an earlier incident")
            }
            incidents.append(incident)
        }
        var next = (updatedIDs.max() ?? 0) + 1
        for index in incidents.indices where incidents[index].updatedID == 0 {
            incidents[index].updatedID = next
            next += 1
        }
        return incidents
    }

    /// Stores the incidents not stored yet (a restart over the same database leaves those it finds as they are).
    /// - Throws: `ConfigurationError` naming the entry whose hash id or `updated_id` another incident holds;
    ///   `StoreError` when the database fails.
    static func store(
        _ incidents: [IncidentRecord], file: String, in transaction: ConsoleStore.Transaction
    ) throws {
        for (offset, incident) in incidents.enumerated() {
            if try transaction.incidentExists(incident.key) { continue }
            let stored: Bool
            do {
                try transaction.insertIncident(incident)
                stored = true
            } catch {
                guard error == .duplicateKey else { throw error }
                stored = false
            }
            guard stored else {
                throw ConfigurationError(
                    "\(file): incidents[\(offset)]: its hash_id or updated_id is taken by an incident already stored")
            }
        }
    }

    /// Reads one feed item (`id`, `hash_id`, `updated_id`, `updated_time`, `description` {…}).
    private static func readIncident(_ entry: JSONObjectReader) throws(ConfigurationError) -> IncidentRecord {
        let key = try entry.requiredString("id")
        guard (1...1024).contains(key.utf8.count) else { throw entry.problem("id", "must be 1 to 1024 characters") }
        let hashID = try entry.string("hash_id") ?? stableHashID(key)
        guard (1...64).contains(hashID.utf8.count) else { throw entry.problem("hash_id", "must be 1 to 64 characters") }
        let updatedID = try entry.integer("updated_id", in: 1...Int(Int32.max)) ?? 0
        guard case .object(let members)? = entry.value("description") else {
            throw entry.problem("description", "must be the feed's description object")
        }
        let description = JSONObjectReader(
            source: entry.source, object: members, path: "\(entry.path)description.", dialect: entry.dialect)
        let events = try readEvents(description)
        guard let created = try seconds(description, "created") ?? events.first.map({ $0.timeMicros / 1_000_000 })
        else { throw description.problem("created", "is required (seconds since 1970) when there are no events") }
        let createdMicros = created * 1_000_000
        let lastEvent = events.map(\.timeMicros).max() ?? createdMicros
        let updated = try seconds(entry, "updated_time").map { $0 * 1_000_000 } ?? max(lastEvent, createdMicros)
        let acknowledged = try flag(description, "acknowledged") ?? false
        let kind = key.hasPrefix("incident:canarytoken:") ? eventType(events.first) : ""
        var extra: [String: JSONValue] = [:]
        for (name, value) in members where !incidentColumnMembers.contains(name) { extra[name] = value }
        return IncidentRecord(
            key: key, hashID: hashID, nodeID: try text(description, "node_id") ?? "",
            kind: kind, logtype: try text(description, "logtype") ?? "", flockID: try text(description, "flock_id") ?? "",
            srcHost: try text(description, "src_host") ?? "", srcPort: Int(try text(description, "src_port") ?? "") ?? 0,
            description: try text(description, "description") ?? "", createdMicros: createdMicros,
            lastEventMicros: lastEvent, updatedMicros: updated, acknowledged: acknowledged, updatedID: updatedID,
            events: events, extra: String(decoding: JSONWriter.encodeLine(.object(extra)), as: UTF8.self))
    }

    /// The `events` list, each an object kept as given; its time is its `timestamp` (seconds).
    private static func readEvents(_ description: JSONObjectReader) throws(ConfigurationError) -> [IncidentEvent] {
        guard let value = description.value("events") else { return [] }
        guard case .array(let items) = value else { throw description.problem("events", "must be a list of objects") }
        // The cap every incident keeps (docs/incidents.md), so a seeded one cannot make a page unbounded either.
        guard items.count <= ConsoleStore.maxEventsPerIncident else {
            throw description.problem("events", "must hold at most \(ConsoleStore.maxEventsPerIncident) events")
        }
        var events: [IncidentEvent] = []
        for (offset, item) in items.enumerated() {
            guard case .object(let fields) = item else {
                throw description.problem("events[\(offset)]", "must be an object")
            }
            let reader = JSONObjectReader(
                source: description.source, object: fields, path: "\(description.path)events[\(offset)].",
                dialect: description.dialect)
            guard let time = try seconds(reader, "timestamp") else {
                throw reader.problem("timestamp", "is required (seconds since 1970)")
            }
            events.append(IncidentEvent(
                timeMicros: time * 1_000_000, fields: String(decoding: JSONWriter.encodeLine(item), as: UTF8.self)))
        }
        return events
    }

    /// The `type` member of an event (a token incident's kind), or "".
    private static func eventType(_ event: IncidentEvent?) -> String {
        guard let event, let parsed = try? JSONReader.parse(Array(event.fields.utf8)),
            case .object(let fields) = parsed, case .string(let type)? = fields["type"]
        else { return "" }
        return type
    }

    /// Seconds since 1970 given as a number or as digits in a string (the feed writes `"1720684212"`).
    private static func seconds(_ reader: JSONObjectReader, _ key: String) throws(ConfigurationError) -> Int64? {
        guard let value = reader.value(key) else { return nil }
        let number: Int64?
        switch value {
        case .int(let whole): number = Int64(whole)
        case .double(let real) where real.isFinite: number = Int64(real.rounded(.down))
        case .string(let text): number = parseCreated(text).map { $0 / 1_000_000 }
        default: number = nil
        }
        guard let number, (0..<100_000_000_000).contains(number) else {
            throw reader.problem(key, "must be seconds since 1970, such as \"1720684212\"")
        }
        return number
    }

    /// A member the feed writes as a string, also taken as a number (`"src_port": "0"` or `0`).
    private static func text(_ reader: JSONObjectReader, _ key: String) throws(ConfigurationError) -> String? {
        guard let value = reader.value(key) else { return nil }
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        default: throw reader.problem(key, "must be a string")
        }
    }

    /// `"True"`/`"False"` as the feed writes them, or a JSON boolean.
    private static func flag(_ reader: JSONObjectReader, _ key: String) throws(ConfigurationError) -> Bool? {
        guard let value = reader.value(key) else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .string("True"), .string("true"): return true
        case .string("False"), .string("false"): return false
        default: throw reader.problem(key, "must be \"True\" or \"False\"")
        }
    }

    /// 32 hex digits derived from the key (two FNV-1a hashes), for an entry without `hash_id`: the same on every
    /// start, so a restart over the same database finds the incident it stored.
    static func stableHashID(_ key: String) -> String {
        var first: UInt64 = 0xCBF2_9CE4_8422_2325
        var second: UInt64 = 0x8422_2325_CBF2_9CE4
        for byte in key.utf8 {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            second = (second ^ UInt64(byte ^ 0x5A)) &* 0x0000_0100_0000_01B3
        }
        func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex(first) + hex(second)
    }
}
