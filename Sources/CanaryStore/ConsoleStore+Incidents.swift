import Basics

extension ConsoleStore {
    /// Most events one incident holds: the next event of its token and source opens a new incident, so no incident,
    /// and no page of them, grows without bound (docs/incidents.md).
    package static let maxEventsPerIncident = 1000

    /// The incident columns every incident query reads, in the order `incidentRow(_:)` expects.
    static let incidentColumns = """
        incident_key, hash_id, node_id, kind, logtype, flock_id, src_host, src_port, description, created_us, \
        last_event_us, updated_us, acknowledged, updated_id, extra
        """

    // MARK: - Writing

    /// Records one trigger of a token, in one transaction (the window rule is in docs/incidents.md).
    ///
    /// The event joins the newest unacknowledged incident of the same token and source IP whose last event is less
    /// than `windowMicros` before the event's time; otherwise it opens a new incident under `event.newKey` and
    /// `event.newHashID`. The token's `triggered_count` goes up by one and its `updated_id` takes the next value of
    /// the token counter; the incident's `updated_id` takes the next value of the incident counter.
    /// - Returns: the incident as stored, with every event.
    /// - Throws: `StoreError.notFound` when the token does not exist or is disabled (nothing is written);
    ///   `.duplicateKey` when a new incident's key or hash_id is taken (nothing is written; retry with new ones).
    /// - Parameters:
    ///   - maxEvents: an incident holding this many events is not joined: the event opens a new one.
    ///   - loadingEvents: whether the returned record carries every event of the incident (false: only this one,
    ///     which keeps a hit's cost flat however many events its incident holds).
    package func recordEvent(
        _ event: NewIncidentEvent, windowMicros: Int64, maxEvents: Int = ConsoleStore.maxEventsPerIncident,
        loadingEvents: Bool = true
    ) throws(StoreError) -> IncidentRecord {
        try locked { database in
            // The token changed (or, on failure, is re-read from the database next time): drop its cache entry while
            // the connection lock is still held (TokenCache).
            defer { tokenCache.withLock { $0.remove(event.canarytoken) } }
            return try database.transaction { () -> IncidentRecord in
                let tokenUpdatedID = try Self.bumpUpdatedID(database)
                let changed = try database.run(
                    """
                    UPDATE tokens SET triggered_count = triggered_count + 1, updated_id = ?1
                    WHERE canarytoken = ?2 AND enabled = 1
                    """,
                    tokenUpdatedID, event.canarytoken)
                // Unknown token, or one disabled since the caller read it: throwing rolls the counter bump back.
                guard changed == 1 else { throw StoreError.notFound }
                let incidentUpdatedID = try Self.bumpIncidentUpdatedID(database)
                let open = try database.scalar(
                    """
                    SELECT incident_key FROM incidents
                    WHERE node_id = ?1 AND src_host = ?2 AND acknowledged = 0 AND last_event_us > ?3 - ?4
                        AND event_count < ?5
                    ORDER BY last_event_us DESC LIMIT 1
                    """,
                    event.canarytoken, event.srcHost, event.timeMicros, windowMicros, Int64(maxEvents),
                    as: String.self)
                let key: String
                if let open {
                    key = open
                    try Self.joinIncident(key, timeMicros: event.timeMicros, updatedID: incidentUpdatedID, in: database)
                } else {
                    key = event.newKey
                    try database.run(
                        "INSERT INTO incidents(\(Self.incidentColumns), event_count) "
                            + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?10, 0, ?11, '{}', 1)",
                        key, event.newHashID, event.canarytoken, event.kind, event.logtype, event.flockID,
                        event.srcHost, event.srcPort, event.description, event.timeMicros, incidentUpdatedID)
                }
                return try Self.addEvent(
                    to: key, timeMicros: event.timeMicros, fields: event.fields, loadingEvents: loadingEvents, in: database)
            }
        }
    }

    /// Acknowledges or unacknowledges an incident; a change bumps the incident counter, which becomes the incident's
    /// `updated_id`, and sets its update time to `atMicros`. Asking for the state it already has changes nothing.
    /// - Returns: the incident as stored, or nil when no incident has this key.
    @discardableResult
    package func setAcknowledged(
        key: String, _ acknowledged: Bool, atMicros: Int64
    ) throws(StoreError) -> IncidentRecord? {
        try locked { database in
            try database.transaction { () -> IncidentRecord? in
                guard let current = try database.scalar(
                    "SELECT acknowledged FROM incidents WHERE incident_key = ?1", key, as: Bool.self
                ) else { return nil }
                if current != acknowledged {
                    let updatedID = try Self.bumpIncidentUpdatedID(database)
                    try database.run(
                        "UPDATE incidents SET acknowledged = ?1, updated_id = ?2, updated_us = ?3 WHERE incident_key = ?4",
                        acknowledged, updatedID, atMicros, key)
                }
                return try Self.loadIncident(key, from: database)
            }
        }
    }

    /// Deletes an incident with its events (ON DELETE CASCADE).
    /// - Returns: true when an incident was deleted, false when no incident had this key.
    @discardableResult
    package func deleteIncident(key: String) throws(StoreError) -> Bool {
        try locked { database in
            try database.run("DELETE FROM incidents WHERE incident_key = ?1", key) == 1
        }
    }

    // MARK: - Reading

    /// The incident with this key and its events, or nil.
    package func incident(key: String) throws(StoreError) -> IncidentRecord? {
        try locked { database in
            try database.transaction(.deferred) { try Self.loadIncident(key, from: database) }
        }
    }

    /// A keyset page of incidents: those with `updated_id` greater than `updatedID` (and the given acknowledged
    /// state, when not nil), at most `limit`, ordered by `updated_id` ascending, each with its events.
    ///
    /// The next page starts after the last `updatedID` returned. An incident changed between pages moves to a
    /// higher `updated_id`, so it is seen again later rather than skipped (docs/incidents.md).
    package func incidents(acknowledged: Bool?, after updatedID: Int, limit: Int) throws(StoreError) -> [IncidentRecord] {
        try locked { database in
            try database.transaction(.deferred) {
                let select = "SELECT \(Self.incidentColumns) FROM incidents"
                var page: [IncidentRecord]
                if let acknowledged {
                    page = try database.rows(
                        "\(select) WHERE acknowledged = ?1 AND updated_id > ?2 ORDER BY updated_id LIMIT ?3",
                        acknowledged, updatedID, limit, as: Self.incidentRow)
                } else {
                    page = try database.rows(
                        "\(select) WHERE updated_id > ?1 ORDER BY updated_id LIMIT ?2",
                        updatedID, limit, as: Self.incidentRow)
                }
                for index in page.indices {
                    page[index].events = try Self.loadEvents(page[index].key, from: database)
                }
                return page
            }
        }
    }

    /// The number of incidents, only those in the given acknowledged state when not nil.
    package func incidentCount(acknowledged: Bool? = nil) throws(StoreError) -> Int {
        try locked { database in
            guard let acknowledged else {
                return try database.scalar("SELECT count(*) FROM incidents", as: Int.self) ?? 0
            }
            return try database.scalar(
                "SELECT count(*) FROM incidents WHERE acknowledged = ?1", acknowledged, as: Int.self) ?? 0
        }
    }

    /// The incident change counter: the `updated_id` of the latest incident change (0 before any).
    package func currentIncidentUpdatedID() throws(StoreError) -> Int {
        try locked { database in
            guard let value = try database.scalar(
                "SELECT incident_updated_id FROM console WHERE id = 1", as: Int.self
            ) else { throw StoreError.notFound }
            return value
        }
    }

    // MARK: - Helpers (call with the lock held)

    /// Counts one more event in an open incident (token or bird) at `timeMicros`, under the incident counter's new
    /// value; call inside the event's write transaction.
    static func joinIncident(
        _ key: String, timeMicros: Int64, updatedID: Int, in database: SQLiteConnection
    ) throws(StoreError) {
        try database.run(
            """
            UPDATE incidents SET last_event_us = max(last_event_us, ?1), updated_us = max(updated_us, ?1),
                updated_id = ?2, event_count = event_count + 1
            WHERE incident_key = ?3
            """,
            timeMicros, updatedID, key)
    }

    /// Stores an event of the incident `key` and returns the incident: with every event, or with this one only
    /// (which keeps a hit's cost flat however many events its incident holds); call inside the event's write
    /// transaction.
    static func addEvent(
        to key: String, timeMicros: Int64, fields: String, loadingEvents: Bool, in database: SQLiteConnection
    ) throws(StoreError) -> IncidentRecord {
        try database.run(
            "INSERT INTO incident_events(incident_key, time_us, fields) VALUES (?1, ?2, ?3)", key, timeMicros, fields)
        if loadingEvents {
            guard let stored = try loadIncident(key, from: database) else { throw StoreError.notFound }
            return stored
        }
        guard var stored = try database.row(
            "SELECT \(incidentColumns) FROM incidents WHERE incident_key = ?1", key, as: incidentRow)
        else { throw StoreError.notFound }
        stored.events = [IncidentEvent(timeMicros: timeMicros, fields: fields)]
        return stored
    }

    /// Adds one to the incident change counter and returns the new value; call inside a write transaction.
    static func bumpIncidentUpdatedID(_ database: SQLiteConnection) throws(StoreError) -> Int {
        guard let value = try database.scalar(
            "UPDATE console SET incident_updated_id = incident_updated_id + 1 WHERE id = 1 RETURNING incident_updated_id",
            as: Int.self
        ) else { throw StoreError.notFound }
        return value
    }

    /// Inserts a complete incident with its events and raises the counter to its `updated_id`; call inside a write
    /// transaction.
    static func insertIncident(_ incident: IncidentRecord, into database: SQLiteConnection) throws(StoreError) {
        try database.run(
            "INSERT INTO incidents(\(incidentColumns), event_count) "
                + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            incident.key, incident.hashID, incident.nodeID, incident.kind, incident.logtype, incident.flockID,
            incident.srcHost, Int64(incident.srcPort), incident.description, incident.createdMicros,
            incident.lastEventMicros, incident.updatedMicros, incident.acknowledged, Int64(incident.updatedID),
            incident.extra, Int64(incident.events.count))
        for event in incident.events {
            try database.run(
                "INSERT INTO incident_events(incident_key, time_us, fields) VALUES (?1, ?2, ?3)",
                incident.key, event.timeMicros, event.fields)
        }
        try database.run(
            "UPDATE console SET incident_updated_id = max(incident_updated_id, ?1) WHERE id = 1",
            Int64(incident.updatedID))
    }

    /// Reads one incident and its events with two cached statements.
    static func loadIncident(_ key: String, from database: SQLiteConnection) throws(StoreError) -> IncidentRecord? {
        guard var incident = try database.row(
            "SELECT \(incidentColumns) FROM incidents WHERE incident_key = ?1", key, as: incidentRow)
        else { return nil }
        incident.events = try loadEvents(key, from: database)
        return incident
    }

    /// The events of one incident, in the order they were recorded.
    static func loadEvents(_ key: String, from database: SQLiteConnection) throws(StoreError) -> [IncidentEvent] {
        try database.rows(
            "SELECT time_us, fields FROM incident_events WHERE incident_key = ?1 ORDER BY event_id", key
        ) { row in
            IncidentEvent(timeMicros: row[0], fields: row[1])
        }
    }

    /// Reads an incident (without events) from a row of `incidentColumns`.
    static func incidentRow(_ row: SQLiteRow) -> IncidentRecord {
        IncidentRecord(
            key: row[0], hashID: row[1], nodeID: row[2], kind: row[3], logtype: row[4], flockID: row[5],
            srcHost: row[6], srcPort: row[7], description: row[8], createdMicros: row[9], lastEventMicros: row[10],
            updatedMicros: row[11], acknowledged: row[12], updatedID: row[13], events: [], extra: row[14])
    }
}
