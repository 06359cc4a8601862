import CanaryStore
import MiniHTTP

/// An incident as the Console shows it (docs/incident-endpoints.md "Incident objects"): the feed's list item with
/// its `description` object (https://docs.canary.tools/incidents/queries.html), the flat form of `incident/fetch`
/// (https://docs.canary.tools/incidents/actions.html), and the search item.
package enum IncidentJSON {
    /// The feed list item: `id`, `hash_id`, `summary`, `updated*` and the `description` object.
    /// - Parameters:
    ///   - names: the memos and flock names of the answer's incidents.
    ///   - dstHost: `description.dst_host`, the address the token host resolves to (`dns_answer_ip`).
    ///   - eventLimit: at most this many events (the first ones) in `events`; `events_count` and `events_list`
    ///     still count them all.
    package static func item(
        _ incident: IncidentRecord, names: IncidentNames, dstHost: String, tz: IncidentTimeZone = .utc,
        eventLimit: Int? = nil
    ) -> JSONValue {
        [
            "description": .object(
                description(incident, names: names, dstHost: dstHost, tz: tz, eventLimit: eventLimit)),
            "hash_id": .string(incident.hashID),
            "id": .string(incident.key),
            "summary": .string(incident.description),
            "updated": .string(Timestamps.httpDate(incident.updatedMicros)),
            "updated_id": .int(incident.updatedID),
            "updated_std": .string(tz.standard(incident.updatedMicros)),
            "updated_time": .string(String(Timestamps.floorSeconds(incident.updatedMicros))),
        ]
    }

    /// The flat form of `incident/fetch`: the `description` object's members at the top level (so `description` is
    /// the text) with the incident key as `id`, and no `summary`, `hash_id` or `updated*` wrapper. The control API's
    /// `POST /_mock/trigger` answers with it too.
    package static func flat(
        _ incident: IncidentRecord, names: IncidentNames, dstHost: String, tz: IncidentTimeZone = .utc
    ) -> JSONValue {
        var object = description(incident, names: names, dstHost: dstHost, tz: tz, eventLimit: nil)
        object["id"] = .string(incident.key)
        return .object(object)
    }

    /// The flat form, reading the incident's memo and flock name through the context's store.
    package static func flat(
        _ incident: IncidentRecord, context: ConsoleContext, tz: IncidentTimeZone = .utc
    ) throws(APIError) -> JSONValue {
        let names = try IncidentNames.load(for: [incident], context)
        return flat(incident, names: names, dstHost: context.configuration.dnsAnswerIP, tz: tz)
    }

    /// The search item: the flat form with `hash_id`, `incident_key` and `key` (the incident key), `logdata` (the
    /// events), `events_list` as millisecond integers, `updated_id`, and `previously_seen_count` (how many other
    /// incidents the store holds from the same non-empty source host).
    package static func searchItem(
        _ incident: IncidentRecord, names: IncidentNames, dstHost: String, tz: IncidentTimeZone,
        previouslySeen: Int
    ) -> JSONValue {
        var object = description(incident, names: names, dstHost: dstHost, tz: tz, eventLimit: nil)
        object["id"] = .string(incident.key)
        object["hash_id"] = .string(incident.hashID)
        object["incident_key"] = .string(incident.key)
        object["key"] = .string(incident.key)
        object["logdata"] = object["events"] ?? .array([])
        object["events_list"] = .array(incident.events.map { .int(Int($0.timeMicros / 1_000)) })
        object["previously_seen_count"] = .int(previouslySeen)
        object["updated_id"] = .int(incident.updatedID)
        return .object(object)
    }

    /// The `description` object: the stored columns in the Console's string-typed form, with the members of the
    /// incident's `extra` (a seeded incident's members the columns do not hold, or a bird incident's name, address
    /// and ports) laid over them.
    package static func description(
        _ incident: IncidentRecord, names: IncidentNames, dstHost: String, tz: IncidentTimeZone, eventLimit: Int?
    ) -> [String: JSONValue] {
        let shown = eventLimit.map { Array(incident.events.prefix($0)) } ?? incident.events
        let channel = TriggerKinds.entry(for: incident.kind).channel
        var object: [String: JSONValue] = [
            "acknowledged": .string(incident.acknowledged ? "True" : "False"),
            "created": .string(String(Timestamps.floorSeconds(incident.createdMicros))),
            "created_std": .string(tz.standard(incident.createdMicros)),
            "description": .string(incident.description),
            "dst_host": .string(dstHost),
            "dst_port": .string(String(TriggerKinds.destinationPort(channel))),
            "events": .array(shown.map { event($0, tz: tz) }),
            "events_count": .string(String(incident.events.count)),
            "events_list": .string(
                incident.events.map { String(Timestamps.floorSeconds($0.timeMicros)) }.joined(separator: ",")),
            "flock_id": .string(incident.flockID),
            "flock_name": .string(names.flockName(incident.flockID)),
            "local_time": .string(Timestamps.printable(incident.createdMicros)),
            "logtype": .string(incident.logtype),
            "matched_annotations": .object([:]),
            "memo": .string(names.memo(incident.nodeID)),
            "name": "N/A",
            "node_id": .string(incident.nodeID),
            "notified": "False",
            "src_host": .string(incident.srcHost),
            "src_port": .string(String(incident.srcPort)),
        ]
        // docs/bird-incidents.md: a bird's incident has no `memo`; its name, address and ports come from `extra`,
        // kept at its first event (or from the seed file).
        if BirdIncidents.isBird(incident) { object["memo"] = nil }
        if case .object(let extra)? = try? JSONReader.parse(Array(incident.extra.utf8)) {
            object.merge(extra) { _, seeded in seeded }
        }
        return object
    }

    /// One stored event: its fields as stored, with `timestamp_std` printed again from `timestamp` in the zone.
    /// Fields that are not a JSON object (never written by the mock) show as `{}`.
    package static func event(_ event: IncidentEvent, tz: IncidentTimeZone) -> JSONValue {
        guard case .object(var fields)? = try? JSONReader.parse(Array(event.fields.utf8)) else { return .object([:]) }
        // Bounded so a seeded event's odd timestamp cannot overflow the microsecond product.
        if let seconds = fields["timestamp"]?.intValue, abs(seconds) < 100_000_000_000 {
            fields["timestamp_std"] = .string(tz.standard(Int64(seconds) * 1_000_000))
        }
        return .object(fields)
    }
}
