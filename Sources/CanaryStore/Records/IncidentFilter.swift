/// Which incidents a query, a bulk change or a feed page selects (docs/incidents.md "Queries"). Every condition
/// given must hold; a nil condition selects everything.
package struct IncidentFilter: Sendable, Equatable {
    /// Only acknowledged (true) or unacknowledged (false) incidents.
    package var acknowledged: Bool?
    /// Only incidents of this node id (a token id, or a device's node id).
    package var nodeID: String?
    /// Only incidents in this flock.
    package var flockID: String?
    /// Only incidents from this source IP.
    package var srcHost: String?
    /// Only incidents created strictly after this time (microseconds since the Unix epoch).
    package var createdAfterMicros: Int64?
    /// Only incidents created strictly before this time (microseconds since the Unix epoch).
    package var createdBeforeMicros: Int64?
    /// Only incidents with one of these logtypes.
    package var logtypes: [String]?
    /// Only incidents where this text appears, ignoring ASCII case, in the key, node id, source IP, description,
    /// logtype, kind, the token's memo, or any event's fields.
    package var text: String?
    /// Only incidents with one of these keys.
    package var keys: [String]?
    /// Only incidents whose `updated_id` is strictly greater.
    package var updatedAfter: Int?
    /// Only incidents whose `updated_id` is strictly less.
    package var updatedBefore: Int?

    /// A filter that selects every incident.
    package init() {}
}
