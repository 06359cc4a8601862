import Basics

extension ConsoleStore {
    /// The SQL conditions of a filter over `incidents AS i`, with only the conditions the filter gives, and their
    /// values in the order of their `?`. Only given conditions are written (not `? IS NULL OR …`), so SQLite seeks the
    /// `updated_id` range and the `(acknowledged, updated_id)` index instead of filtering every row; each distinct
    /// text is prepared once. Lists travel as one JSON array for `json_each`.
    static func conditions(_ filter: IncidentFilter) -> (sql: String, values: [any SQLiteValue]) {
        var parts: [String] = []
        var values: [any SQLiteValue] = []
        func add(_ sql: String, _ given: [any SQLiteValue]) {
            parts.append(sql)
            values += given
        }
        if let acknowledged = filter.acknowledged { add("i.acknowledged = ?", [acknowledged]) }
        if let nodeID = filter.nodeID { add("i.node_id = ?", [nodeID]) }
        if let flockID = filter.flockID { add("i.flock_id = ?", [flockID]) }
        if let srcHost = filter.srcHost { add("i.src_host = ?", [srcHost]) }
        if let after = filter.createdAfterMicros { add("i.created_us > ?", [after]) }
        if let before = filter.createdBeforeMicros { add("i.created_us < ?", [before]) }
        if let logtypes = filter.logtypes { add("i.logtype IN (SELECT value FROM json_each(?))", [jsonArray(logtypes)]) }
        if let keys = filter.keys { add("i.incident_key IN (SELECT value FROM json_each(?))", [jsonArray(keys)]) }
        if let after = filter.updatedAfter { add("i.updated_id > ?", [Int64(after)]) }
        if let before = filter.updatedBefore { add("i.updated_id < ?", [Int64(before)]) }
        if let text = filter.text {
            let lowered = asciiLowercased(text)
            add(
                """
                (instr(lower(i.incident_key || char(10) || i.node_id || char(10) || i.src_host || char(10)
                    || i.description || char(10) || i.logtype || char(10) || i.kind), ?) > 0
                OR EXISTS (SELECT 1 FROM tokens AS t WHERE t.canarytoken = i.node_id AND instr(lower(t.memo), ?) > 0)
                OR EXISTS (SELECT 1 FROM incident_events AS e
                    WHERE e.incident_key = i.incident_key AND instr(lower(e.fields), ?) > 0))
                """, [lowered, lowered, lowered])
        }
        return (parts.isEmpty ? "1" : parts.joined(separator: " AND "), values)
    }

    // MARK: - Reading

    /// The incidents a filter selects, ordered by `updated_id` ascending: the first `limit` of them (all when nil),
    /// or with `fromNewest` the last `limit` (a page before a keyset bound), still ascending.
    /// - Parameters:
    ///   - eventBudget: when given, stop before an incident whose events would take the page's events over it
    ///     (the first incident is always taken), so one page's memory stays bounded whatever its incidents hold.
    ///   - withEvents: whether to read each incident's events (false: `events` is empty).
    package func incidents(
        matching filter: IncidentFilter, limit: Int?, fromNewest: Bool = false, eventBudget: Int? = nil,
        withEvents: Bool = true
    ) throws(StoreError) -> [IncidentRecord] {
        let (conditions, values) = Self.conditions(filter)
        let order = fromNewest ? "DESC" : "ASC"
        let sql = "SELECT \(Self.incidentColumns), i.event_count FROM incidents AS i WHERE \(conditions) "
            + "ORDER BY i.updated_id \(order) LIMIT ?"
        return try locked { database in
            try database.transaction(.deferred) {
                var page: [IncidentRecord] = []
                var events = 0
                var full = false
                try database.eachRow(sql, binding: values + [Int64(limit ?? -1)]) { row in
                    guard !full else { return }
                    let count: Int = row[15]
                    if let eventBudget, !page.isEmpty, events + count > eventBudget {
                        full = true
                        return
                    }
                    events += count
                    page.append(Self.incidentRow(row))
                }
                if fromNewest { page.reverse() }
                if withEvents {
                    for index in page.indices {
                        page[index].events = try Self.loadEvents(page[index].key, from: database)
                    }
                }
                return page
            }
        }
    }

    /// The number of incidents a filter selects.
    package func incidentCount(matching filter: IncidentFilter) throws(StoreError) -> Int {
        let (conditions, values) = Self.conditions(filter)
        return try locked { database in
            var count = 0
            try database.eachRow("SELECT count(*) FROM incidents AS i WHERE \(conditions)", binding: values) { row in
                count = row[0]
            }
            return count
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

    /// For each of these source hosts, how many incidents it has (search's `previously_seen_count`), in one query
    /// over the `src_host` index.
    package func incidentCounts(srcHosts: [String]) throws(StoreError) -> [String: Int] {
        guard !srcHosts.isEmpty else { return [:] }
        return try locked { database in
            var counts: [String: Int] = [:]
            try database.eachRow(
                """
                SELECT src_host, count(*) FROM incidents
                WHERE src_host IN (SELECT value FROM json_each(?1)) GROUP BY src_host
                """, Self.jsonArray(srcHosts)
            ) { row in
                counts[row[0]] = row[1]
            }
            return counts
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
        return try locked { database in
            try database.transaction {
                let keys = try Self.keys(matching: selection, in: database)
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
        return try locked { database in
            try database.transaction {
                let keys = try Self.keys(matching: filter, in: database)
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

    /// The keys a filter selects, in `updated_id` order; call with the lock held.
    private static func keys(matching filter: IncidentFilter, in database: SQLiteConnection) throws(StoreError) -> [String] {
        let (conditions, values) = Self.conditions(filter)
        var keys: [String] = []
        try database.eachRow(
            "SELECT i.incident_key FROM incidents AS i WHERE \(conditions) ORDER BY i.updated_id", binding: values
        ) { row in
            keys.append(row[0])
        }
        return keys
    }

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
