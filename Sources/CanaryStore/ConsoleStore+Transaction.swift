import Basics

extension ConsoleStore {
    /// What a multi-step write sees inside `ConsoleStore.transaction`: reads and writes on one connection, all
    /// committed together or not at all. For start-up seeding and `reset?reseed=true`, where a half-applied seed
    /// (a refused entry, or a kill -9 half-way) must never be what the next request or the next start finds.
    package struct Transaction {
        let database: SQLiteConnection

        /// Empties every table as `ConsoleStore.reset` does (the Default Flock recreated unless `keepFlocks`, created
        /// at `defaultFlockCreatedMicros` when given).
        package func reset(keepFlocks: Bool, defaultFlockCreatedMicros: Int64? = nil) throws(StoreError) {
            try ConsoleStore.emptyTables(
                database, keepFlocks: keepFlocks, defaultFlockCreatedMicros: defaultFlockCreatedMicros)
        }

        /// Whether a flock with this id exists.
        package func flockExists(_ id: String) throws(StoreError) -> Bool {
            try ConsoleStore.flockExists(id, in: database)
        }

        /// Whether a factory with this auth string exists, deleted or not.
        package func factoryExists(_ factoryAuth: String) throws(StoreError) -> Bool {
            try ConsoleStore.factoryExists(factoryAuth, in: database)
        }

        /// Whether a token with this id exists.
        package func tokenExists(_ id: String) throws(StoreError) -> Bool {
            try ConsoleStore.tokenExists(id, in: database)
        }

        /// Inserts the flock unless its id exists (see `ConsoleStore.ensureFlock`). Returns whether it was inserted.
        @discardableResult
        package func ensureFlock(id: String, name: String, createdMicros: Int64) throws(StoreError) -> Bool {
            try ConsoleStore.ensureFlock(id: id, name: name, createdMicros: createdMicros, in: database)
        }

        /// Inserts the factory unless its auth string exists (see `ConsoleStore.ensureFactory`). Returns whether it
        /// was inserted.
        @discardableResult
        package func ensureFactory(_ factory: FactoryRecord) throws(StoreError) -> Bool {
            try ConsoleStore.insert(factory, into: database, ignoringDuplicate: true)
        }

        /// Stores an incident as given (a seed file's: key, hash id, times, `updated_id`, state and events kept),
        /// and raises the incident counter to its `updated_id` when lower, so later changes number above it.
        /// - Throws: `StoreError.duplicateKey` when its key, hash id or `updated_id` is taken.
        package func insertIncident(_ incident: IncidentRecord) throws(StoreError) {
            try ConsoleStore.insertIncident(incident, into: database)
        }

        /// Adds an ignore-list entry as `ConsoleStore.addIgnoreEntry` does; one already there changes nothing.
        package func addIgnoreEntry(_ entry: IgnoreEntry) throws(StoreError) {
            try ConsoleStore.addIgnoreEntry(entry, into: database)
        }

        /// Whether an incident with this key exists.
        package func incidentExists(_ key: String) throws(StoreError) -> Bool {
            try database.exists("SELECT 1 FROM incidents WHERE incident_key = ?1", key)
        }

        /// Stores a new token as `ConsoleStore.insertToken` does (counter bumped); with `enabled: false` it is then
        /// disabled as `updateToken` would, bumping the counter once more.
        /// - Throws: `StoreError.duplicateKey` when the id is taken.
        package func insertToken(_ token: NewToken, enabled: Bool = true) throws(StoreError) {
            _ = try ConsoleStore.writeToken(token, into: database)
            guard !enabled else { return }
            let updatedID = try ConsoleStore.bumpUpdatedID(database)
            try database.run(
                "UPDATE tokens SET enabled = 0, updated_id = ?1 WHERE canarytoken = ?2", updatedID, token.canarytoken)
        }
    }

    /// Runs `body` in one write transaction holding the store's lock: it commits when `body` returns and rolls
    /// back when `body` throws (its error is rethrown as it is), so the database holds all of it or none of it.
    ///
    /// Other requests wait for the lock meanwhile, so they see the state before or after, never between. The token
    /// cache is emptied afterwards (it cannot know which rows changed).
    package func transaction<T: Sendable>(_ body: (Transaction) throws -> T) throws -> T {
        // Not through `locked`: the caller's own errors (a refused seed entry) pass through unconverted.
        try connection.withLock { database in
            defer { tokenCache.withLock { $0.removeAll() } }
            return try database.transaction { try body(Transaction(database: database)) }
        }
    }
}

@available(*, unavailable)
extension ConsoleStore.Transaction: Sendable {}
