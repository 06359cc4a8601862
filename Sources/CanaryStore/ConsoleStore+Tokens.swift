import Basics

extension ConsoleStore {
    /// The token columns every token query reads, in the order `tokenRow(_:)` expects.
    private static let tokenColumns = """
        canarytoken, kind, memo, flock_id, created_us, enabled, triggered_count, updated_id, url, hostname, factory_auth
        """

    // MARK: - Writing

    /// Stores a new token with its attributes and files, in one transaction.
    ///
    /// The console's change counter is bumped and its new value becomes the token's `updated_id` in the same
    /// transaction, so no two changes share a value and a failed insert consumes none.
    /// - Returns: the token as stored (enabled, never triggered, with its `updated_id`).
    /// - Throws: `StoreError.duplicateKey` when the id is taken (nothing is written; retry with a new id);
    ///   `.sqlite` (a foreign key failure) when the flock or factory does not exist.
    package func insertToken(_ token: NewToken) throws(StoreError) -> TokenRecord {
        let written = try batchedWrites.submit(.newToken(token, TokenAudit.current), commit: { batch in commitBatch(batch) }).get()
        guard case .token(let record) = written else { throw StoreError.notFound }
        return record
    }

    /// Writes one token (counter bump, row, attributes, files) inside the caller's transaction.
    static func writeToken(_ token: NewToken, into database: SQLiteConnection) throws(StoreError) -> TokenRecord {
        let updatedID = try Self.bumpUpdatedID(database)
        try database.run(
            "INSERT INTO tokens(\(Self.tokenColumns)) VALUES (?1, ?2, ?3, ?4, ?5, 1, 0, ?6, ?7, ?8, ?9)",
            token.canarytoken, token.kind, token.memo, token.flockID, token.createdMicros, updatedID, token.url,
            token.hostname, token.factoryAuth)
        for (name, value) in token.attributes {
            try database.run(
                "INSERT INTO token_attributes(canarytoken, name, value) VALUES (?1, ?2, ?3)",
                token.canarytoken, name, value)
        }
        for file in token.files {
            try database.run(
                "INSERT INTO token_files(canarytoken, name, filename, content_type, bytes) VALUES (?1, ?2, ?3, ?4, ?5)",
                token.canarytoken, file.name, file.filename, file.contentType, file.bytes)
        }
        // The record follows from what was just inserted (a new token is enabled and never triggered); reading it
        // back would cost two more statements per create inside the write lock.
        return TokenRecord(
            canarytoken: token.canarytoken, kind: token.kind, memo: token.memo, flockID: token.flockID,
            createdMicros: token.createdMicros, enabled: true, triggeredCount: 0, updatedID: updatedID, url: token.url,
            hostname: token.hostname, factoryAuth: token.factoryAuth, attributes: token.attributes)
    }

    /// Changes a token's memo and/or enabled flag, bumping the change counter.
    ///
    /// With both arguments nil nothing changes and the counter is not bumped.
    /// - Returns: the updated token, or nil when no token has this id.
    package func updateToken(_ id: String, memo: String?, enabled: Bool?) throws(StoreError) -> TokenRecord? {
        try locked { database -> TokenRecord? in
            guard memo != nil || enabled != nil else {
                return try database.transaction(.deferred) { try Self.loadToken(id, from: database) }
            }
            do {
                let updated = try database.transaction { () -> TokenRecord? in
                    let updatedID = try Self.bumpUpdatedID(database)
                    let changed = try database.run(
                        """
                        UPDATE tokens SET memo = coalesce(?1, memo), enabled = coalesce(?2, enabled), updated_id = ?3
                        WHERE canarytoken = ?4
                        """,
                        memo, enabled, updatedID, id)
                    // Unknown id: throwing rolls the counter bump back, so ids stay gapless.
                    guard changed == 1 else { throw StoreError.notFound }
                    return try Self.loadToken(id, from: database)
                }
                tokenCache.withLock { cache in
                    if let updated { cache.store(updated) } else { cache.remove(id) }
                }
                return updated
            } catch StoreError.notFound {
                return nil
            }
        }
    }

    /// Deletes a token with its attributes and files (ON DELETE CASCADE), bumping the change counter.
    /// - Returns: true when a token was deleted, false when no token had this id.
    @discardableResult
    package func deleteToken(_ id: String) throws(StoreError) -> Bool {
        try locked { database in
            defer { tokenCache.withLock { $0.remove(id) } }
            return try database.transaction {
                // sqlite3_changes counts the token row only, not the cascaded attribute and file rows
                // (https://www.sqlite.org/c3ref/changes.html).
                guard try database.run("DELETE FROM tokens WHERE canarytoken = ?1", id) == 1 else { return false }
                // A deletion is a change to the console's tokens too, so pollers of the counter notice it.
                _ = try Self.bumpUpdatedID(database)
                return true
            }
        }
    }

    // MARK: - Reading

