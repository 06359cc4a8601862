import Basics

extension ConsoleStore {
    /// The conditions of an `IncidentFilter` over `incidents AS i`, bound as ?1–?11 in the order of `bind(_:)`.
    /// One fixed text, so SQLite prepares it once; a nil condition binds NULL and is always true. The keyset bound
    /// and the order use the `updated_id` index.
    private static let filterConditions = """
        (?1 IS NULL OR i.acknowledged = ?1)
        AND (?2 IS NULL OR i.node_id = ?2)
        AND (?3 IS NULL OR i.flock_id = ?3)
        AND (?4 IS NULL OR i.src_host = ?4)
        AND (?5 IS NULL OR i.created_us > ?5)
        AND (?6 IS NULL OR i.created_us < ?6)
        AND (?7 IS NULL OR i.logtype IN (SELECT value FROM json_each(?7)))
        AND (?8 IS NULL
            OR instr(lower(i.incident_key || char(10) || i.node_id || char(10) || i.src_host || char(10)
                || i.description || char(10) || i.logtype || char(10) || i.kind), ?8) > 0
            OR EXISTS (SELECT 1 FROM tokens AS t WHERE t.canarytoken = i.node_id AND instr(lower(t.memo), ?8) > 0)
            OR EXISTS (SELECT 1 FROM incident_events AS e
                WHERE e.incident_key = i.incident_key AND instr(lower(e.fields), ?8) > 0))
        AND (?9 IS NULL OR i.incident_key IN (SELECT value FROM json_each(?9)))
        AND (?10 IS NULL OR i.updated_id > ?10)
        AND (?11 IS NULL OR i.updated_id < ?11)
        """

    /// A filter's values in the order of `filterConditions`.
    private static func bound(_ filter: IncidentFilter) -> (
        Int64?, String?, String?, String?, Int64?, Int64?, String?, String?, String?, Int64?, Int64?
    ) {
        (
            filter.acknowledged.map { $0 ? 1 : 0 }, filter.nodeID, filter.flockID, filter.srcHost,
            filter.createdAfterMicros, filter.createdBeforeMicros, filter.logtypes.map(jsonArray),
            filter.text.map(asciiLowercased), filter.keys.map(jsonArray), filter.updatedAfter.map(Int64.init),
            filter.updatedBefore.map(Int64.init)
        )
    }

    // MARK: - Reading

    /// The incidents a filter selects, each with its events, ordered by `updated_id` ascending: the first `limit`
    /// of them (all when nil), or with `fromNewest` the last `limit` (a page before a keyset bound), still ascending.
    package func incidents(
        matching filter: IncidentFilter, limit: Int?, fromNewest: Bool = false
    ) throws(StoreError) -> [IncidentRecord] {
        let values = Self.bound(filter)
        let order = fromNewest ? "DESC" : "ASC"
        let sql = "SELECT \(Self.incidentColumns) FROM incidents AS i WHERE \(Self.filterConditions) "
            + "ORDER BY i.updated_id \(order) LIMIT ?12"
        return try locked { database in
            try database.transaction(.deferred) {
                var page = try database.rows(
                    sql, values.0, values.1, values.2, values.3, values.4, values.5, values.6, values.7, values.8,
                    values.9, values.10, Int64(limit ?? -1), as: Self.incidentRow)
                if fromNewest { page.reverse() }
                for index in page.indices {
                    page[index].events = try Self.loadEvents(page[index].key, from: database)
                }
                return page
            }
        }
    }

    /// The number of incidents a filter selects.
    package func incidentCount(matching filter: IncidentFilter) throws(StoreError) -> Int {
        let values = Self.bound(filter)
        return try locked { database in
            try database.scalar(
                "SELECT count(*) FROM incidents AS i WHERE \(Self.filterConditions)", values.0, values.1, values.2,
                values.3, values.4, values.5, values.6, values.7, values.8, values.9, values.10, as: Int.self) ?? 0
        }
    }

    /// The incident with this `hash_id` and its events, or nil.
    package func incident(hashID: String) throws(StoreError) -> IncidentRecord? {
        try locked { database in
            try database.transaction(.deferred) {
                guard let key = try database.scalar(
                    "SELECT incident_key FROM incidents WHERE hash_id = ?1", hashID, as: String.self)
                else { return nil }
                return try Self.loadIncident(key, from: database)
            }
        }
    }

    /// For each of these node ids that has unacknowledged incidents, how many (`unacked_alert_count`).
    package func unacknowledgedIncidentCounts(nodeIDs: [String]) throws(StoreError) -> [String: Int] {
        guard !nodeIDs.isEmpty else { return [:] }
        return try locked { database in
            var counts: [String: Int] = [:]
            try database.eachRow(
                """
                SELECT node_id, count(*) FROM incidents
                WHERE acknowledged = 0 AND node_id IN (SELECT value FROM json_each(?1)) GROUP BY node_id
                """, Self.jsonArray(nodeIDs)
            ) { row in
                counts[row[0]] = row[1]
            }
            return counts
        }
    }

