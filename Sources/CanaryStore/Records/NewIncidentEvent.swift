/// One trigger of a token, as the trigger pipeline hands it to `ConsoleStore.recordEvent(_:windowMicros:)`.
///
/// `newKey` and `newHashID` are used only when the event opens a new incident; the caller makes them (the store has
/// no randomness) and retries with new ones on `StoreError.duplicateKey` (docs/incidents.md).
package struct NewIncidentEvent: Sendable, Equatable {
    /// The token id; the token must exist.
    package var canarytoken: String
    /// The source IP (empty for the DNS channel); events join only incidents of the same token and source IP.
    package var srcHost: String
    /// The source port (0 for tokens).
    package var srcPort: Int
    /// The event's time in microseconds since the Unix epoch.
    package var timeMicros: Int64
    /// The channel's event fields as a JSON object text.
    package var fields: String
    /// The token kind, stored on a new incident.
    package var kind: String
    /// The logtype code, stored on a new incident.
    package var logtype: String
    /// The token's flock, stored on a new incident.
    package var flockID: String
    /// The description text, stored on a new incident.
    package var description: String
    /// The key of the incident this event opens, if it opens one.
    package var newKey: String
    /// The `hash_id` of the incident this event opens, if it opens one.
    package var newHashID: String

    /// Makes a new-event value.
    package init(
        canarytoken: String,
        srcHost: String,
        srcPort: Int,
        timeMicros: Int64,
        fields: String,
        kind: String,
        logtype: String,
        flockID: String,
        description: String,
        newKey: String,
        newHashID: String
    ) {
        self.canarytoken = canarytoken
        self.srcHost = srcHost
        self.srcPort = srcPort
        self.timeMicros = timeMicros
        self.fields = fields
        self.kind = kind
        self.logtype = logtype
        self.flockID = flockID
        self.description = description
        self.newKey = newKey
        self.newHashID = newHashID
    }
}