    /// The token with this id and its attributes, or nil.
    package func token(_ id: String) throws(StoreError) -> TokenRecord? {
        if let cached = tokenCache.withLock({ $0.token(id) }) { return cached }
        return try locked { database in
            // One read snapshot for the row and its attributes (https://www.sqlite.org/isolation.html).
            let token = try database.transaction(.deferred) { try Self.loadToken(id, from: database) }
            // Filled under the connection lock, so no later committed write can be overtaken (TokenCache).
            if let token { tokenCache.withLock { $0.store(token) } }
            return token
        }
    }

    /// Tokens with their attributes, oldest first (ties by id); only those of `flockID` when given.
    package func tokens(flockID: String?) throws(StoreError) -> [TokenRecord] {
        try locked { database in
            try database.transaction(.deferred) {
                let attributes = try Self.loadAttributes(flockID: flockID, from: database)
                let attach = { (row: SQLiteRow) -> TokenRecord in
                    var token = Self.tokenRow(row)
                    token.attributes = attributes[token.canarytoken] ?? [:]
                    return token
                }
                let select = "SELECT \(Self.tokenColumns) FROM tokens"
                guard let flockID else {
                    return try database.rows("\(select) ORDER BY created_us, canarytoken", as: attach)
                }
                return try database.rows(
                    "\(select) WHERE flock_id = ?1 ORDER BY created_us, canarytoken", flockID, as: attach)
            }
        }
    }

    /// The file stored under `name` with token `id`, or nil.
    package func tokenFile(_ id: String, name: String) throws(StoreError) -> TokenFile? {
        try locked { database in
            try database.row(
                "SELECT filename, content_type, bytes FROM token_files WHERE canarytoken = ?1 AND name = ?2", id, name
            ) { row in
                TokenFile(name: name, filename: row[0], contentType: row[1], bytes: row[2])
            }
        }
    }

    /// The number of stored tokens.
    package func tokenCount() throws(StoreError) -> Int {
        try locked { database in try database.scalar("SELECT count(*) FROM tokens", as: Int.self) ?? 0 }
    }

    /// The console-wide change counter: the `updated_id` of the latest change (0 before any).
    package func currentUpdatedID() throws(StoreError) -> Int {
        try locked { database in
            guard let value = try database.scalar("SELECT updated_id FROM console WHERE id = 1", as: Int.self) else {
                throw StoreError.notFound
            }
            return value
        }
    }

    // MARK: - Helpers (call with the lock held)

    /// Adds one to the console's change counter and returns the new value; call inside a write transaction.
    static func bumpUpdatedID(_ database: SQLiteConnection) throws(StoreError) -> Int {
        // RETURNING needs SQLite 3.35 (https://www.sqlite.org/lang_returning.html).
        guard let value = try database.scalar(
            "UPDATE console SET updated_id = updated_id + 1 WHERE id = 1 RETURNING updated_id", as: Int.self
        ) else { throw StoreError.notFound }
        return value
    }

    /// Whether a token with this id exists.
    static func tokenExists(_ id: String, in database: SQLiteConnection) throws(StoreError) -> Bool {
        try database.exists("SELECT 1 FROM tokens WHERE canarytoken = ?1", id)
    }

    /// Reads one token row and its attributes with two cached statements.
    private static func loadToken(_ id: String, from database: SQLiteConnection) throws(StoreError) -> TokenRecord? {
        guard var token = try database.row("SELECT \(tokenColumns) FROM tokens WHERE canarytoken = ?1", id, as: tokenRow)
        else { return nil }
        try database.eachRow("SELECT name, value FROM token_attributes WHERE canarytoken = ?1", id) { row in
            token.attributes[row[0]] = row[1]
        }
        return token
    }

    /// The attributes of every token (of `flockID` when given), grouped by token id, in one query.
    private static func loadAttributes(
        flockID: String?,
        from database: SQLiteConnection
    ) throws(StoreError) -> [String: [String: String]] {
        var grouped: [String: [String: String]] = [:]
        let add = { (row: SQLiteRow) in grouped[row[0], default: [:]][row[1]] = row[2] }
        if let flockID {
            try database.eachRow(
                """
                SELECT a.canarytoken, a.name, a.value FROM token_attributes AS a
                JOIN tokens AS t ON t.canarytoken = a.canarytoken WHERE t.flock_id = ?1
                """,
                flockID, do: add)
        } else {
            try database.eachRow("SELECT canarytoken, name, value FROM token_attributes", do: add)
        }
        return grouped
    }

    /// Reads a token (without attributes) from a row of `tokenColumns`.
    private static func tokenRow(_ row: SQLiteRow) -> TokenRecord {
        TokenRecord(
            canarytoken: row[0], kind: row[1], memo: row[2], flockID: row[3], createdMicros: row[4], enabled: row[5],
            triggeredCount: row[6], updatedID: row[7], url: row[8], hostname: row[9], factoryAuth: row[10],
            attributes: [:])
    }
}
