/// A stored incident with its events, oldest first (docs/incidents.md).
package struct IncidentRecord: Sendable, Equatable {
    /// The incident key, `incident:canarytoken:<24 hex>:<source IP>:<epoch>`, the primary key.
    package var key: String
    /// 32 lowercase hex, unique.
    package var hashID: String
    /// The token id (or a device's node id for seeded incidents).
    package var nodeID: String
    /// The token kind at the first event.
    package var kind: String
    /// The logtype code as text, e.g. `17000`.
    package var logtype: String
    /// The flock of the token at the first event.
    package var flockID: String
    /// The source IP (empty for the DNS channel).
    package var srcHost: String
    /// The source port (0 for tokens).
    package var srcPort: Int
    /// The description text, e.g. `Canarytoken triggered`.
    package var description: String
    /// Creation time (the first event's time) in microseconds since the Unix epoch.
    package var createdMicros: Int64
    /// The latest event's time in microseconds since the Unix epoch.
    package var lastEventMicros: Int64
    /// The time of the latest change (event or acknowledgement) in microseconds since the Unix epoch.
    package var updatedMicros: Int64
    /// Whether the incident is acknowledged.
    package var acknowledged: Bool
    /// The incident change counter's value at this incident's last change.
    package var updatedID: Int
    /// The events, in the order they were recorded.
    package var events: [IncidentEvent]
    /// Description members kept from a seed file beyond the columns, as a JSON object text (`{}` for triggered
    /// incidents); the API lays them over the members it computes.
    package var extra: String

    /// Makes an incident record.
    package init(
        key: String,
        hashID: String,
        nodeID: String,
        kind: String,
        logtype: String,
        flockID: String,
        srcHost: String,
        srcPort: Int,
        description: String,
        createdMicros: Int64,
        lastEventMicros: Int64,
        updatedMicros: Int64,
        acknowledged: Bool,
        updatedID: Int,
        events: [IncidentEvent],
        extra: String = "{}"
    ) {
        self.key = key
        self.hashID = hashID
        self.nodeID = nodeID
        self.kind = kind
        self.logtype = logtype
        self.flockID = flockID
        self.srcHost = srcHost
        self.srcPort = srcPort
        self.description = description
        self.createdMicros = createdMicros
        self.lastEventMicros = lastEventMicros
        self.updatedMicros = updatedMicros
        self.acknowledged = acknowledged
        self.updatedID = updatedID
        self.events = events
        self.extra = extra
    }
}
