import CSQLite
import Basics

extension ConsoleStore {
    /// What a multi-step write sees inside `ConsoleStore.transaction`: reads and writes on one connection, all
    /// committed together or not at all. For start-up seeding and `reset?reseed=true`, where a half-applied seed
    /// (a refused entry, or a kill -9 half-way) must never be what the next request or the next start finds.
    package struct Transaction {
        let database: SQLiteConnection

        /// Empties every table as `ConsoleStore.reset` does (the Default Flock recreated unless `keepFlocks`).
        package func reset(keepFlocks: Bool) throws(StoreError) {
            try ConsoleStore.emptyTables(database, keepFlocks: keepFlocks)
        }

        /// Whether a flock with this id exists.
        package func flockExists(_ id: String) throws(StoreError) -> Bool {
            try database.withStatement("SELECT 1 FROM flocks WHERE flock_id = ?1") { statement throws(StoreError) in
                try statement.bind(id, at: 1)
                return try statement.step()
            }
        }

        /// Whether a factory with this auth string exists, deleted or not.
        package func factoryExists(_ factoryAuth: String) throws(StoreError) -> Bool {
            try database.withStatement("SELECT 1 FROM factories WHERE factory_auth = ?1") { statement throws(StoreError) in
                try statement.bind(factoryAuth, at: 1)
                return try statement.step()
            }
        }

        /// Whether a token with this id exists.
        package func tokenExists(_ id: String) throws(StoreError) -> Bool {
            try database.withStatement("SELECT 1 FROM tokens WHERE canarytoken = ?1") { statement throws(StoreError) in
                try statement.bind(id, at: 1)
                return try statement.step()
            }
        }

        /// Inserts the flock unless its id exists (see `ConsoleStore.ensureFlock`). Returns whether it was inserted.
        @discardableResult
        package func ensureFlock(id: String, name: String, createdMicros: Int64) throws(StoreError) -> Bool {
            try database.withStatement(
                "INSERT INTO flocks(flock_id, name, created_us) VALUES (?1, ?2, ?3) ON CONFLICT(flock_id) DO NOTHING"
            ) { statement throws(StoreError) in
                try statement.bind(id, at: 1)
                try statement.bind(name, at: 2)
                try statement.bind(createdMicros, at: 3)
                try statement.run()
            }
            return database.changes == 1
        }

        /// Inserts the factory unless its auth string exists (see `ConsoleStore.ensureFactory`). Returns whether it
        /// was inserted.
        @discardableResult
        package func ensureFactory(_ factory: FactoryRecord) throws(StoreError) -> Bool {
            try ConsoleStore.insert(factory, into: database, ignoringDuplicate: true)
            return database.changes == 1
        }

        /// Stores a new token as `ConsoleStore.insertToken` does (counter bumped); with `enabled: false` it is then
        /// disabled as `updateToken` would, bumping the counter once more.
        /// - Throws: `StoreError.duplicateKey` when the id is taken.
        package func insertToken(_ token: NewToken, enabled: Bool = true) throws(StoreError) {
            _ = try ConsoleStore.writeToken(token, into: database)
            guard !enabled else { return }
            let updatedID = try ConsoleStore.bumpUpdatedID(database)
            try database.withStatement(
                "UPDATE tokens SET enabled = 0, updated_id = ?1 WHERE canarytoken = ?2"
            ) { statement throws(StoreError) in
                try statement.bind(updatedID, at: 1)
                try statement.bind(token.canarytoken, at: 2)
                try statement.run()
            }
        }
    }

    /// Runs `body` in one write transaction holding the store's lock: it commits when `body` returns and rolls
    /// back when `body` throws (its error is rethrown as it is), so the database holds all of it or none of it.
    ///
    /// Other requests wait for the lock meanwhile, so they see the state before or after, never between. The token
    /// cache is emptied afterwards (it cannot know which rows changed).
    package func transaction<T: Sendable>(_ body: (Transaction) throws -> T) throws -> T {
        // The connection's transaction takes a typed StoreError body: another error is kept aside, a placeholder
        // rolls the transaction back, and the kept error is what the caller gets.
        var thrown: (any Error)?
        do {
            return try locked { database throws(StoreError) -> T in
                defer { tokenCache.withLock { $0.removeAll() } }
                return try database.transaction { () throws(StoreError) -> T in
                    do {
                        return try body(Transaction(database: database))
                    } catch let error as StoreError {
                        throw error
                    } catch {
                        thrown = error
                        throw StoreError.sqlite(code: SQLITE_ABORT, message: "rolled back")
                    }
                }
            }
        } catch {
            throw thrown ?? error
        }
    }
}

@available(*, unavailable)
extension ConsoleStore.Transaction: Sendable {}
