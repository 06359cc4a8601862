import CanaryStore
import MiniHTTP

extension WebhookBody {
    /// What a bird incident's body is made from, beyond the incident itself.
    package struct BirdFacts: Sendable, Equatable {
        /// The bird's name (`CanaryName`, and in `Intro`).
        package var name: String
        /// The bird's address (`CanaryIP`, and in `Intro`).
        package var ipAddress: String
        /// The bird's location (`CanaryLocation`).
        package var location: String
        /// How many other incidents the source IP has (`Background Context`).
        package var previousIncidents: Int

        /// Makes the facts.
        package init(name: String, ipAddress: String, location: String, previousIncidents: Int) {
            self.name = name
            self.ipAddress = ipAddress
            self.location = location
            self.previousIncidents = previousIncidents
        }
    }

    /// The key order of a bird body, as the Console's generic webhook documentation lists it (2026):
    /// https://docs.canary.tools/webhooks/generic.html
    package static let birdKeyOrder = [
        "Description", "Timestamp", "CanaryName", "CanaryID", "CanaryIP", "SourceIP", "CanaryLocation", "ReverseDNS",
        "CanaryPort", "IncidentHash", "Intro", "AdditionalDetails", "AlertType", "LogType", "MatchedAnnotations",
    ]

    /// What a masked secret shows, as in the Console's examples.
    package static let masked = "*******"

    /// The generic body of a newly opened bird incident (docs/webhooks.md "Bird incidents" has every field).
    /// - Parameters:
    ///   - incident: the incident as the pipeline returned it, its first event in `events`.
    ///   - facts: the bird's name, address and location, and the source's other incidents.
    package static func birdIncident(_ incident: IncidentRecord, facts: BirdFacts) -> JSONValue {
        let fields = incident.events.last.flatMap { try? JSONReader.parse(Array($0.fields.utf8)).objectValue } ?? [:]
        let snapshot = (try? JSONReader.parse(Array(incident.extra.utf8)))?.objectValue ?? [:]
        let entry = BirdLogtypes.entry(incident.logtype)
        let sourceIP = incident.srcHost
        let intro = incident.logtype == BirdLogtypes.disconnected
            ? "One of your Canaries (\(facts.name)) previously at \(facts.ipAddress) has disconnected."
            : "\(incident.description) has been detected against one of your Canaries (\(facts.name)) at "
                + "\(facts.ipAddress)."
        var details: [JSONValue] = []
        for detail in entry?.details ?? [] {
            guard let value = fields[detail.field] else { continue }
            let text = detail.masked
                ? masked : value.stringValue ?? String(decoding: JSONWriter.encodeLine(value), as: UTF8.self)
            details.append([.string(detail.label), .string(text)])
        }
        // Last, as in every real body; a sourceless incident (disconnect, tampering) has no source to count.
        if !sourceIP.isEmpty {
            details.append([
                "Background Context",
                .string("You have had \(facts.previousIncidents) incidents from \(sourceIP) previously."),
            ])
        }
        let port = snapshot["dst_port"]?.stringValue.flatMap { Int($0) } ?? entry?.dstPort ?? -1
        return .object([
            "Description": .string(incident.description),
            "Timestamp": .string(Timestamps.printable(incident.createdMicros)),
            "CanaryName": .string(facts.name),
            "CanaryID": .string(incident.nodeID),
            "CanaryIP": .string(facts.ipAddress),
            "SourceIP": .string(sourceIP),
            "CanaryLocation": .string(facts.location),
            "ReverseDNS": "",
            "CanaryPort": .int(port),
            "IncidentHash": .string(incident.hashID),
            "Intro": .string(intro),
            "AdditionalDetails": .array(details),
            "AlertType": "CanaryIncident",
            "LogType": .string(incident.logtype),
            "MatchedAnnotations": "{}",
        ])
    }

    /// Prints a body as Python's `json.dumps(value, indent=2)` prints a dict built in `keyOrder`: the keys of every
    /// object that `keyOrder` names come first in that order, the others after them sorted by code point (a Splunk
    /// body's `event` and `sourcetype`); values are written as `JSONWriter` writes them.
    package static func encode(_ value: JSONValue, keyOrder: [String]) -> [UInt8] {
        var rank: [String: Int] = [:]
        for (index, key) in keyOrder.enumerated() where rank[key] == nil { rank[key] = index }
        var out: [UInt8] = []
        write(value, level: 0, rank: rank, into: &out)
        return out
    }

    /// Writes `value` at indentation `level`, object keys ranked by `rank` (unranked ones after, sorted).
    private static func write(_ value: JSONValue, level: Int, rank: [String: Int], into out: inout [UInt8]) {
        switch value {
        case .object(let members) where !members.isEmpty:
            let keys = members.keys.sorted { lhs, rhs in
                switch (rank[lhs], rank[rhs]) {
                case let (left?, right?): left < right
                case (.some, nil): true
                case (nil, .some): false
                case (nil, nil): lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
                }
            }
            out.append(UInt8(ascii: "{"))
            for (index, key) in keys.enumerated() {
                out.append(contentsOf: index == 0 ? "\n".utf8 : ",\n".utf8)
                indent(level + 1, &out)
                out.append(contentsOf: JSONWriter.encodeLine(.string(key)))
                out.append(contentsOf: ": ".utf8)
                if let member = members[key] { write(member, level: level + 1, rank: rank, into: &out) }
            }
            out.append(UInt8(ascii: "\n"))
            indent(level, &out)
            out.append(UInt8(ascii: "}"))
        case .array(let items) where !items.isEmpty:
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                out.append(contentsOf: index == 0 ? "\n".utf8 : ",\n".utf8)
                indent(level + 1, &out)
                write(item, level: level + 1, rank: rank, into: &out)
            }
            out.append(UInt8(ascii: "\n"))
            indent(level, &out)
            out.append(UInt8(ascii: "]"))
        default:
            // Scalars, `[]` and `{}` print the same on one line as indented.
            out.append(contentsOf: JSONWriter.encodeLine(value))
        }
    }

    /// Two spaces per level.
    private static func indent(_ level: Int, _ out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level * 2))
    }
}