    // MARK: - Writing

    /// Acknowledges or unacknowledges every incident a filter selects that is in the other state, in one
    /// transaction; each change takes its own next value of the incident counter, in `updated_id` order.
    /// - Returns: the keys that changed, in their former `updated_id` order.
    package func setAcknowledged(
        matching filter: IncidentFilter, _ acknowledged: Bool, atMicros: Int64
    ) throws(StoreError) -> [String] {
        var selection = filter
        selection.acknowledged = !acknowledged
        let values = Self.bound(selection)
        return try locked { database in
            try database.transaction {
                let keys = try database.rows(
                    "SELECT i.incident_key FROM incidents AS i WHERE \(Self.filterConditions) ORDER BY i.updated_id",
                    values.0, values.1, values.2, values.3, values.4, values.5, values.6, values.7, values.8,
                    values.9, values.10, as: { (row: SQLiteRow) -> String in row[0] })
                for key in keys {
                    let updatedID = try Self.bumpIncidentUpdatedID(database)
                    try database.run(
                        "UPDATE incidents SET acknowledged = ?1, updated_id = ?2, updated_us = ?3 WHERE incident_key = ?4",
                        acknowledged, updatedID, atMicros, key)
                }
                return keys
            }
        }
    }

    /// Deletes every incident a filter selects, with its events, in one transaction.
    /// - Returns: the keys deleted, in `updated_id` order.
    package func deleteIncidents(matching filter: IncidentFilter) throws(StoreError) -> [String] {
        let values = Self.bound(filter)
        return try locked { database in
            try database.transaction {
                let keys = try database.rows(
                    "SELECT i.incident_key FROM incidents AS i WHERE \(Self.filterConditions) ORDER BY i.updated_id",
                    values.0, values.1, values.2, values.3, values.4, values.5, values.6, values.7, values.8,
                    values.9, values.10, as: { (row: SQLiteRow) -> String in row[0] })
                for key in keys {
                    try database.run("DELETE FROM incidents WHERE incident_key = ?1", key)
                }
                return keys
            }
        }
    }

    /// What `deleteToken(_:clearIncidents:)` did.
    package enum TokenDeletion: Sendable, Equatable {
        /// The token is deleted (and its incidents, when asked).
        case deleted
        /// No token has this id.
        case notFound
        /// The token has incidents and `clearIncidents` was false: nothing is deleted.
        case hasIncidents
    }

    /// Deletes a token as `deleteToken(_:)` does, in one transaction with its incidents: a token that has incidents
    /// is deleted only with `clearIncidents`, which deletes them too (docs/api.md §7.4).
    package func deleteToken(_ id: String, clearIncidents: Bool) throws(StoreError) -> TokenDeletion {
        try locked { database in
            defer { tokenCache.withLock { $0.remove(id) } }
            return try database.transaction { () -> TokenDeletion in
                guard try database.exists("SELECT 1 FROM tokens WHERE canarytoken = ?1", id) else { return .notFound }
                let hasIncidents = try database.exists("SELECT 1 FROM incidents WHERE node_id = ?1", id)
                if hasIncidents {
                    guard clearIncidents else { return .hasIncidents }
                    try database.run("DELETE FROM incidents WHERE node_id = ?1", id)
                }
                try database.run("DELETE FROM tokens WHERE canarytoken = ?1", id)
                _ = try Self.bumpUpdatedID(database)
                return .deleted
            }
        }
    }

    /// The id of the token with this attribute value (an aws-id token by `access_key_id`), or nil; the oldest
    /// when several have it.
    package func tokenID(attribute: String, value: String) throws(StoreError) -> String? {
        try locked { database in
            try database.scalar(
                """
                SELECT a.canarytoken FROM token_attributes AS a JOIN tokens AS t ON t.canarytoken = a.canarytoken
                WHERE a.name = ?1 AND a.value = ?2 ORDER BY t.created_us, t.canarytoken LIMIT 1
                """, attribute, value, as: String.self)
        }
    }

    // MARK: - Helpers

    /// A JSON array of strings, for `json_each` (https://www.sqlite.org/json1.html#jeach).
    static func jsonArray(_ values: [String]) -> String {
        var out = "["
        for (index, value) in values.enumerated() {
            if index > 0 { out += "," }
            out += "\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
            out += "\""
        }
        return out + "]"
    }

    /// ASCII letters lowercased, as SQLite's `lower()` does without ICU.
    static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}
