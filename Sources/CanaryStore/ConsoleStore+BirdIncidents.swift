extension ConsoleStore {
    /// One event of a bird (an alert, or its disconnection), as the trigger pipeline hands it to
    /// `recordBirdEvent(_:windowMicros:)` (docs/bird-incidents.md).
    package struct NewBirdEvent: Sendable, Equatable {
        /// The bird's node id; the incident's `node_id`.
        package var nodeID: String
        /// The source IP, empty for sourceless logtypes; events join only incidents of the same bird, source IP
        /// and logtype.
        package var srcHost: String
        /// The source port, -1 when there is none.
        package var srcPort: Int
        /// The event's time in microseconds since the Unix epoch.
        package var timeMicros: Int64
        /// The event fields as a JSON object text.
        package var fields: String
        /// The incident key's word (`sshlogin`, …), stored as the incident's `kind`.
        package var keyWord: String
        /// The logtype code.
        package var logtype: String
        /// The bird's flock, stored on a new incident.
        package var flockID: String
        /// The summary text, stored on a new incident.
        package var description: String
        /// The description members a new incident keeps from its first event (the bird's name and address, the
        /// ports), as a JSON object text for the `extra` column.
        package var extra: String
        /// A new incident's key without its epoch: `incident:<word>:<device hash>:<ip>:`.
        package var keyPrefix: String
        /// The `hash_id` of the incident this event opens, if it opens one.
        package var newHashID: String

        /// Makes a bird event.
        package init(
            nodeID: String, srcHost: String, srcPort: Int, timeMicros: Int64, fields: String, keyWord: String,
            logtype: String, flockID: String, description: String, extra: String, keyPrefix: String, newHashID: String
        ) {
            self.nodeID = nodeID
            self.srcHost = srcHost
            self.srcPort = srcPort
            self.timeMicros = timeMicros
            self.fields = fields
            self.keyWord = keyWord
            self.logtype = logtype
            self.flockID = flockID
            self.description = description
            self.extra = extra
            self.keyPrefix = keyPrefix
            self.newHashID = newHashID
        }
    }

    /// Records one bird event in one transaction, without touching any token (docs/bird-incidents.md).
    ///
    /// The event joins the newest unacknowledged incident of the same bird, source IP and logtype whose last event
    /// is less than `windowMicros` before the event's time and that holds fewer than `maxEvents` events (the window
    /// rule of docs/incidents.md); otherwise it opens a new incident keyed `keyPrefix` + the event's epoch, or the
    /// first later second that no incident has taken (two incidents of one bird and source opened in the same
    /// second), with `newHashID`. The incident takes the next value of the incident counter.
    /// - Returns: the incident as stored with this event only in `events`, and whether the event opened it.
    /// - Throws: `StoreError.duplicateKey` when the hash id is taken (nothing is written; retry with another).
    package func recordBirdEvent(
        _ event: NewBirdEvent, windowMicros: Int64, maxEvents: Int = ConsoleStore.maxEventsPerIncident
    ) throws(StoreError) -> (incident: IncidentRecord, opened: Bool) {
        try locked { database in
            try database.transaction { () -> (incident: IncidentRecord, opened: Bool) in
                let incidentUpdatedID = try Self.bumpIncidentUpdatedID(database)
                let open = try database.scalar(
                    """
                    SELECT incident_key FROM incidents
                    WHERE node_id = ?1 AND src_host = ?2 AND logtype = ?3 AND acknowledged = 0
                        AND last_event_us > ?4 - ?5 AND event_count < ?6
                    ORDER BY last_event_us DESC LIMIT 1
                    """,
                    event.nodeID, event.srcHost, event.logtype, event.timeMicros, windowMicros, Int64(maxEvents),
                    as: String.self)
                let key: String
                if let open {
                    key = open
                    try Self.joinIncident(key, timeMicros: event.timeMicros, updatedID: incidentUpdatedID, in: database)
                } else {
                    var seconds = event.timeMicros / 1_000_000 - (event.timeMicros % 1_000_000 < 0 ? 1 : 0)
                    while try database.scalar(
                        "SELECT 1 FROM incidents WHERE incident_key = ?1", event.keyPrefix + String(seconds),
                        as: Int.self) != nil {
                        seconds += 1
                    }
                    key = event.keyPrefix + String(seconds)
                    try database.run(
                        "INSERT INTO incidents(\(Self.incidentColumns), event_count) "
                            + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?10, 0, ?11, ?12, 1)",
                        key, event.newHashID, event.nodeID, event.keyWord, event.logtype, event.flockID,
                        event.srcHost, Int64(event.srcPort), event.description, event.timeMicros, incidentUpdatedID,
                        event.extra)
                }
                let stored = try Self.addEvent(
                    to: key, timeMicros: event.timeMicros, fields: event.fields, loadingEvents: false, in: database)
                return (stored, open == nil)
            }
        }
    }
}
