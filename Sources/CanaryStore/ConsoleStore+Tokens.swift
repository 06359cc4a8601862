import Basics

extension ConsoleStore {
    /// The token columns every token query reads, in the order `tokenRow(from:)` expects.
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
        try tokenInserts.submit(token) { batch in insertBatch(batch) }.get()
    }

    /// Inserts a batch in one transaction, each token inside its own savepoint so one failure (a duplicate id)
    /// leaves the others in; if the commit itself fails, every token of the batch fails with it.
    private func insertBatch(_ batch: [NewToken]) -> [Result<TokenRecord, StoreError>] {
        do throws(StoreError) {
            return try locked { database throws(StoreError) -> [Result<TokenRecord, StoreError>] in
                let results = try database.transaction { () throws(StoreError) -> [Result<TokenRecord, StoreError>] in
                    var results: [Result<TokenRecord, StoreError>] = []
                    results.reserveCapacity(batch.count)
                    for token in batch {
                        // Cached statements: the savepoint SQL is parsed once, not for every token.
                        try database.run("SAVEPOINT token_insert")
                        do throws(StoreError) {
                            results.append(.success(try Self.writeToken(token, into: database)))
                            try database.run("RELEASE token_insert")
                        } catch {
                            try database.run("ROLLBACK TO token_insert")
                            try database.run("RELEASE token_insert")
                            results.append(.failure(error))
                        }
                    }
                    return results
                }
                // Committed: remember the new tokens while still holding the connection lock (TokenCache).
                tokenCache.withLock { cache in
                    for case .success(let token) in results { cache.store(token) }
                }
                return results
            }
        } catch {
            return batch.map { _ in .failure(error) }
        }
    }

    /// Writes one token (counter bump, row, attributes, files) inside the caller's transaction.
    static func writeToken(_ token: NewToken, into database: SQLiteConnection) throws(StoreError) -> TokenRecord {
        let updatedID = try Self.bumpUpdatedID(database)
        try database.withStatement(
            "INSERT INTO tokens(\(Self.tokenColumns)) VALUES (?1, ?2, ?3, ?4, ?5, 1, 0, ?6, ?7, ?8, ?9)"
        ) { statement throws(StoreError) in
            try statement.bind(token.canarytoken, at: 1)
            try statement.bind(token.kind, at: 2)
            try statement.bind(token.memo, at: 3)
            try statement.bind(token.flockID, at: 4)
            try statement.bind(token.createdMicros, at: 5)
            try statement.bind(updatedID, at: 6)
            try statement.bind(token.url, at: 7)
            try statement.bind(token.hostname, at: 8)
            try statement.bind(token.factoryAuth, at: 9)
            try statement.run()
        }
        for (name, value) in token.attributes {
            try database.withStatement(
                "INSERT INTO token_attributes(canarytoken, name, value) VALUES (?1, ?2, ?3)"
            ) { statement throws(StoreError) in
                try statement.bind(token.canarytoken, at: 1)
                try statement.bind(name, at: 2)
                try statement.bind(value, at: 3)
                try statement.run()
            }
        }
        for file in token.files {
            try database.withStatement(
                """
                INSERT INTO token_files(canarytoken, name, filename, content_type, bytes)
                VALUES (?1, ?2, ?3, ?4, ?5)
                """
            ) { statement throws(StoreError) in
                try statement.bind(token.canarytoken, at: 1)
                try statement.bind(file.name, at: 2)
                try statement.bind(file.filename, at: 3)
                try statement.bind(file.contentType, at: 4)
                try statement.bind(file.bytes, at: 5)
                try statement.run()
            }
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
        try locked { database throws(StoreError) -> TokenRecord? in
            guard memo != nil || enabled != nil else {
                return try database.transaction(.deferred) { () throws(StoreError) in
                    try Self.loadToken(id, from: database)
                }
            }
            do throws(StoreError) {
                let updated = try database.transaction { () throws(StoreError) -> TokenRecord? in
                    let updatedID = try Self.bumpUpdatedID(database)
                    try database.withStatement(
                        """
                        UPDATE tokens SET memo = coalesce(?1, memo), enabled = coalesce(?2, enabled), updated_id = ?3
                        WHERE canarytoken = ?4
                        """
                    ) { statement throws(StoreError) in
                        try statement.bind(memo, at: 1)
                        try statement.bind(enabled.map { Int64($0 ? 1 : 0) }, at: 2)
                        try statement.bind(updatedID, at: 3)
                        try statement.bind(id, at: 4)
                        try statement.run()
                    }
                    // Unknown id: throwing rolls the counter bump back, so ids stay gapless.
                    guard database.changes == 1 else { throw StoreError.notFound }
                    return try Self.loadToken(id, from: database)
                }
                tokenCache.withLock { cache in
                    if let updated { cache.store(updated) } else { cache.remove(id) }
                }
                return updated
            } catch .notFound {
                return nil
            }
        }
    }

    /// Deletes a token with its attributes and files (ON DELETE CASCADE), bumping the change counter.
    /// - Returns: true when a token was deleted, false when no token had this id.
    @discardableResult
    package func deleteToken(_ id: String) throws(StoreError) -> Bool {
        try locked { database throws(StoreError) in
            defer { tokenCache.withLock { $0.remove(id) } }
            return try database.transaction { () throws(StoreError) -> Bool in
                try database.withStatement("DELETE FROM tokens WHERE canarytoken = ?1") { statement throws(StoreError) in
                    try statement.bind(id, at: 1)
                    try statement.run()
                }
                // sqlite3_changes counts the token row only, not the cascaded attribute and file rows
                // (https://www.sqlite.org/c3ref/changes.html).
                guard database.changes == 1 else { return false }
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
        return try locked { database throws(StoreError) -> TokenRecord? in
            // One read snapshot for the row and its attributes (https://www.sqlite.org/isolation.html).
            let token = try database.transaction(.deferred) { () throws(StoreError) in
                try Self.loadToken(id, from: database)
            }
            // Filled under the connection lock, so no later committed write can be overtaken (TokenCache).
            if let token { tokenCache.withLock { $0.store(token) } }
            return token
        }
    }

    /// Tokens with their attributes, oldest first (ties by id); only those of `flockID` when given.
    package func tokens(flockID: String?) throws(StoreError) -> [TokenRecord] {
        try locked { database throws(StoreError) in
            try database.transaction(.deferred) { () throws(StoreError) -> [TokenRecord] in
                let attributes = try Self.loadAttributes(flockID: flockID, from: database)
                let filter = flockID == nil ? "" : "WHERE flock_id = ?1 "
                return try database.withStatement(
                    "SELECT \(Self.tokenColumns) FROM tokens \(filter)ORDER BY created_us, canarytoken"
                ) { statement throws(StoreError) -> [TokenRecord] in
                    if let flockID { try statement.bind(flockID, at: 1) }
                    var result: [TokenRecord] = []
                    while try statement.step() {
                        var token = Self.tokenRow(from: statement)
                        token.attributes = attributes[token.canarytoken] ?? [:]
                        result.append(token)
                    }
                    return result
                }
            }
        }
    }

    /// The file stored under `name` with token `id`, or nil.
    package func tokenFile(_ id: String, name: String) throws(StoreError) -> TokenFile? {
        try locked { database throws(StoreError) in
            try database.withStatement(
                "SELECT filename, content_type, bytes FROM token_files WHERE canarytoken = ?1 AND name = ?2"
            ) { statement throws(StoreError) -> TokenFile? in
                try statement.bind(id, at: 1)
                try statement.bind(name, at: 2)
                guard try statement.step() else { return nil }
                return TokenFile(
                    name: name,
                    filename: statement.text(at: 0),
                    contentType: statement.optionalText(at: 1),
                    bytes: statement.blob(at: 2)
                )
            }
        }
    }

    /// The number of stored tokens.
    package func tokenCount() throws(StoreError) -> Int {
        try locked { database throws(StoreError) in
            try database.withStatement("SELECT count(*) FROM tokens") { statement throws(StoreError) in
                try statement.step() ? statement.int(at: 0) : 0
            }
        }
    }

    /// The console-wide change counter: the `updated_id` of the latest change (0 before any).
    package func currentUpdatedID() throws(StoreError) -> Int {
        try locked { database throws(StoreError) in
            try database.withStatement("SELECT updated_id FROM console WHERE id = 1") { statement throws(StoreError) in
                guard try statement.step() else { throw StoreError.notFound }
                return statement.int(at: 0)
            }
        }
    }

    // MARK: - Helpers (call with the lock held)

    /// Adds one to the console's change counter and returns the new value; call inside a write transaction.
    static func bumpUpdatedID(_ database: SQLiteConnection) throws(StoreError) -> Int {
        // RETURNING needs SQLite 3.35 (https://www.sqlite.org/lang_returning.html).
        try database.withStatement(
            "UPDATE console SET updated_id = updated_id + 1 WHERE id = 1 RETURNING updated_id"
        ) { statement throws(StoreError) -> Int in
            guard try statement.step() else { throw StoreError.notFound }
            let value = statement.int(at: 0)
            try statement.run()
            return value
        }
    }

    /// Reads one token row and its attributes with two cached statements.
    private static func loadToken(_ id: String, from database: SQLiteConnection) throws(StoreError) -> TokenRecord? {
        let row = try database.withStatement(
            "SELECT \(tokenColumns) FROM tokens WHERE canarytoken = ?1"
        ) { statement throws(StoreError) -> TokenRecord? in
            try statement.bind(id, at: 1)
            return try statement.step() ? tokenRow(from: statement) : nil
        }
        guard var token = row else { return nil }
        token.attributes = try database.withStatement(
            "SELECT name, value FROM token_attributes WHERE canarytoken = ?1"
        ) { statement throws(StoreError) -> [String: String] in
            try statement.bind(id, at: 1)
            var attributes: [String: String] = [:]
            while try statement.step() {
                attributes[statement.text(at: 0)] = statement.text(at: 1)
            }
            return attributes
        }
        return token
    }

    /// The attributes of every token (of `flockID` when given), grouped by token id, in one query.
    private static func loadAttributes(
        flockID: String?,
        from database: SQLiteConnection
    ) throws(StoreError) -> [String: [String: String]] {
        let sql = flockID == nil
            ? "SELECT canarytoken, name, value FROM token_attributes"
            : """
              SELECT a.canarytoken, a.name, a.value FROM token_attributes AS a
              JOIN tokens AS t ON t.canarytoken = a.canarytoken WHERE t.flock_id = ?1
              """
        return try database.withStatement(sql) { statement throws(StoreError) -> [String: [String: String]] in
            if let flockID { try statement.bind(flockID, at: 1) }
            var grouped: [String: [String: String]] = [:]
            while try statement.step() {
                grouped[statement.text(at: 0), default: [:]][statement.text(at: 1)] = statement.text(at: 2)
            }
            return grouped
        }
    }

    /// Reads a token (without attributes) from the current row of a `SELECT` of `tokenColumns`.
    private static func tokenRow(from statement: SQLiteStatement) -> TokenRecord {
        TokenRecord(
            canarytoken: statement.text(at: 0),
            kind: statement.text(at: 1),
            memo: statement.text(at: 2),
            flockID: statement.text(at: 3),
            createdMicros: statement.int64(at: 4),
            enabled: statement.int64(at: 5) != 0,
            triggeredCount: statement.int(at: 6),
            updatedID: statement.int(at: 7),
            url: statement.text(at: 8),
            hostname: statement.text(at: 9),
            factoryAuth: statement.optionalText(at: 10),
            attributes: [:]
        )
    }
}
