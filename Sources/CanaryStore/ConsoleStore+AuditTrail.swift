extension ConsoleStore {
    /// The audit columns every audit query reads, in the order `auditRow(_:)` expects.
    static let auditColumns = """
        id, action_type, message, flock_id, flock_name, user, user_ip, user_browser_agent, user_browser_language, \
        user_access_route, time_us, additional_information
        """

    /// Appends an item to the audit trail (docs/audit-trail.md) and commits it, sharing the commit with the token
    /// inserts and appends made at the same moment (`ConsoleStore.batchedWrites`).
    /// - Returns: the item as stored, with the id the store gave it (`item.id` is ignored).
    package func appendAudit(_ item: AuditItem) throws(StoreError) -> AuditItem {
        let written = try batchedWrites.submit(.audit(item), commit: { batch in commitBatch(batch) }).get()
        guard case .audit(let stored) = written else { throw StoreError.notFound }
        return stored
    }

    /// Inserts an item inside the caller's transaction and returns it with its new id.
    static func insertAudit(_ item: AuditItem, into database: SQLiteConnection) throws(StoreError) -> AuditItem {
        let id = try database.scalar(
            """
            INSERT INTO audit_trail(action_type, message, flock_id, flock_name, user, user_ip, user_browser_agent,
                user_browser_language, user_access_route, time_us, additional_information)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id
            """,
            item.actionType, item.message, item.flockID, item.flockName, item.user, item.userIP,
            item.userBrowserAgent, item.userBrowserLanguage, item.userAccessRoute, item.timeMicros,
            item.additionalInformation, as: Int.self)
        guard let id else { throw StoreError.notFound }
        var stored = item
        stored.id = id
        return stored
    }

    /// The items a filter selects, newest (highest id) first: the first `limit` of them, or with `oldestFirst` the
    /// `limit` oldest, still returned newest first (a page before a keyset bound).
    package func auditItems(
        matching filter: AuditItem.Filter, limit: Int, oldestFirst: Bool = false
    ) throws(StoreError) -> [AuditItem] {
        let (conditions, values) = Self.auditConditions(filter)
        let order = oldestFirst ? "ASC" : "DESC"
        let sql = "SELECT \(Self.auditColumns) FROM audit_trail WHERE \(conditions) ORDER BY id \(order) LIMIT ?"
        return try locked { database in
            var items: [AuditItem] = []
            try database.eachRow(sql, binding: values + [Int64(limit)]) { row in items.append(Self.auditRow(row)) }
            if oldestFirst { items.reverse() }
            return items
        }
    }

    /// The number of items a filter selects.
    package func auditCount(matching filter: AuditItem.Filter = AuditItem.Filter()) throws(StoreError) -> Int {
        let (conditions, values) = Self.auditConditions(filter)
        return try locked { database in
            var count = 0
            try database.eachRow("SELECT count(*) FROM audit_trail WHERE \(conditions)", binding: values) { row in
                count = row[0]
            }
            return count
        }
    }

    /// Deletes every item whose id is at most `id` (`audit_trail/purge`); later items keep their ids and new ones
    /// never reuse a purged id.
    /// - Returns: how many items were deleted.
    package func purgeAudit(upTo id: Int) throws(StoreError) -> Int {
        try locked { database in
            try database.run("DELETE FROM audit_trail WHERE id <= ?1", Int64(id))
        }
    }

    // MARK: - Helpers

    /// The SQL conditions of an audit filter and their values in the order of their `?`; only the conditions the
    /// filter gives are written, so each distinct text is prepared once and the id range is a seek.
    static func auditConditions(_ filter: AuditItem.Filter) -> (sql: String, values: [any SQLiteValue]) {
        var parts: [String] = []
        var values: [any SQLiteValue] = []
        if let actionType = filter.actionType {
            parts.append("action_type = ?")
            values.append(actionType)
        }
        if let from = filter.fromMicros {
            parts.append("time_us >= ?")
            values.append(from)
        }
        if let before = filter.beforeMicros {
            parts.append("time_us < ?")
            values.append(before)
        }
        if let after = filter.afterID {
            parts.append("id > ?")
            values.append(Int64(after))
        }
        if let before = filter.beforeID {
            parts.append("id < ?")
            values.append(Int64(before))
        }
        if let term = filter.searchTerm {
            // "Only return logs that have a field matching this query term" (docs/audit-trail.md): a substring of
            // any text field, ASCII letters without case (SQLite's lower() folds ASCII only, as the term is folded).
            parts.append(
                """
                instr(lower(action_type || char(10) || message || char(10) || ifnull(flock_id, '') || char(10)
                    || ifnull(flock_name, '') || char(10) || user || char(10) || user_ip || char(10)
                    || user_browser_agent || char(10) || user_browser_language || char(10) || CAST(id AS TEXT)), ?) > 0
                """)
            values.append(asciiLowercased(term))
        }
        return (parts.isEmpty ? "1" : parts.joined(separator: " AND "), values)
    }

    /// Reads an item from a row of `auditColumns`.
    static func auditRow(_ row: SQLiteRow) -> AuditItem {
        AuditItem(
            id: row[0], actionType: row[1], message: row[2], flockID: row[3], flockName: row[4], user: row[5],
            userIP: row[6], userBrowserAgent: row[7], userBrowserLanguage: row[8], userAccessRoute: row[9],
            timeMicros: row[10], additionalInformation: row[11])
    }
}
