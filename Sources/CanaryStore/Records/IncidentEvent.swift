/// One stored event of an incident.
package struct IncidentEvent: Sendable, Equatable {
    /// The event's time in microseconds since the Unix epoch.
    package var timeMicros: Int64
    /// The channel's event fields as a JSON object text, stored as given and never interpreted by the store.
    package var fields: String

    /// Makes an event value.
    package init(timeMicros: Int64, fields: String) {
        self.timeMicros = timeMicros
        self.fields = fields
    }
}
