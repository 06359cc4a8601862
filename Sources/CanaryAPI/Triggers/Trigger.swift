import MiniHTTP

/// One hit on a token, as a channel hands it to `TriggerPipeline.record(_:)` (docs/triggers.md).
package struct Trigger: Sendable, Equatable {
    /// How a hit reached the mock; it decides the event's `dst_port` and whether the incident key carries the
    /// source IP.
    package enum Channel: String, Sendable, Equatable, CaseIterable {
        /// A request to the token's URL (and the kinds whose hits the Console receives over HTTP).
        case http = "HTTP"
        /// A query for the token's host name; the source is the resolver, and the incident key has no IP.
        case dns = "DNS"
        /// A call signed with an `aws-id` token's access key.
        case aws = "AWS"
    }

    /// The token id, lowercase.
    package var canarytoken: String
    /// The channel; nil takes the kind's own (`TriggerKinds`).
    package var channel: Channel?
    /// The source IP: the peer address, or the resolver for DNS.
    package var srcIP: String
    /// The source port, when the channel knows it (it never enters the incident, whose `src_port` is 0 for tokens).
    package var srcPort: Int?
    /// The event's time in microseconds since the Unix epoch; nil: now on the console's clock.
    package var timeMicros: Int64?
    /// The channel's own event fields (`headers`, `url`, `request_args`, `hostname`, `generic_data`, `event_name`,
    /// …). The pipeline adds the common ones (`canarytoken`, `type`, `timestamp`, `timestamp_std`, `src_host`,
    /// `dst_port`), which win over a channel field of the same name.
    package var fields: [String: JSONValue]

    /// Makes a trigger.
    package init(
        canarytoken: String, channel: Channel? = nil, srcIP: String, srcPort: Int? = nil, timeMicros: Int64? = nil,
        fields: [String: JSONValue] = [:]
    ) {
        self.canarytoken = canarytoken
        self.channel = channel
        self.srcIP = srcIP
        self.srcPort = srcPort
        self.timeMicros = timeMicros
        self.fields = fields
    }
}
